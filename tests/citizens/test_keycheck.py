"""Keys fail closed: no start without the keys, nor with a CPR key the database does not know."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import LazySettings

from hjemvej.accounts.models import Role
from hjemvej.citizens import cpr, keycheck
from hjemvej.citizens.models import Citizen, KeyCheck
from tests import factories
from tests.processes import KEY_A, KEY_B, ROOT, SECRET, environment, free_port, hjemvej


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'hjemvej.sqlite3'}"


@pytest.mark.parametrize("missing", ["HJEMVEJ_SECRET_KEY", "HJEMVEJ_CPR_KEY"])
def test_a_database_url_without_a_key_stops_start_up(tmp_path: Path, missing: str) -> None:
    keys = {"HJEMVEJ_SECRET_KEY": SECRET, "HJEMVEJ_CPR_KEY": KEY_A}
    del keys[missing]
    env = environment(DATABASE_URL=sqlite_url(tmp_path), HJEMVEJ_VAR_DIR=str(tmp_path), **keys)
    done = hjemvej(env, "check")
    assert done.returncode != 0
    assert f"{missing} mangler" in done.stderr
    assert "Traceback" not in done.stderr  # the message, not a stack
    # Nothing was generated in var/ to be used by mistake the next time.
    assert not (tmp_path / "cpr_key").exists()
    assert not (tmp_path / "secret_key").exists()


def test_a_malformed_cpr_key_stops_start_up(tmp_path: Path) -> None:
    env = environment(
        DATABASE_URL=sqlite_url(tmp_path), HJEMVEJ_SECRET_KEY=SECRET, HJEMVEJ_CPR_KEY="for-kort"
    )
    done = hjemvej(env, "check")
    assert done.returncode != 0
    assert "32 bytes i urlsafe base64" in done.stderr


def test_the_embedded_trial_generates_its_keys_once(tmp_path: Path) -> None:
    env = environment(HJEMVEJ_VAR_DIR=str(tmp_path))
    assert hjemvej(env, "check").returncode == 0
    first = (tmp_path / "cpr_key").read_text()
    assert hjemvej(env, "check").returncode == 0
    assert (tmp_path / "cpr_key").read_text() == first


def test_a_wrong_cpr_key_is_refused_at_start_up(tmp_path: Path) -> None:
    base = {"DATABASE_URL": sqlite_url(tmp_path), "HJEMVEJ_SECRET_KEY": SECRET}
    right = environment(**base, HJEMVEJ_CPR_KEY=KEY_A)
    wrong = environment(**base, HJEMVEJ_CPR_KEY=KEY_B)
    migrated = hjemvej(right, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    assert hjemvej(right, "check").returncode == 0

    refused = hjemvej(wrong, "check")
    assert refused.returncode != 0
    assert "HJEMVEJ_CPR_KEY passer ikke til databasen" in refused.stderr
    # The production server's entry point refuses too, so no worker serves with the wrong key.
    wsgi = subprocess.run(
        [sys.executable, "-c", "import hjemvej.wsgi"],
        cwd=ROOT,
        env=wrong,
        capture_output=True,
        text=True,
        check=False,
    )
    assert wsgi.returncode != 0
    assert "HJEMVEJ_CPR_KEY passer ikke til databasen" in wsgi.stderr
    # A later migrate does not overwrite the check value with the wrong key.
    hjemvej(wrong, "migrate", "--noinput")
    assert hjemvej(right, "check").returncode == 0


@pytest.mark.django_db
def test_migrate_stores_a_check_value_of_the_key() -> None:
    assert KeyCheck.objects.count() == 1
    assert keycheck.problems() == []


@pytest.mark.django_db
def test_another_key_than_the_stored_one_is_an_error(settings: LazySettings) -> None:
    settings.CPR_KEY = KEY_B if settings.CPR_KEY != KEY_B else KEY_A
    errors = keycheck.problems()
    assert [e.id for e in errors] == ["hjemvej.E001"]


@pytest.mark.django_db
def test_a_database_from_before_the_check_value_is_checked_by_its_cpr_numbers(
    settings: LazySettings,
) -> None:
    KeyCheck.objects.all().delete()
    worker = factories.user("raadgiver", Role.CASE_WORKER)
    citizen = factories.citizen(worker)
    Citizen.objects.filter(pk=citizen.pk).update(cpr_token=cpr.encrypt("0101901234"))
    assert keycheck.problems() == []
    settings.CPR_KEY = KEY_B if settings.CPR_KEY != KEY_B else KEY_A
    assert [e.id for e in keycheck.problems()] == ["hjemvej.E001"]
    # Nor is a check value written with the wrong key.
    keycheck.store_check_value()
    assert not KeyCheck.objects.exists()


def test_the_web_process_does_not_start_when_the_key_cannot_be_checked() -> None:
    # A real server address where nothing listens: not a mocked database.
    env = environment(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/hjemvej_ingen",
        HJEMVEJ_SECRET_KEY=SECRET,
        HJEMVEJ_CPR_KEY=KEY_A,
    )
    wsgi = subprocess.run(
        [sys.executable, "-c", "import hjemvej.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert wsgi.returncode != 0
    assert "Databasen svarer ikke, så HJEMVEJ_CPR_KEY kan ikke kontrolleres" in wsgi.stderr
    # A command may go on (the database is created after install).
    assert hjemvej(env, "check").returncode == 0

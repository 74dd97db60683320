"""`make run` serves Hjemvej as users see it: DEBUG off, Danish error pages, static files served."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from hjemvej.accounts.models import Role
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def make_dry_run(target: str) -> list[str]:
    """Return the commands `make TARGET` would run on a fresh clone (make -n -B: nothing is run)."""
    result = subprocess.run(
        ["make", "-n", "-B", target, "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_make_run_serves_without_debug() -> None:
    serve = [line for line in make_dry_run("run") if "runserver" in line]
    assert serve, "make run starter ikke runserver"
    assert all("HJEMVEJ_DEBUG=1" not in line for line in serve)


def test_make_run_installs_only_what_running_needs() -> None:
    syncs = [line for line in make_dry_run("run") if " sync " in line]
    assert syncs
    assert all("--no-dev" in line for line in syncs)
    # --inexact: a run after `make test` keeps the developer tools instead of uninstalling them.
    assert all("--inexact" in line for line in syncs)


@pytest.mark.parametrize("target", ["test", "lint"])
def test_make_test_and_lint_install_the_developer_tools(target: str) -> None:
    syncs = [line for line in make_dry_run(target) if " sync " in line]
    assert syncs
    assert all("--no-dev" not in line for line in syncs)


def test_hjemvej_debug_turns_the_debug_page_on_for_developers() -> None:
    code = "import hjemvej.settings as s; print(s.DEBUG)"
    env = {**os.environ, "HJEMVEJ_DEBUG": "1"}
    shown = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "True"


@pytest.mark.django_db
def test_a_missing_citizen_gets_the_danish_404_page_without_the_url_patterns(
    client: Client,
) -> None:
    assert settings.DEBUG is False  # as `make run` serves
    worker = factories.user("raadgiver", Role.CASE_WORKER)
    client.force_login(worker)
    response = client.get("/borgere/99999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Siden findes ikke" in page
    assert '<html lang="da">' in page
    assert "URLconf" not in page
    assert "<int:pk>" not in page


@pytest.mark.django_db
def test_static_files_are_served_with_debug_off(client: Client) -> None:
    assert settings.DEBUG is False
    response = client.get("/static/vendor/dkfds/css/dkfds.min.css")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")

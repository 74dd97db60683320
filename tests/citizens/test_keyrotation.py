"""Rotating the CPR key: the new key encrypts, old keys still read and find, and
``hjemvej cprkey rotate`` moves every number and hash to the new key, resumably."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.core.management import call_command
from django.core.management.base import CommandError

from hjemvej.accounts.models import User
from hjemvej.casefile.selectors import citizen_by_cpr_for
from hjemvej.citizens import cpr, keycheck, keyrotation, services
from hjemvej.citizens.models import Citizen, KeyCheck
from hjemvej.core.errors import DomainError
from tests import factories
from tests.processes import KEY_A, KEY_B, SECRET, environment, hjemvej, settings_in

KEY_C = base64.urlsafe_b64encode(b"C" * 32).decode()
#: Valid CPR numbers, one per day of January 1990.
NUMBERS = [f"{day:02d}0190{1000 + day}" for day in range(1, 8)]


def use_keys(settings: LazySettings, current: str, *old: str) -> None:
    settings.CPR_KEY = current
    settings.CPR_OLD_KEYS = tuple(old)


def hash_under(key: str, number: str, settings: LazySettings) -> str:
    saved = (settings.CPR_KEY, settings.CPR_OLD_KEYS)
    use_keys(settings, key)
    try:
        return cpr.lookup_hash(number)
    finally:
        use_keys(settings, saved[0], *saved[1])


@pytest.fixture
def under_a(settings: LazySettings, worker: User) -> list[Citizen]:
    """Citizens with CPR numbers, and the check value, under key A; then key B with A as old."""
    use_keys(settings, KEY_A)
    KeyCheck.objects.all().delete()
    keycheck.store_check_value()
    citizens = [
        factories.citizen(worker, first_name=f"Borger{i}", cpr=n) for i, n in enumerate(NUMBERS)
    ]
    use_keys(settings, KEY_B, KEY_A)
    return citizens


def rotate(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("cprkey", "rotate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def assert_all_under_b(settings: LazySettings) -> None:
    use_keys(settings, KEY_B)  # B alone: no old key to fall back on
    rows = Citizen.objects.exclude(cpr_token="").order_by("pk")
    assert sorted(cpr.decrypt(c.cpr_token) for c in rows) == sorted(NUMBERS)
    for citizen in rows:
        assert cpr.on_current_key(citizen.cpr_token)
        assert citizen.cpr_hash == cpr.lookup_hash(cpr.decrypt(citizen.cpr_token))
    assert keycheck.problems() == []
    assert keycheck.check_value_on_current_key()


@pytest.mark.django_db
def test_during_a_rotation_old_numbers_are_read_and_found_and_new_ones_use_the_new_key(
    settings: LazySettings, under_a: list[Citizen], worker: User
) -> None:
    first = under_a[0]
    first.refresh_from_db()
    assert not cpr.on_current_key(first.cpr_token)
    assert cpr.decrypt(first.cpr_token) == NUMBERS[0]
    assert services.citizen_by_cpr(NUMBERS[0]) == first
    assert citizen_by_cpr_for(worker, NUMBERS[0]) == first
    assert keycheck.problems() == []  # the check value under the old key lets the start go on
    # The number is still taken: no second citizen with it under the new key.
    with pytest.raises(DomainError, match="findes allerede"):
        factories.citizen(worker, first_name="Igen", cpr=NUMBERS[0])
    # Saving the same number again is no change (and leaves it for the rotation).
    services.citizen_update(actor=worker, citizen=first, cpr=NUMBERS[0])
    first.refresh_from_db()
    assert first.cpr_hash == hash_under(KEY_A, NUMBERS[0], settings)
    # A new number is encrypted and hashed with the new key only.
    new = factories.citizen(worker, first_name="Ny", cpr="0101851234")
    new.refresh_from_db()
    assert cpr.on_current_key(new.cpr_token)
    assert new.cpr_hash == hash_under(KEY_B, "0101851234", settings)
    assert cpr.lookup_hashes("0101851234") == [
        hash_under(KEY_B, "0101851234", settings),
        hash_under(KEY_A, "0101851234", settings),
    ]


@pytest.mark.django_db
def test_the_command_moves_every_number_and_hash_to_the_new_key(
    settings: LazySettings, under_a: list[Citizen]
) -> None:
    out, err = rotate("--batch-size", "3")
    assert "7 borgere flyttet til den nye nøgle, 0 var allerede flyttet" in out
    assert "Skiftet er færdigt" in out
    # Progress per batch of three, in numbers only.
    assert err.splitlines() == [
        "3 af 7 borgere gennemgået, 3 flyttet til den nye nøgle",
        "6 af 7 borgere gennemgået, 6 flyttet til den nye nøgle",
        "7 af 7 borgere gennemgået, 7 flyttet til den nye nøgle",
    ]
    for number in NUMBERS:
        assert number not in out + err
        assert number[:6] not in out + err
    assert_all_under_b(settings)
    assert services.citizen_by_cpr(NUMBERS[3]) == under_a[3]
    # The old key alone no longer reads the database.
    use_keys(settings, KEY_A)
    assert [e.id for e in keycheck.problems()] == ["hjemvej.E001"]


@pytest.mark.django_db
def test_an_interrupted_rotation_continues_where_it_stopped(
    settings: LazySettings, under_a: list[Citizen]
) -> None:
    out, _ = rotate("--limit", "3", "--batch-size", "2")
    assert "3 borgere flyttet" in out
    assert "Stoppet ved --limit" in out
    tokens = list(
        Citizen.objects.exclude(cpr_token="").order_by("pk").values_list("cpr_token", flat=True)
    )
    assert [cpr.on_current_key(t) for t in tokens] == [True] * 3 + [False] * 4
    assert keyrotation.left_on_old_keys() == 4
    assert not keycheck.check_value_on_current_key()  # not renewed before every number has moved
    # Half done, every citizen is still found.
    assert [services.citizen_by_cpr(n) for n in NUMBERS] == under_a

    out, _ = rotate()
    assert "4 borgere flyttet til den nye nøgle, 3 var allerede flyttet" in out
    assert_all_under_b(settings)

    use_keys(settings, KEY_B, KEY_A)
    out, _ = rotate()  # a complete rotation run again does nothing, and says so
    assert "0 borgere flyttet til den nye nøgle, 7 var allerede flyttet" in out


@pytest.mark.django_db
def test_a_dry_run_counts_and_writes_nothing(under_a: list[Citizen]) -> None:
    before = list(Citizen.objects.order_by("pk").values_list("cpr_token", "cpr_hash"))
    out, err = rotate("--dry-run")
    assert "Prøvekørsel: 7 af 7 borgere skal flyttes" in out
    assert "7 af 7 borgere gennemgået, 7 skal flyttes" in err
    assert list(Citizen.objects.order_by("pk").values_list("cpr_token", "cpr_hash")) == before
    assert not keycheck.check_value_on_current_key()


@pytest.mark.django_db
def test_without_old_keys_there_is_nothing_to_rotate_from(settings: LazySettings) -> None:
    use_keys(settings, KEY_B)
    KeyCheck.objects.all().delete()
    keycheck.store_check_value()
    with pytest.raises(CommandError, match="HJEMVEJ_CPR_OLD_KEYS er ikke sat") as refused:
        rotate()
    assert refused.value.returncode == 2


@pytest.mark.django_db
def test_when_neither_key_reads_the_database_start_and_rotation_are_refused(
    settings: LazySettings, under_a: list[Citizen]
) -> None:
    use_keys(settings, KEY_B, KEY_C)  # A is forgotten: neither key reads the database
    assert [e.id for e in keycheck.problems()] == ["hjemvej.E001"]
    with pytest.raises(CommandError, match="passer ikke til databasen"):
        rotate()
    use_keys(settings, KEY_B, KEY_A)
    assert keyrotation.left_on_old_keys() == len(NUMBERS)  # nothing was moved


@pytest.mark.django_db
def test_a_number_no_key_reads_stops_the_rotation_before_the_check_value_is_renewed(
    settings: LazySettings, under_a: list[Citizen]
) -> None:
    lost = under_a[2]
    use_keys(settings, KEY_C)  # a key nobody has any more
    Citizen.objects.filter(pk=lost.pk).update(cpr_token=cpr.encrypt(NUMBERS[2]))
    use_keys(settings, KEY_B, KEY_A)
    with pytest.raises(CommandError, match="kan ingen af nøglerne læse") as stopped:
        rotate()
    assert stopped.value.returncode == 1
    assert f"borger-id {lost.pk})" in str(stopped.value)
    assert keyrotation.left_on_old_keys() == 1  # the others moved
    assert not keycheck.check_value_on_current_key()  # but the old key is still needed


@pytest.mark.django_db
def test_one_number_under_both_keys_stops_the_rotation_and_names_the_two(
    settings: LazySettings, under_a: list[Citizen]
) -> None:
    # Only a server left on the old key alone could make this: the same number twice.
    twin = under_a[1]
    Citizen.objects.filter(pk=twin.pk).update(
        cpr_token=cpr.encrypt(NUMBERS[0]), cpr_hash=cpr.lookup_hash(NUMBERS[0])
    )
    with pytest.raises(CommandError, match=f"borger-id {under_a[0].pk} og {twin.pk}"):
        rotate()


def test_old_keys_are_read_from_the_environment_and_checked(tmp_path: Path) -> None:
    base = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "HJEMVEJ_SECRET_KEY": SECRET}
    read = settings_in(
        environment(**base, HJEMVEJ_CPR_KEY=KEY_B, HJEMVEJ_CPR_OLD_KEYS=f" {KEY_A} , {KEY_C},"),
        "CPR_OLD_KEYS",
    )
    assert read["CPR_OLD_KEYS"] == [KEY_A, KEY_C]
    assert settings_in(environment(**base, HJEMVEJ_CPR_KEY=KEY_B), "CPR_OLD_KEYS") == {
        "CPR_OLD_KEYS": []
    }
    malformed = hjemvej(
        environment(**base, HJEMVEJ_CPR_KEY=KEY_B, HJEMVEJ_CPR_OLD_KEYS=f"{KEY_A},for-kort"),
        "check",
    )
    assert malformed.returncode == 1
    assert "HJEMVEJ_CPR_OLD_KEYS: nøgle nr. 2 skal være 32 bytes" in malformed.stderr
    same = hjemvej(environment(**base, HJEMVEJ_CPR_KEY=KEY_B, HJEMVEJ_CPR_OLD_KEYS=KEY_B), "check")
    assert same.returncode == 1
    assert "indeholder den nuværende HJEMVEJ_CPR_KEY" in same.stderr


def test_a_rotation_from_the_command_line(tmp_path: Path) -> None:
    base = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "HJEMVEJ_SECRET_KEY": SECRET}
    old = environment(**base, HJEMVEJ_CPR_KEY=KEY_A)
    new_alone = environment(**base, HJEMVEJ_CPR_KEY=KEY_B)
    rotating = environment(**base, HJEMVEJ_CPR_KEY=KEY_B, HJEMVEJ_CPR_OLD_KEYS=KEY_A)
    assert hjemvej(old, "migrate", "--noinput").returncode == 0

    made = hjemvej(old, "cprkey", "new")
    assert made.returncode == 0
    assert len(base64.urlsafe_b64decode(made.stdout.strip())) == 32
    assert made.stdout.strip() not in (KEY_A, hjemvej(old, "cprkey", "new").stdout.strip())

    # The new key alone is refused, by the start and by the rotation, until the rotation.
    assert "passer ikke til databasen" in hjemvej(new_alone, "check").stderr
    assert "passer ikke til databasen" in hjemvej(new_alone, "cprkey", "rotate").stderr

    assert hjemvej(rotating, "check").returncode == 0  # during the rotation: the start goes on
    done = hjemvej(rotating, "cprkey", "rotate")
    assert done.returncode == 0, done.stderr
    assert "Skiftet er færdigt" in done.stdout
    assert hjemvej(new_alone, "check").returncode == 0  # afterwards the new key alone fits
    assert hjemvej(old, "check").returncode != 0

    refused = hjemvej(new_alone, "cprkey", "rotate")
    assert refused.returncode == 2
    assert "HJEMVEJ_CPR_OLD_KEYS er ikke sat" in refused.stderr
    assert "Traceback" not in refused.stderr

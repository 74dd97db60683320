"""tests/demo_copy.py: the shared small demo is the one ``create`` builds, built once a process."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.demo import build
from hjemvej.shelters.models import Stay
from tests import demo_copy, factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def counts() -> dict[str, int]:
    return {
        "citizens": Citizen.objects.count(),
        "stays": Stay.objects.count(),
        "users": User.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_the_copy_is_the_built_demo_and_a_second_copy_builds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with transaction.atomic():
        demo_copy.small_demo()  # builds (unless this process did) and checks the copy row for row
        first = counts()
        transaction.set_rollback(True)
    assert first["citizens"] >= 150
    assert first["audit"] > 0

    def no_build(**_: Any) -> None:
        raise AssertionError("the demo was built again")

    monkeypatch.setattr(build, "create", no_build)
    demo_copy.small_demo()
    assert counts() == first
    assert User.objects.filter(username="leder").exists()  # the logins


def test_a_test_that_writes_to_its_demo_leaves_the_next_copy_whole() -> None:
    with transaction.atomic():
        demo_copy.small_demo()
        whole = counts()
        names = set(Citizen.objects.values_list("pk", "first_name"))
        Citizen.objects.update(first_name="Ændret")
        User.objects.filter(username="leder").update(is_active=False)
        transaction.set_rollback(True)
    demo_copy.small_demo()
    assert counts() == whole
    assert set(Citizen.objects.values_list("pk", "first_name")) == names
    assert User.objects.get(username="leder").is_active


def fake_build(**_: Any) -> None:
    """A stand-in for ``create`` that adds one row, so the copy's own rules are seen quickly."""
    factories.user("demo-attrap", Role.CASE_WORKER)


def test_a_database_unlike_the_one_copied_from_gets_a_demo_built_on_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []

    def counted(**kwargs: Any) -> None:
        calls.append("bygget")
        fake_build(**kwargs)

    monkeypatch.setattr(build, "create", counted)
    monkeypatch.setattr(demo_copy, "_copies", {})
    for _ in range(2):
        with transaction.atomic():
            demo_copy.small_demo()
            assert User.objects.filter(username="demo-attrap").exists()
            transaction.set_rollback(True)
    assert calls == ["bygget"]  # the second time the same database: copied

    factories.user("forinden", Role.CASE_WORKER)  # a row the copy was not taken on top of
    demo_copy.small_demo()
    assert calls == ["bygget", "bygget"]
    assert set(User.objects.values_list("username", flat=True)) >= {"forinden", "demo-attrap"}


def test_a_build_that_changes_rows_it_did_not_add_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def changing(**_: Any) -> None:
        User.objects.filter(username="forinden").update(first_name="Ændret")

    factories.user("forinden", Role.CASE_WORKER)
    monkeypatch.setattr(build, "create", changing)
    monkeypatch.setattr(demo_copy, "_copies", {})
    with pytest.raises(AssertionError, match="changed or deleted rows"):
        demo_copy.small_demo()

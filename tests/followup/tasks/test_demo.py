"""The small demo's hand-written tasks, made through the services, and every page to show."""

from __future__ import annotations

import random
from datetime import date

import pytest
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import Municipality, User
from hjemvej.citizens.models import Citizen
from hjemvej.demo import build as demo
from hjemvej.demo import common
from hjemvej.demo.small_base import Demo
from hjemvej.demo.small_tasks import play_tasks
from hjemvej.followup.models import Task
from hjemvej.followup.tasks import municipality_tasks

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_writes_tasks_for_the_logins_and_marks_some_done(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(common, "database_vendor", lambda: "sqlite")
    demo.create(today=TODAY, citizens=40, say=lambda _: None)
    tasks = Task.objects.filter(citizen__acting_municipality__code=common.DEMO_CODE)
    assert tasks.count() >= 6  # the whole demo's tasks, written by its stage
    assert tasks.filter(done_on__isnull=False).exists()
    assert tasks.filter(done_on__isnull=True, due__lt=TODAY).exists()  # some are overdue
    assert tasks.filter(assignee__username="raadgiver").exists()
    for task in tasks.exclude(assignee=None).select_related("assignee", "citizen"):
        assert task.assignee is not None
        assert task.assignee.municipality_id == task.citizen.acting_municipality_id

    municipality = Task.objects.values_list("citizen__acting_municipality", flat=True)[0]
    kinds = {row.kind for row in municipality_tasks(municipality_id=municipality, today=TODAY)}
    assert {"manual", "weekly_contact", "action_plan_missing"} <= kinds


def test_play_tasks_is_deterministic_and_works_without_logins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(common, "database_vendor", lambda: "postgresql")  # no logins made
    demo.create(today=TODAY, citizens=20, say=lambda _: None)
    made = Task.objects.count()
    assert made >= 6
    citizens = list(Citizen.objects.filter(acting_municipality__code=common.DEMO_CODE))
    base = Demo(
        actor=User.objects.get(username=common.ACTOR_USERNAME),
        municipality=citizens[0].acting_municipality,
        shelters=[],
        internal=[],
        external=[],
        workers=list(User.objects.filter(username__startswith="medarbejder-")),
        favourite_worker=None,
        today=TODAY,
    )
    first = play_tasks(random.Random(3), base, citizens, {})
    titles = list(Task.objects.order_by("pk").values_list("citizen_id", "title", "due")[made:])
    second = play_tasks(random.Random(3), base, citizens, {})
    again = list(
        Task.objects.order_by("pk").values_list("citizen_id", "title", "due")[made + len(titles) :]
    )
    # The second run finds the first run's outreach contacts, so only the tasks compare.
    assert first.split(";")[0] == second.split(";")[0]
    assert first.startswith("Opgaver skrevet af medarbejdere: ")
    assert titles == again


def test_the_demo_began_using_hjemvej_so_the_oldest_deadlines_are_collapsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(common, "database_vendor", lambda: "sqlite")
    demo.create(today=TODAY, citizens=40, say=lambda _: None)
    municipality = Municipality.objects.get(code=common.DEMO_CODE)
    assert municipality.started_on == date(2026, 2, 1)  # nine months before November 2026
    overdue = [
        row.due
        for row in municipality_tasks(municipality_id=municipality.pk, today=TODAY)
        if row.overdue
    ]
    assert any(due < municipality.started_on for due in overdue)  # collapsed on the list
    assert any(due >= municipality.started_on for due in overdue)  # listed as work

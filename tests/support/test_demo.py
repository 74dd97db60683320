"""The small demo's method stage: built through the services, varied, deterministic and quick."""

from __future__ import annotations

import random

import pytest
from django.db import transaction

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.demo import build as demo_package
from hjemvej.demo import common
from hjemvej.demo.small_base import Demo
from hjemvej.demo.small_methods import play_methods
from hjemvej.shelters.models import Shelter
from hjemvej.support.models import (
    CaseloadLimit,
    CourseKind,
    CourseReview,
    CtiAssessment,
    SupportCourse,
)
from hjemvej.support.selectors import caseload
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY


@pytest.fixture(autouse=True)
def _without_the_method_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build the demo up to (not through) this stage, so the tests play it themselves."""
    monkeypatch.setattr("hjemvej.demo.small.play_methods", lambda *args: "", raising=False)


def built(citizens: int) -> tuple[Demo, list[Citizen], dict[str, User]]:
    """Build the small demo, then rebuild the ``Demo`` its stages share from the database."""
    demo_package.create(today=TODAY, citizens=citizens, allow_demo_users=True, say=lambda _: None)
    municipality = common.demo_municipality()
    assert municipality is not None
    shelters = list(
        Shelter.objects.filter(pk__in=common.demo_shelters(municipality)).order_by("pk")
    )
    logins = {
        u.username: u
        for u in User.objects.filter(username__in=[d.username for d in common.DEMO_LOGINS])
    }
    internal = [i for i, s in enumerate(shelters) if s.municipality_id == municipality.pk]
    demo = Demo(
        actor=User.objects.get(username=common.ACTOR_USERNAME),
        municipality=municipality,
        shelters=shelters,
        internal=internal,
        external=[i for i in range(len(shelters)) if i not in internal],
        workers=list(User.objects.filter(username__startswith="medarbejder-").order_by("pk")),
        favourite_worker=logins.get("bostoette"),
        today=TODAY,
    )
    people = list(Citizen.objects.filter(acting_municipality=municipality).order_by("pk"))
    return demo, people, logins


def test_the_method_stage_gives_every_page_something_to_show() -> None:
    demo, people, logins = built(150)
    summary = play_methods(random.Random(7), demo, people, logins)
    assert summary.startswith("Metoder: CTI med fase 1: ")
    cti = SupportCourse.objects.filter(kind=CourseKind.CTI)
    assert cti.filter(phase1_start__isnull=False).exists()
    assert cti.filter(phase1_start__isnull=True, end__isnull=True).exists()  # contact period
    assert cti.filter(chosen_staff_name__gt="").exists()  # TODAY is after 1 July 2026
    assert CtiAssessment.objects.exists()
    assert CourseReview.objects.exists()
    assert CaseloadLimit.objects.filter(municipality=demo.municipality).count() == 2
    assert caseload(demo.municipality.pk, TODAY).over_count >= 1
    reviews = AuditEntry.objects.filter(
        object_type="support.CourseReview", action=AuditAction.CREATE
    )
    assert reviews.count() == CourseReview.objects.count()
    assert AuditEntry.objects.filter(
        object_type="support.CaseloadLimit", user__role=Role.MANAGER
    ).exists()
    for course in SupportCourse.objects.filter(reviews__isnull=False).distinct():
        latest = course.reviews.order_by("-held_on", "-id").first()
        assert latest is not None
        assert course.next_review == latest.next_review


class _Undo(Exception):
    """Roll a savepoint back after taking a snapshot."""


def snapshot() -> list[object]:
    courses = SupportCourse.objects.order_by("citizen__pseudonym", "start", "kind")
    return [
        sorted(
            (
                str(c.start),
                c.kind,
                str(c.phase1_start),
                str(c.end),
                str(c.next_review),
                c.worker.username if c.worker else "",
                c.chosen_staff_name,
            )
            for c in courses.select_related("worker")
        ),
        sorted(str(r.held_on) for r in CourseReview.objects.all()),
        sorted((a.future_need, str(a.assessed_on)) for a in CtiAssessment.objects.all()),
    ]


def test_the_method_stage_is_deterministic_for_its_seed() -> None:
    taken: list[tuple[str, list[object]]] = []
    for _ in range(2):
        try:
            with transaction.atomic():
                demo, people, logins = built(30)
                summary = play_methods(random.Random(3), demo, people, logins)
                taken.append((summary, snapshot()))
                raise _Undo
        except _Undo:
            pass
    assert taken[0] == taken[1]
    assert taken[0][1][0]  # there were courses to compare


def test_without_logins_the_demo_actor_does_the_work() -> None:
    demo, people, _ = built(20)
    play_methods(random.Random(7), demo, people, {})
    entries = AuditEntry.objects.filter(object_type="support.CaseloadLimit")
    assert entries.exists()
    assert set(entries.values_list("username", flat=True)) == {common.ACTOR_USERNAME}

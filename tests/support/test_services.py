"""Support services: courses (§ 85, § 85 a, § 99) and contacts, with their audit entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.support.models import Contact, CourseKind, SupportCourse
from hjemvej.support.services import contact_add, course_create, course_update
from tests import factories

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(worker: User) -> Citizen:
    return factories.citizen(worker)


def test_a_course_is_created_with_an_audit_entry(worker: User, citizen: Citizen) -> None:
    support = factories.user("bostoette", Role.SUPPORT_WORKER)
    course = course_create(
        actor=worker,
        citizen=citizen,
        kind=CourseKind.CTI,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 15),
        worker=support,
        monthly_cost=Decimal("9500.50"),
    )
    course.refresh_from_db()
    assert (course.kind, course.worker, course.monthly_cost, course.end) == (
        CourseKind.CTI,
        support,
        Decimal("9500.50"),
        None,
    )
    entry = AuditEntry.objects.get(object_type="support.SupportCourse")
    assert (entry.action, entry.citizen, entry.detail) == (
        AuditAction.CREATE,
        citizen,
        {"kind": "cti"},
    )


@pytest.mark.parametrize(
    ("kind", "decided_on", "start", "end", "cost", "field"),
    [
        ("castle", date(2026, 2, 1), date(2026, 2, 1), None, "0", "kind"),
        ("icm", date(2026, 2, 1), date(2026, 3, 1), date(2026, 2, 28), "0", "end"),
        ("icm", date(2026, 2, 1), date(2026, 3, 1), None, "-1", "monthly_cost"),
        ("icm", date(2026, 6, 1), date(2026, 3, 1), date(2026, 5, 1), "0", "decided_on"),
    ],
)
def test_a_course_is_checked(
    worker: User,
    citizen: Citizen,
    kind: str,
    decided_on: date,
    start: date,
    end: date | None,
    cost: str,
    field: str,
) -> None:
    with pytest.raises(DomainError) as caught:
        course_create(
            actor=worker,
            citizen=citizen,
            kind=kind,
            decided_on=decided_on,
            start=start,
            end=end,
            monthly_cost=Decimal(cost),
        )
    assert caught.value.field == field
    assert not SupportCourse.objects.exists()


def test_a_decision_may_follow_the_start(worker: User, citizen: Citizen) -> None:
    course = course_create(
        actor=worker,
        citizen=citizen,
        kind=CourseKind.SEL99,
        decided_on=date(2026, 3, 1),
        start=date(2026, 2, 1),
    )
    assert course.decided_on > course.start


def test_a_course_is_updated_and_ended(worker: User, citizen: Citizen) -> None:
    course = course_create(
        actor=worker,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
    )
    course_update(
        actor=worker,
        course=course,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
        end=date(2026, 10, 1),
        worker=None,
        monthly_cost=Decimal("7000"),
    )
    course.refresh_from_db()
    assert (course.end, course.monthly_cost) == (date(2026, 10, 1), Decimal("7000.00"))
    entry = AuditEntry.objects.get(object_type="support.SupportCourse", action=AuditAction.UPDATE)
    assert entry.detail == {"fields": ["end", "monthly_cost"]}
    with pytest.raises(DomainError):
        course_update(
            actor=worker,
            course=course,
            decided_on=date(2026, 2, 1),
            start=date(2026, 2, 1),
            end=date(2026, 1, 1),
            worker=None,
            monthly_cost=Decimal("7000"),
        )


def test_a_contact_is_recorded_with_an_audit_entry(worker: User, citizen: Citizen) -> None:
    course = course_create(
        actor=worker,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
    )
    contact = contact_add(
        actor=worker,
        citizen=citizen,
        on=date(2026, 11, 20),
        kind="visit",
        today=TODAY,
        with_whom=" Borgeren ",
        note=" Følsomt notat ",
        course=course,
    )
    assert (contact.with_whom, contact.note, contact.course) == (
        "Borgeren",
        "Følsomt notat",
        course,
    )
    entry = AuditEntry.objects.get(object_type="support.Contact")
    assert entry.detail == {"kind": "visit"}
    assert "Følsomt" not in str(entry.detail)


@pytest.mark.parametrize(
    ("on", "kind", "field"),
    [(date(2026, 11, 22), "visit", "date"), (date(2026, 11, 20), "telepathy", "kind")],
)
def test_a_contact_is_checked(
    worker: User, citizen: Citizen, on: date, kind: str, field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        contact_add(actor=worker, citizen=citizen, on=on, kind=kind, today=TODAY)
    assert caught.value.field == field
    assert not Contact.objects.exists()


def test_a_contact_cannot_belong_to_another_citizens_course(worker: User, citizen: Citizen) -> None:
    other = factories.citizen(worker, first_name="Anden")
    course = course_create(
        actor=worker,
        citizen=other,
        kind=CourseKind.ICM,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
    )
    with pytest.raises(DomainError) as caught:
        contact_add(
            actor=worker, citizen=citizen, on=TODAY, kind="phone", today=TODAY, course=course
        )
    assert caught.value.field == "course"

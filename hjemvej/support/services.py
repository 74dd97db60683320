"""Support courses and contacts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.support.models import Contact, ContactKind, CourseKind, SupportCourse


def _check_course(decided_on: date, start: date, end: date | None, monthly_cost: Decimal) -> None:
    if end is not None and end < start:
        raise DomainError("Forløbet kan ikke slutte før det begynder.", field="end")
    if monthly_cost < 0:
        raise DomainError("Udgiften kan ikke være negativ.", field="monthly_cost")
    if end is not None and decided_on > end:
        raise DomainError("Afgørelsen kan ikke ligge efter forløbets slut.", field="decided_on")


def course_create(
    *,
    actor: User,
    citizen: Citizen,
    kind: str,
    decided_on: date,
    start: date,
    end: date | None = None,
    worker: User | None = None,
    monthly_cost: Decimal = Decimal(0),
) -> SupportCourse:
    """Record a decided support course (a decision may follow the start: support began at once)."""
    if kind not in CourseKind.values:
        raise DomainError("Vælg en indsats.", field="kind")
    _check_course(decided_on, start, end, monthly_cost)
    with transaction.atomic():
        course = SupportCourse.objects.create(
            citizen=citizen,
            kind=kind,
            decided_on=decided_on,
            start=start,
            end=end,
            worker=worker,
            monthly_cost=monthly_cost,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=course,
            detail={"kind": kind},
        )
    return course


def course_update(
    *,
    actor: User,
    course: SupportCourse,
    decided_on: date,
    start: date,
    end: date | None,
    worker: User | None,
    monthly_cost: Decimal,
) -> SupportCourse:
    """Change a course's dates, worker or cost (ending it is setting ``end``)."""
    _check_course(decided_on, start, end, monthly_cost)
    with transaction.atomic():
        changed = [
            name
            for name, value in {
                "decided_on": decided_on,
                "start": start,
                "end": end,
                "worker": worker,
                "monthly_cost": monthly_cost,
            }.items()
            if getattr(course, name) != value
        ]
        course.decided_on, course.start, course.end = decided_on, start, end
        course.worker, course.monthly_cost = worker, monthly_cost
        course.save()
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=course.citizen,
            obj=course,
            detail={"fields": sorted(changed)},
        )
    return course


def contact_add(
    *,
    actor: User,
    citizen: Citizen,
    on: date,
    kind: str,
    today: date,
    with_whom: str = "",
    note: str = "",
    course: SupportCourse | None = None,
) -> Contact:
    """Record a contact with or about the citizen."""
    if kind not in ContactKind.values:
        raise DomainError("Vælg en kontaktform.", field="kind")
    if on > today:
        raise DomainError("Kontakten kan ikke ligge i fremtiden.", field="date")
    if course is not None and course.citizen_id != citizen.pk:
        raise DomainError("Forløbet hører til en anden borger.", field="course")
    with transaction.atomic():
        contact = Contact.objects.create(
            citizen=citizen,
            date=on,
            kind=kind,
            with_whom=with_whom.strip(),
            note=note.strip(),
            course=course,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=contact,
            detail={"kind": kind},
        )
    return contact

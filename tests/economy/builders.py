"""Builders the economy tests share: stays, support courses, shelters and the plain engine's rows.

Every world is made through the services, as staff make it, on ``factories.TODAY``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.rules.shelter import StayRow
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.shelters.rules_rows import StayRecord, rate_schedules, stay_row
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import SupportCourse
from hjemvej.support.services import course_create
from tests import factories

TODAY = factories.TODAY  # Saturday 21 November 2026


def stay(
    actor: User,
    citizen: Citizen,
    shelter: Shelter,
    admitted: date,
    discharged: date | None = None,
    **fields: Any,
) -> Stay:
    """Admit (and discharge) through the services, as staff do."""
    made = stay_admit(
        actor=actor, citizen=citizen, shelter=shelter, admitted=admitted, today=TODAY, **fields
    )
    if discharged is not None:
        made = stay_discharge(actor=actor, stay=made, discharged=discharged, today=TODAY)
    return made


def unregistered_shelter(name: str, *, rate: str, code: str = "751") -> Shelter:
    """Return a shelter that is not on Tilbudsportalen: its stays earn no § 177 reimbursement."""
    shelter = factories.shelter(name, code=code, rate=rate)
    Shelter.objects.filter(pk=shelter.pk).update(on_tilbudsportalen=False)  # reference data
    shelter.refresh_from_db()
    return shelter


def course(
    actor: User,
    citizen: Citizen,
    kind: str,
    decided_on: date,
    monthly_cost: str,
    *,
    start: date | None = None,
) -> SupportCourse:
    """Record a decided support course; it starts on the decision day unless ``start`` is given."""
    return course_create(
        actor=actor,
        citizen=citizen,
        kind=kind,
        decided_on=decided_on,
        start=start or decided_on,
        monthly_cost=Decimal(monthly_cost),
    )


def stranger(
    username: str,
    shelter: Shelter,
    admitted: date,
    discharged: date | None = None,
    **names: Any,
) -> Citizen:
    """Return a citizen of municipality 101 with a stay on ``shelter``: never in 751's figures."""
    worker = factories.user(username, Role.CASE_WORKER, code="101")
    citizen = factories.citizen(worker, code="101", **names)
    stay(worker, citizen, shelter, admitted, discharged)
    return citizen


def plain_rows(stays: QuerySet[Stay]) -> list[tuple[Stay, StayRow]]:
    """Return each stay, by citizen and admission, with its engine row, read straight from the ORM.

    The independent recomputations start here rather than from ``hjemvej.stats.stays``.
    """
    ordered = list(stays.select_related("shelter").order_by("citizen_id", "admitted"))
    schedules = rate_schedules(s.shelter_id for s in ordered)
    return [(s, stay_row(StayRecord.of(s), schedules)) for s in ordered]

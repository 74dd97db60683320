"""A small world for the support pages: a citizen on CTI in phase 3 after a shelter stay and a move,
with an earlier § 99 course by the same worker, and a second citizen on ICM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.housing.models import Tenancy
from hjemvej.housing.services import tenancy_create
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import CourseKind, SupportCourse
from hjemvej.support.services import contact_add, course_create
from tests import factories

TODAY = factories.TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


@dataclass
class World:
    users: dict[str, User]
    citizen: Citizen
    other: Citizen  # on ICM with the colleague
    shelter: Shelter
    stay: Stay
    tenancy: Tenancy
    outreach: SupportCourse  # § 99, before CTI, same worker
    cti: SupportCourse  # phase 1 on 01.03.2026: phase 3 runs 01.09.2026-30.11.2026
    icm: SupportCourse
    outside: Citizen  # another municipality's citizen


def move_in(actor: User, citizen: Citizen, *, signed: date, moved: date) -> Tenancy:
    """Record a lease for a dwelling outside the register."""
    return tenancy_create(
        actor=actor,
        citizen=citizen,
        lease_signed_on=signed,
        move_in=moved,
        today=TODAY,
        address="Testvej 1, 8000 Aarhus C",
        rent_monthly=Decimal("3500"),
    )


@pytest.fixture
def world() -> World:
    if not Municipality.objects.exists():
        factories.ensure_municipalities()  # a transactional (browser) test flushed them
    shelter = factories.shelter("Herberget Test")
    users: dict[str, User] = {
        role.value: factories.user(
            role, role, shelter=shelter if role == Role.SHELTER_STAFF else None
        )
        for role in Role
    }
    users["colleague"] = factories.user("kollega", Role.SUPPORT_WORKER)
    users["stranger"] = factories.user("fremmed", Role.CASE_WORKER, code="101")
    case, support = users[Role.CASE_WORKER], users[Role.SUPPORT_WORKER]
    citizen = factories.citizen(
        case, first_name="Søren", last_name="Hansen", start=date(2025, 9, 1)
    )
    stay = stay_admit(
        actor=case, citizen=citizen, shelter=shelter, admitted=date(2026, 1, 5), today=TODAY
    )
    stay_discharge(actor=case, stay=stay, discharged=date(2026, 3, 1), today=TODAY)
    tenancy = move_in(case, citizen, signed=date(2026, 2, 10), moved=date(2026, 3, 1))
    outreach = course_create(
        actor=case,
        citizen=citizen,
        kind=CourseKind.SEL99,
        decided_on=date(2025, 9, 1),
        start=date(2025, 9, 1),
        end=date(2026, 1, 20),
        worker=support,
    )
    cti = course_create(
        actor=case,
        citizen=citizen,
        kind=CourseKind.CTI,
        decided_on=date(2026, 1, 15),
        start=date(2026, 1, 20),
        worker=support,
        monthly_cost=Decimal("9400"),
        phase1_start=date(2026, 3, 1),
    )
    contact_add(
        actor=case,
        citizen=citizen,
        on=date(2026, 11, 2),
        kind="visit",
        today=TODAY,
        with_whom="Borgeren",
        note="Hemmeligt notat om helbred",
        course=cti,
    )
    other = factories.citizen(case, first_name="Dorte", last_name="Dahl")
    icm = course_create(
        actor=case,
        citizen=other,
        kind=CourseKind.ICM,
        decided_on=date(2026, 4, 1),
        start=date(2026, 4, 1),
        worker=users["colleague"],
    )
    outside = factories.citizen(users["stranger"], first_name="Ude", code="101")
    return World(users, citizen, other, shelter, stay, tenancy, outreach, cti, icm, outside)


def as_user(client: Client, world: World, who: str) -> Client:
    client.force_login(world.users[who])
    return client

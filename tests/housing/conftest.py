"""Users of every role in one municipality, a citizen they can see, and housing rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.housing.models import Dwelling, Tenancy
from hjemvej.housing.services import tenancy_create
from hjemvej.shelters.models import Shelter
from hjemvej.support.services import course_create
from tests import factories
from tests.housing import world as build

TODAY = factories.TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


@dataclass
class World:
    users: dict[str, User]
    citizen: Citizen  # every citizen-facing role of the municipality sees this one
    other: Citizen  # the support worker does not see this one
    outside: Citizen  # another municipality's citizen
    shelter: Shelter
    ids: dict[str, int]  # the citizen's housing rows, by URL kwarg name

    @property
    def case_worker(self) -> User:
        return self.users[Role.CASE_WORKER]


@pytest.fixture
def world(db: None) -> World:
    shelter = factories.shelter("Herberget Bolig")
    users = {
        role.value: factories.user(
            f"u-{role.value}", role, shelter=shelter if role == Role.SHELTER_STAFF else None
        )
        for role in Role
    }
    case_worker = users[Role.CASE_WORKER]
    citizen = factories.citizen(case_worker, first_name="Søren", last_name="Bolig")
    other = factories.citizen(case_worker, first_name="Ole", last_name="Anden")
    course_create(
        actor=case_worker,
        citizen=citizen,
        kind="icm",
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
        worker=users[Role.SUPPORT_WORKER],
        monthly_cost=Decimal("7000"),
    )
    outside_worker = factories.user("fremmed", Role.CASE_WORKER, code="101")
    outside = factories.citizen(outside_worker, first_name="Ude", code="101")
    ids = build.housing_objects(case_worker, citizen)
    return World(users, citizen, other, outside, shelter, ids)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def cw(db: None) -> User:
    return factories.user("sagsbehandler", Role.CASE_WORKER)


@pytest.fixture
def person(cw: User) -> Citizen:
    return factories.citizen(cw, first_name="Bo", last_name="Hus", start=date(2025, 3, 1))


@pytest.fixture
def home(cw: User) -> Dwelling:
    return build.dwelling(cw, build.landlord(cw))


@pytest.fixture
def tenancy(cw: User, person: Citizen) -> Tenancy:
    return tenancy_create(
        actor=cw,
        citizen=person,
        address="Parkvej 3",
        rent_monthly=Decimal("3100"),
        lease_signed_on=date(2026, 9, 1),
        move_in=date(2026, 9, 1),
        today=TODAY,
    )

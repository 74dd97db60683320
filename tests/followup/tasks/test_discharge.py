"""A discharge to an unknown destination: the case worker's task to find out, until it is known."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen, ListEventReason, Situation
from hjemvej.citizens.services import list_leave, situation_add
from hjemvej.followup.tasks import TaskRow, open_tasks
from hjemvej.housing.services import tenancy_create
from hjemvej.rules.parameters import default_parameters
from hjemvej.shelters.models import ExitDestination, ExitReason, Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from tests import factories

TODAY = factories.TODAY  # Saturday 21 November 2026
DISCHARGED = date(2026, 11, 16)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings: Settings) -> None:
    """Hash test users' passwords quickly (argon2 is slow on purpose; no test here logs in)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sara() -> User:
    return factories.user("sara", Role.CASE_WORKER)


@pytest.fixture
def shelter() -> Shelter:
    return factories.shelter("Herberget Inde")


@pytest.fixture
def citizen(sara: User) -> Citizen:
    return factories.citizen(sara, first_name="Anna", start=date(2026, 1, 1))


def stay(sara: User, citizen: Citizen, shelter: Shelter, *, admitted: date) -> Stay:
    return stay_admit(actor=sara, citizen=citizen, shelter=shelter, admitted=admitted, today=TODAY)


def gone(sara: User, citizen: Citizen, shelter: Shelter, **kw: str) -> Stay:
    """Discharge the citizen on 16.11 to an unknown destination."""
    made = stay(sara, citizen, shelter, admitted=date(2026, 9, 1))
    return stay_discharge(actor=sara, stay=made, discharged=DISCHARGED, today=TODAY, **kw)


def asking(user: User, citizen: Citizen) -> list[TaskRow]:
    rows = open_tasks(user=user, today=TODAY, citizen=citizen)
    return [r for r in rows if r.kind == "discharge_destination"]


def test_an_unknown_destination_asks_the_case_worker_to_find_out(
    sara: User, citizen: Citizen, shelter: Shelter
) -> None:
    gone(sara, citizen, shelter)
    (row,) = asking(sara, citizen)
    days = default_parameters().at("followup.discharge.unknown_destination_days", TODAY)
    assert days.value == 7
    assert row.due == date(2026, 11, 23)  # 7 days after the discharge
    assert row.status == "due_soon"
    assert (row.responsible_id, row.responsible_name) == (sara.pk, "Sara")  # the creator
    assert "Herberget Inde" in row.task.explanation
    mine = open_tasks(user=sara, today=TODAY, mine=True)
    assert [r.key for r in mine if r.kind == "discharge_destination"] == [row.key]


def test_a_known_destination_or_death_asks_nothing(
    sara: User, citizen: Citizen, shelter: Shelter
) -> None:
    gone(sara, citizen, shelter, exit_destination=ExitDestination.STREET)
    assert asking(sara, citizen) == []
    other = factories.citizen(sara, first_name="Bent", start=date(2026, 1, 1))
    gone(sara, other, shelter, exit_reason=ExitReason.DIED)
    assert asking(sara, other) == []


def _situation(sara: User, citizen: Citizen, shelter: Shelter) -> None:
    situation_add(actor=sara, citizen=citizen, situation=Situation.SOFA, start=TODAY, today=TODAY)


def _housed(sara: User, citizen: Citizen, shelter: Shelter) -> None:
    tenancy_create(
        actor=sara,
        citizen=citizen,
        lease_signed_on=TODAY,
        move_in=TODAY,
        today=TODAY,
        address="Vestergade 1, 8000 Aarhus C",
        rent_monthly=Decimal("4200"),
    )


def _readmitted(sara: User, citizen: Citizen, shelter: Shelter) -> None:
    stay(sara, citizen, factories.shelter("Herberget Ude", code="101"), admitted=TODAY)


def _inactive(sara: User, citizen: Citizen, shelter: Shelter) -> None:
    list_leave(actor=sara, citizen=citizen, on=TODAY, reason=ListEventReason.INACTIVE, today=TODAY)


@pytest.mark.parametrize("found_out", [_situation, _housed, _readmitted, _inactive])
def test_the_task_closes_itself_when_anything_is_recorded_after_the_discharge(
    sara: User,
    citizen: Citizen,
    shelter: Shelter,
    found_out: Callable[[User, Citizen, Shelter], None],
) -> None:
    gone(sara, citizen, shelter)
    assert len(asking(sara, citizen)) == 1
    found_out(sara, citizen, shelter)
    assert asking(sara, citizen) == []


def test_a_situation_ended_before_the_discharge_does_not_close_it(
    sara: User, citizen: Citizen, shelter: Shelter
) -> None:
    # Anna's street situation ended at the admission; only the discharge's day on counts.
    gone(sara, citizen, shelter)
    assert citizen.situations.filter(end__isnull=True).count() == 0
    assert len(asking(sara, citizen)) == 1

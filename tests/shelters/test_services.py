"""Shelter services: admit, discharge and correct stays (overlaps, transfer and same-day stays),
the notice to the acting municipality, daily rates, and their audit entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.citizens.models import Citizen, ListEventKind, Situation
from hjemvej.core.errors import DomainError
from hjemvej.rules.parameters import default_parameters
from hjemvej.shelters.models import ExitDestination, ExitReason, OwnPayment, Shelter, Stay
from hjemvej.shelters.selectors import notice_status
from hjemvej.shelters.services import (
    overlapping_stay,
    shelter_rate_set,
    stay_admit,
    stay_discharge,
    stay_update,
)
from tests import factories

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db


def admit(worker: User, citizen: Citizen, shelter: Shelter, on: date, **kw: Any) -> Stay:
    return stay_admit(
        actor=worker, citizen=citizen, shelter=shelter, admitted=on, today=TODAY, **kw
    )


def discharge(worker: User, stay: Stay, on: date) -> Stay:
    return stay_discharge(actor=worker, stay=stay, discharged=on, today=TODAY)


# --- admit -----------------------------------------------------------------------------------


def test_admission_records_the_stay_the_shelter_situation_and_an_audit_entry(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2), notified_on=date(2026, 3, 3))
    assert (stay.shelter, stay.admitted, stay.discharged) == (shelter, date(2026, 3, 2), None)
    street, at_shelter = citizen.situations.order_by("start")
    assert (street.situation, street.end) == (Situation.STREET, date(2026, 3, 2))
    assert (at_shelter.situation, at_shelter.start, at_shelter.end) == (
        Situation.SHELTER,
        date(2026, 3, 2),
        None,
    )
    entry = AuditEntry.objects.get(object_type="shelters.Stay", action=AuditAction.CREATE)
    assert entry.citizen == citizen
    assert entry.user == worker
    assert entry.detail == {"shelter": shelter.pk, "admitted": "2026-03-02"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"admitted": date(2026, 11, 22)}, "admitted"),
        ({"notified_on": date(2026, 3, 1)}, "notified_on"),
        ({"agreed_daily_rate": Decimal("-1")}, "agreed_daily_rate"),
        ({"own_payment": OwnPayment.REDUCED}, "own_payment_reduced"),
        ({"own_payment_reduced": Decimal("-5")}, "own_payment_reduced"),
    ],
)
def test_admission_is_checked(
    worker: User, citizen: Citizen, shelter: Shelter, kwargs: dict[str, Any], field: str
) -> None:
    on = kwargs.pop("admitted", date(2026, 3, 2))
    with pytest.raises(DomainError) as caught:
        admit(worker, citizen, shelter, on, **kwargs)
    assert caught.value.field == field
    assert not Stay.objects.exists()
    assert not AuditEntry.objects.filter(object_type="shelters.Stay").exists()


def test_an_open_stay_blocks_another_admission(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    admit(worker, citizen, shelter, date(2026, 3, 2))
    other = factories.shelter("Forsorgshjemmet")
    with pytest.raises(DomainError) as caught:
        admit(worker, citizen, other, date(2026, 6, 1))
    assert caught.value.field == "admitted"
    assert "Herberget" in caught.value.message
    assert "02.03.2026" in caught.value.message
    assert Stay.objects.count() == 1


def test_a_transfer_on_the_discharge_day_is_allowed(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    first = admit(worker, citizen, shelter, date(2026, 3, 2))
    discharge(worker, first, date(2026, 4, 1))
    second = admit(worker, citizen, factories.shelter("Forsorgshjemmet"), date(2026, 4, 1))
    assert second.admitted == first.discharged


def test_a_same_day_stay_occupies_its_night(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    same_day = admit(worker, citizen, shelter, date(2026, 3, 2))
    discharge(worker, same_day, date(2026, 3, 2))
    with pytest.raises(DomainError):
        admit(worker, citizen, shelter, date(2026, 3, 2))
    nxt = admit(worker, citizen, shelter, date(2026, 3, 3))
    assert nxt.admitted == date(2026, 3, 3)


def test_overlapping_stay_sees_the_nights_of_each_stay(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2))
    discharge(worker, stay, date(2026, 3, 10))
    assert overlapping_stay(citizen=citizen, admitted=date(2026, 3, 10), discharged=None) is None
    assert (
        overlapping_stay(citizen=citizen, admitted=date(2026, 2, 1), discharged=date(2026, 3, 2))
        is None
    )
    assert (
        overlapping_stay(citizen=citizen, admitted=date(2026, 3, 9), discharged=date(2026, 3, 9))
        == stay
    )
    assert (
        overlapping_stay(citizen=citizen, admitted=date(2026, 2, 1), discharged=date(2026, 3, 3))
        == stay
    )
    assert (
        overlapping_stay(
            citizen=citizen, admitted=date(2026, 3, 5), discharged=date(2026, 3, 6), exclude=stay.pk
        )
        is None
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's"
)
def test_postgresql_refuses_overlapping_stays_itself(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    admit(worker, citizen, shelter, date(2026, 3, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Stay.objects.create(citizen=citizen, shelter=shelter, admitted=date(2026, 5, 1))


# --- discharge -------------------------------------------------------------------------------


def test_discharge_ends_the_stay_and_the_shelter_situation(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2))
    stay_discharge(
        actor=worker,
        stay=stay,
        discharged=date(2026, 6, 1),
        today=TODAY,
        exit_reason=ExitReason.AGREEMENT,
        exit_destination=ExitDestination.OWN_HOME,
    )
    stay.refresh_from_db()
    assert (stay.discharged, stay.exit_reason, stay.exit_destination) == (
        date(2026, 6, 1),
        ExitReason.AGREEMENT,
        ExitDestination.OWN_HOME,
    )
    shelter_situation = citizen.situations.get(situation=Situation.SHELTER)
    assert shelter_situation.end == date(2026, 6, 1)
    # Own home: off the by-name list as housed (tests/shelters/test_discharge.py has the rest).
    assert citizen.list_events.order_by("-date", "-id")[0].kind == ListEventKind.LEFT
    entry = AuditEntry.objects.get(object_type="shelters.Stay", action=AuditAction.UPDATE)
    assert entry.detail == {"discharged": "2026-06-01"}


def test_discharge_without_reasons_records_them_as_unknown(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2))
    stay_discharge(
        actor=worker, stay=stay, discharged=date(2026, 3, 5), today=TODAY, exit_reason=""
    )
    stay.refresh_from_db()
    assert (stay.exit_reason, stay.exit_destination) == (
        ExitReason.UNKNOWN,
        ExitDestination.UNKNOWN,
    )


@pytest.mark.parametrize("on", [date(2026, 3, 1), date(2026, 11, 22)])
def test_discharge_dates_are_checked(
    worker: User, citizen: Citizen, shelter: Shelter, on: date
) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2))
    with pytest.raises(DomainError) as caught:
        discharge(worker, stay, on)
    assert caught.value.field == "discharged"
    stay.refresh_from_db()
    assert stay.discharged is None


def test_a_stay_is_discharged_once(worker: User, citizen: Citizen, shelter: Shelter) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2))
    discharge(worker, stay, date(2026, 3, 5))
    with pytest.raises(DomainError):
        discharge(worker, stay, date(2026, 3, 6))


# --- correct ---------------------------------------------------------------------------------


def test_update_corrects_dates_and_logs_the_changed_fields(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2))
    discharge(worker, stay, date(2026, 4, 1))
    stay_update(
        actor=worker,
        stay=stay,
        admitted=date(2026, 3, 1),
        discharged=date(2026, 4, 1),
        today=TODAY,
        notified_on=date(2026, 3, 3),
    )
    stay.refresh_from_db()
    assert (stay.admitted, stay.notified_on) == (date(2026, 3, 1), date(2026, 3, 3))
    entry = AuditEntry.objects.filter(object_type="shelters.Stay").order_by("-id")[0]
    assert entry.detail == {"fields": ["admitted", "notified_on"]}


def test_update_may_not_overlap_another_stay(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    first = admit(worker, citizen, shelter, date(2026, 3, 2))
    discharge(worker, first, date(2026, 4, 1))
    second = admit(worker, citizen, shelter, date(2026, 4, 1))
    with pytest.raises(DomainError) as caught:
        stay_update(
            actor=worker,
            stay=first,
            admitted=date(2026, 3, 2),
            discharged=date(2026, 4, 2),
            today=TODAY,
        )
    assert caught.value.field == "admitted"
    # Ending the first stay on the day the second begins is the transfer day: allowed.
    stay_update(
        actor=worker,
        stay=first,
        admitted=date(2026, 3, 2),
        discharged=date(2026, 4, 1),
        today=TODAY,
    )
    with pytest.raises(DomainError):
        stay_update(
            actor=worker, stay=first, admitted=date(2026, 3, 2), discharged=None, today=TODAY
        )
    assert second.discharged is None


@pytest.mark.parametrize(
    ("admitted", "discharged", "fields", "field"),
    [
        (date(2026, 11, 22), None, {}, "admitted"),
        (date(2026, 3, 2), date(2026, 11, 22), {}, "discharged"),
        (date(2026, 3, 2), date(2026, 3, 1), {}, "discharged"),
        (date(2026, 3, 2), None, {"notified_on": date(2026, 3, 1)}, "notified_on"),
        (date(2026, 3, 2), None, {"own_payment": OwnPayment.REDUCED}, "own_payment_reduced"),
        (date(2026, 3, 2), None, {"agreed_daily_rate": Decimal("-1")}, "agreed_daily_rate"),
    ],
)
def test_update_is_checked(
    worker: User,
    citizen: Citizen,
    shelter: Shelter,
    admitted: date,
    discharged: date | None,
    fields: dict[str, Any],
    field: str,
) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2))
    with pytest.raises(DomainError) as caught:
        stay_update(
            actor=worker, stay=stay, admitted=admitted, discharged=discharged, today=TODAY, **fields
        )
    assert caught.value.field == field
    stay.refresh_from_db()
    assert (stay.admitted, stay.discharged) == (date(2026, 3, 2), None)


def test_update_keeps_exit_categories_consistent_with_the_discharge(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2))
    stay_update(
        actor=worker,
        stay=stay,
        admitted=date(2026, 3, 2),
        discharged=date(2026, 3, 20),
        today=TODAY,
        exit_reason="",
        exit_destination=ExitDestination.STREET,
    )
    stay.refresh_from_db()
    assert (stay.exit_reason, stay.exit_destination) == (ExitReason.UNKNOWN, ExitDestination.STREET)
    stay_update(
        actor=worker,
        stay=stay,
        admitted=date(2026, 3, 2),
        discharged=None,
        today=TODAY,
        exit_reason=ExitReason.AGREEMENT,
        exit_destination=ExitDestination.STREET,
    )
    stay.refresh_from_db()
    assert (stay.discharged, stay.exit_reason, stay.exit_destination) == (None, "", "")


def test_update_refuses_unknown_fields(worker: User, citizen: Citizen, shelter: Shelter) -> None:
    stay = admit(worker, citizen, shelter, date(2026, 3, 2))
    with pytest.raises(DomainError):
        stay_update(
            actor=worker,
            stay=stay,
            admitted=date(2026, 3, 2),
            discharged=None,
            today=TODAY,
            shelter=shelter,
        )


# --- the notice to the acting municipality (SEL § 110, stk. 6) -----------------------------------


@pytest.mark.parametrize(
    ("admitted", "notified_on", "deadline", "late"),
    [
        # Monday: three working days later is Thursday.
        (date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 5), False),
        (date(2026, 3, 2), date(2026, 3, 6), date(2026, 3, 5), True),
        # Friday: the weekend does not count; Wednesday is the last day.
        (date(2026, 3, 6), date(2026, 3, 11), date(2026, 3, 11), False),
        (date(2026, 3, 6), date(2026, 3, 12), date(2026, 3, 11), True),
        # Wednesday before Easter 2026: Maundy Thursday, Good Friday, Easter Monday do not count.
        (date(2026, 4, 1), date(2026, 4, 9), date(2026, 4, 9), False),
        (date(2026, 4, 1), date(2026, 4, 10), date(2026, 4, 9), True),
    ],
)
def test_the_notice_is_late_after_three_working_days(
    admitted: date, notified_on: date, deadline: date, late: bool
) -> None:
    status = notice_status(
        admitted=admitted, notified_on=notified_on, today=TODAY, params=default_parameters()
    )
    assert status.deadline == deadline
    assert status.late is late
    assert ("for sent" in status.text) is late


def test_a_missing_notice_is_late_once_the_deadline_has_passed() -> None:
    params = default_parameters()
    waiting = notice_status(
        admitted=date(2026, 11, 19), notified_on=None, today=TODAY, params=params
    )
    assert not waiting.late
    assert "endnu" in waiting.text
    overdue = notice_status(
        admitted=date(2026, 11, 13), notified_on=None, today=TODAY, params=params
    )
    assert overdue.late
    assert "udløb" in overdue.text


def test_no_notice_deadline_before_the_rule_was_in_force() -> None:
    status = notice_status(
        admitted=date(2023, 9, 1), notified_on=None, today=TODAY, params=default_parameters()
    )
    assert status.deadline is None
    assert not status.late


# --- rates -----------------------------------------------------------------------------------


def test_a_rate_from_a_date_replaces_the_rate_of_that_date(worker: User, shelter: Shelter) -> None:
    shelter_rate_set(
        actor=worker, shelter=shelter, valid_from=date(2026, 1, 1), daily_rate=Decimal("1600")
    )
    shelter_rate_set(
        actor=worker, shelter=shelter, valid_from=date(2026, 1, 1), daily_rate=Decimal("1700")
    )
    assert list(shelter.rates.values_list("valid_from", "daily_rate")) == [
        (date(2018, 1, 1), Decimal("1500.00")),
        (date(2026, 1, 1), Decimal("1700.00")),
    ]
    with pytest.raises(DomainError) as caught:
        shelter_rate_set(
            actor=worker, shelter=shelter, valid_from=date(2026, 2, 1), daily_rate=Decimal("-1")
        )
    assert caught.value.field == "daily_rate"

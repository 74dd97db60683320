"""Where a discharged citizen goes: every exit destination's outcome for situations and the list.

A homelessness destination opens its situation from the discharge day; own home or a botilbud
takes the citizen off the by-name list as housed; an unknown destination leaves the citizen on
the list for the case worker to find out (the task is tested in tests/followup).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.citizens.models import Citizen, ListEventKind, ListEventReason, Situation
from hjemvej.housing.services import tenancy_create
from hjemvej.shelters.destinations import EXIT_OUTCOMES, HOUSED, UNKNOWN
from hjemvej.shelters.models import ExitDestination, ExitReason, Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from tests import factories

TODAY = factories.TODAY
ADMITTED = date(2026, 3, 2)
DISCHARGED = date(2026, 6, 1)

pytestmark = pytest.mark.django_db


def admit(worker: User, citizen: Citizen, shelter: Shelter, on: date = ADMITTED) -> Stay:
    return stay_admit(actor=worker, citizen=citizen, shelter=shelter, admitted=on, today=TODAY)


def discharge(
    worker: User,
    stay: Stay,
    destination: str,
    on: date = DISCHARGED,
    reason: str = ExitReason.AGREEMENT,
) -> Stay:
    return stay_discharge(
        actor=worker,
        stay=stay,
        discharged=on,
        today=TODAY,
        exit_reason=reason,
        exit_destination=destination,
    )


def open_situations(citizen: Citizen) -> list[tuple[str, date]]:
    return list(citizen.situations.filter(end__isnull=True).values_list("situation", "start"))


def last_event(citizen: Citizen) -> tuple[str, str, date]:
    event = citizen.list_events.order_by("-date", "-id").first()
    assert event is not None
    return event.kind, event.reason, event.date


#: What each destination means: a situation from the discharge day, housed, or unknown.
EXPECTED: dict[str, str] = {
    ExitDestination.OWN_HOME: HOUSED,
    ExitDestination.OWN_HOME_SUPPORT: HOUSED,
    ExitDestination.CARE_FACILITY: HOUSED,
    ExitDestination.TRANSITIONAL: Situation.TRANSITIONAL,
    ExitDestination.FAMILY_FRIENDS: Situation.SOFA,
    ExitDestination.OTHER_SHELTER: Situation.SHELTER,
    ExitDestination.HOSPITAL: Situation.HOSPITAL_DISCHARGE,
    ExitDestination.PRISON: Situation.PRISON_RELEASE,
    ExitDestination.STREET: Situation.STREET,
    ExitDestination.OTHER: Situation.OTHER,
    ExitDestination.UNKNOWN: UNKNOWN,
}


def test_every_exit_destination_has_one_outcome() -> None:
    assert set(EXIT_OUTCOMES) == set(ExitDestination.values)
    assert dict(EXIT_OUTCOMES) == EXPECTED


HOMELESS = [d for d, outcome in EXPECTED.items() if outcome not in (HOUSED, UNKNOWN)]


@pytest.mark.parametrize("destination", [d for d in HOMELESS if d != ExitDestination.OTHER_SHELTER])
def test_a_homelessness_destination_opens_its_situation_from_the_discharge(
    worker: User, citizen: Citizen, shelter: Shelter, destination: str
) -> None:
    stay = admit(worker, citizen, shelter)
    discharge(worker, stay, destination)
    assert open_situations(citizen) == [(EXPECTED[destination], DISCHARGED)]
    shelter_period = citizen.situations.get(situation=Situation.SHELTER)
    assert (shelter_period.start, shelter_period.end) == (ADMITTED, DISCHARGED)
    assert last_event(citizen)[0] == ListEventKind.ENTERED
    opened = citizen.situations.get(start=DISCHARGED)
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE,
        object_type="citizens.HomelessnessSituation",
        object_id=str(opened.pk),
    ).exists()


def test_another_shelter_keeps_the_shelter_situation_through_the_next_admission(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter)
    discharge(worker, stay, ExitDestination.OTHER_SHELTER)
    assert open_situations(citizen) == [(Situation.SHELTER, ADMITTED)]
    # The next shelter admits the citizen that day: still one shelter situation, one entry.
    admit(worker, citizen, factories.shelter("Forsorgshjemmet"), on=DISCHARGED)
    assert open_situations(citizen) == [(Situation.SHELTER, ADMITTED)]
    assert citizen.list_events.count() == 1


@pytest.mark.parametrize("destination", [d for d, o in EXPECTED.items() if o == HOUSED])
def test_own_home_or_a_botilbud_takes_the_citizen_off_the_list_as_housed(
    worker: User, citizen: Citizen, shelter: Shelter, destination: str
) -> None:
    stay = admit(worker, citizen, shelter)
    discharge(worker, stay, destination)
    assert open_situations(citizen) == []
    assert last_event(citizen) == (ListEventKind.LEFT, ListEventReason.HOUSED, DISCHARGED)


def test_an_unknown_destination_leaves_the_citizen_on_the_list_without_a_situation(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter)
    discharge(worker, stay, ExitDestination.UNKNOWN)
    assert open_situations(citizen) == []
    assert last_event(citizen)[0] == ListEventKind.ENTERED


def test_a_citizen_who_died_leaves_the_list_whatever_the_destination(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter)
    discharge(worker, stay, ExitDestination.STREET, reason=ExitReason.DIED)
    assert open_situations(citizen) == []
    assert last_event(citizen) == (ListEventKind.LEFT, ListEventReason.DIED, DISCHARGED)


def test_a_same_day_stay_discharged_to_the_street_ends_on_the_street(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter, on=DISCHARGED)
    discharge(worker, stay, ExitDestination.STREET)
    assert open_situations(citizen) == [(Situation.STREET, DISCHARGED)]


def test_a_situation_recorded_from_the_discharge_day_is_kept(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    from hjemvej.citizens.services import situation_add

    stay = admit(worker, citizen, shelter)
    situation_add(
        actor=worker, citizen=citizen, situation=Situation.SOFA, start=DISCHARGED, today=TODAY
    )
    discharge(worker, stay, ExitDestination.STREET)
    assert open_situations(citizen) == [(Situation.SOFA, DISCHARGED)]


def _lease(worker: User, citizen: Citizen, move_in: date) -> None:
    tenancy_create(
        actor=worker,
        citizen=citizen,
        lease_signed_on=date(2026, 5, 1),
        move_in=move_in,
        today=TODAY,
        address="Solsikkevej 7, 1. th.",
        rent_monthly=Decimal("3900"),
    )


def test_a_discharge_on_the_move_in_day_ends_housed_once(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter)
    _lease(worker, citizen, DISCHARGED)  # the move-in recorded first: off the list, housed
    discharge(worker, stay, ExitDestination.OWN_HOME_SUPPORT)
    assert open_situations(citizen) == []
    assert last_event(citizen) == (ListEventKind.LEFT, ListEventReason.HOUSED, DISCHARGED)
    assert citizen.list_events.filter(kind=ListEventKind.LEFT).count() == 1


def test_a_discharge_home_before_the_move_in_is_recorded_ends_housed(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter)
    discharge(worker, stay, ExitDestination.OWN_HOME)
    _lease(worker, citizen, DISCHARGED)
    assert open_situations(citizen) == []
    assert last_event(citizen) == (ListEventKind.LEFT, ListEventReason.HOUSED, DISCHARGED)
    assert citizen.list_events.filter(kind=ListEventKind.LEFT).count() == 1

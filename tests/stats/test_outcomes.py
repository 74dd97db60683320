"""Outcome measures on hand-made citizens, at the boundaries of each definition.

Every citizen is built through the services as a case worker would; the measures are read from
``hjemvej.stats.outcomes.results`` as of a chosen day. docs/statistics.md, "Outcome measures".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen, ListEventReason, Situation
from hjemvej.citizens.services import situation_add, situation_end
from hjemvej.housing import services as housing
from hjemvej.housing.models import OfferStatus, Tenancy
from hjemvej.shelters.models import ExitDestination, ExitReason, Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.stats.outcomes import NO_BASE, NOT_YET, OK, PARTIAL, Figure, Result, results
from hjemvej.support.services import course_create
from tests import factories
from tests.housing.world import dwelling, landlord

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY


@pytest.fixture
def worker() -> User:
    return factories.user("rita", Role.CASE_WORKER)


@pytest.fixture
def shelter() -> Shelter:
    return factories.shelter()


def measure(key: str, year: int, as_of: date) -> Result:
    municipality = factories.municipality()
    return results(municipality.pk, year=year, as_of=as_of, keys=[key])[key]


def figure(result: Result, group: str) -> Figure:
    return next(f for f in result.figures if f.group == group)


def person(worker: User, name: str, *, start: date, situation: str = Situation.STREET) -> Citizen:
    return factories.citizen(worker, first_name=name, start=start, situation=situation)


def move_in(worker: User, citizen: Citizen, day: date) -> Tenancy:
    return housing.tenancy_create(
        actor=worker,
        citizen=citizen,
        lease_signed_on=day,
        move_in=day,
        today=TODAY,
        address="Fjordvej 3",
        rent_monthly=Decimal("3200"),
    )


def back(worker: User, citizen: Citizen, day: date, situation: str = Situation.SOFA) -> None:
    situation_add(actor=worker, citizen=citizen, situation=situation, start=day, today=TODAY)


# --- Returns to homelessness ---------------------------------------------------------------------


def test_a_return_on_day_182_is_within_six_months_and_on_day_183_is_not(worker: User) -> None:
    # Six calendar months after 1 April 2025 is 1 October 2025: day 183.
    on_182 = person(worker, "Aske", start=date(2025, 1, 1))
    on_183 = person(worker, "Bent", start=date(2025, 1, 1))
    stays = person(worker, "Carl", start=date(2025, 1, 1))
    for citizen in (on_182, on_183, stays):
        move_in(worker, citizen, date(2025, 4, 1))
    back(worker, on_182, date(2025, 9, 30))
    back(worker, on_183, date(2025, 10, 1))

    result = measure("returns_any", 2025, date(2027, 1, 1))

    six, twelve, twentyfour = (figure(result, g) for g in ("6", "12", "24"))
    assert (six.count, six.base, six.value, six.status) == (1, 3, Decimal("33.3"), OK)
    assert (twelve.count, twelve.base, twelve.value, twelve.status) == (2, 3, Decimal("66.7"), OK)
    # 24 months after the year's last day (31.12.2027) has not come on 1.1.2027.
    assert twentyfour.status == NOT_YET
    assert twentyfour.value is None
    assert twentyfour.ready_on == date(2027, 12, 31)
    by_citizen = {line.citizen: line for line in result.lines}
    assert by_citizen[on_182.pk].cells[:3] == (date(2025, 4, 1), date(2025, 9, 30), 182)
    assert by_citizen[on_183.pk].cells[:3] == (date(2025, 4, 1), date(2025, 10, 1), 183)
    assert by_citizen[stays.pk].cells[1] is None


def test_a_new_shelter_stay_is_a_return_to_a_shelter_and_a_sofa_is_not(
    worker: User, shelter: Shelter
) -> None:
    sofa = person(worker, "Dorte", start=date(2025, 1, 1))
    admitted = person(worker, "Erik", start=date(2025, 1, 1))
    for citizen in (sofa, admitted):
        move_in(worker, citizen, date(2025, 4, 1))
    back(worker, sofa, date(2025, 5, 1))
    stay_admit(
        actor=worker, citizen=admitted, shelter=shelter, admitted=date(2025, 9, 30), today=TODAY
    )

    to_shelter = measure("returns_shelter", 2025, date(2027, 1, 1))
    anywhere = measure("returns_any", 2025, date(2027, 1, 1))

    assert figure(to_shelter, "6").count == 1
    assert {line.citizen for line in to_shelter.lines if "6" in line.counted} == {admitted.pk}
    assert figure(anywhere, "6").count == 2


def test_a_move_in_on_the_last_day_of_the_year_belongs_to_that_year(worker: User) -> None:
    citizen = person(worker, "Frida", start=date(2025, 6, 1))
    move_in(worker, citizen, date(2025, 12, 31))
    # Six months after 31 December is 31 June: no such day, so 1 July (rules.dates.add_months).
    back(worker, citizen, date(2026, 6, 30))

    in_2025 = measure("returns_any", 2025, date(2026, 7, 1))
    in_2026 = measure("returns_any", 2026, date(2026, 7, 1))

    assert [line.citizen for line in in_2025.lines] == [citizen.pk]
    assert in_2026.lines == ()
    six = figure(in_2025, "6")
    assert (six.status, six.count, six.base, six.value) == (OK, 1, 1, Decimal("100.0"))
    assert figure(measure("returns_any", 2025, date(2026, 6, 30)), "6").status == NOT_YET


def test_only_the_first_move_in_of_the_year_counts(worker: User) -> None:
    citizen = person(worker, "Gitte", start=date(2025, 1, 1))
    first = move_in(worker, citizen, date(2025, 2, 1))
    housing.tenancy_end(
        actor=worker, tenancy=first, move_out=date(2025, 3, 1), end_reason="moved", today=TODAY
    )
    move_in(worker, citizen, date(2025, 3, 1))

    result = measure("returns_any", 2025, date(2027, 1, 1))

    assert [line.cells[0] for line in result.lines] == [date(2025, 2, 1)]
    assert figure(result, "12").count == 0


# --- Time in homelessness ----------------------------------------------------------------------


def test_time_in_homelessness_counts_the_days_in_the_year_and_in_all(worker: User) -> None:
    # Street from 1 July 2025 to moving in on 1 February 2026: 184 days in 2025, 31 in 2026.
    long = person(worker, "Hans", start=date(2025, 7, 1))
    move_in(worker, long, date(2026, 2, 1))
    short = person(worker, "Ida", start=date(2026, 1, 10))
    move_in(worker, short, date(2026, 1, 20))

    in_2025 = measure("time_homeless", 2025, date(2026, 6, 1))
    in_2026 = measure("time_homeless", 2026, date(2027, 1, 1))

    assert [line.cells for line in in_2025.lines] == [(184, 184)]
    assert figure(in_2025, "mean_year").value == Decimal("184.0")
    assert sorted(line.cells for line in in_2026.lines) == [(10, 10), (31, 215)]
    assert figure(in_2026, "mean_year").value == Decimal("20.5")
    assert figure(in_2026, "median_year").value == Decimal("20.5")  # two: the mean of both
    assert figure(in_2026, "mean_total").value == Decimal("112.5")
    assert figure(in_2026, "median_total").count == 2


def test_a_year_not_over_is_counted_to_the_day_before_the_as_of_day(worker: User) -> None:
    person(worker, "Jens", start=date(2026, 1, 1))

    result = measure("time_homeless", 2026, date(2026, 3, 1))

    assert [line.cells for line in result.lines] == [(59, 59)]  # January and February
    assert figure(result, "mean_year").status == PARTIAL


def test_a_measure_over_nobody_has_no_value() -> None:
    result = measure("time_homeless", 2024, date(2026, 1, 1))

    assert all(f.status == NO_BASE and f.value is None for f in result.figures)


# --- Exits to own housing ----------------------------------------------------------------------


def test_an_exit_counts_by_the_last_time_the_citizen_left_the_list(worker: User) -> None:
    housed = person(worker, "Karen", start=date(2025, 1, 1))
    move_in(worker, housed, date(2025, 3, 1))
    again = person(worker, "Lars", start=date(2025, 1, 1))
    move_in(worker, again, date(2025, 3, 1))
    back(worker, again, date(2025, 6, 1))
    situation_end(
        actor=worker,
        citizen=again,
        end=date(2025, 9, 1),
        reason=ListEventReason.INACTIVE,
        today=TODAY,
    )
    person(worker, "Mette", start=date(2025, 1, 1))  # on the list all year: no exit

    result = measure("exits_housing", 2025, date(2026, 1, 1))

    housed_figure = figure(result, "housed")
    assert (housed_figure.count, housed_figure.base) == (1, 2)
    assert housed_figure.value == Decimal("50.0")
    assert {line.citizen: line.cells[2] for line in result.lines} == {
        housed.pk: True,
        again.pk: False,
    }


# --- First-time homelessness -------------------------------------------------------------------


def test_a_record_exactly_24_months_before_is_not_first_time(worker: User) -> None:
    # Back on the list 15 March 2026: the 24 months before begin 15 March 2024.
    last_day_on = person(worker, "Niels", start=date(2023, 6, 1))
    situation_end(
        actor=worker,
        citizen=last_day_on,
        end=date(2024, 3, 16),  # the last day in the situation: 15 March 2024
        reason=ListEventReason.INACTIVE,
        today=TODAY,
    )
    day_before = person(worker, "Ole", start=date(2023, 6, 1))
    situation_end(
        actor=worker,
        citizen=day_before,
        end=date(2024, 3, 15),  # the last day: 14 March 2024
        reason=ListEventReason.INACTIVE,
        today=TODAY,
    )
    for citizen in (last_day_on, day_before):
        back(worker, citizen, date(2026, 3, 15), Situation.STREET)
    new = person(worker, "Pia", start=date(2026, 3, 15))

    result = measure("first_time", 2026, date(2026, 11, 1))

    first = {line.citizen for line in result.lines if "first_time" in line.counted}
    assert first == {day_before.pk, new.pk}
    counted = figure(result, "first_time")
    assert (counted.count, counted.base, counted.status) == (2, 3, PARTIAL)
    assert {line.cells[2] for line in result.lines} == {date(2024, 3, 15)}


def test_a_same_day_shelter_stay_in_the_window_is_a_record(worker: User, shelter: Shelter) -> None:
    citizen = person(worker, "Rasmus", start=date(2024, 1, 1))
    situation_end(
        actor=worker,
        citizen=citizen,
        end=date(2024, 2, 1),
        reason=ListEventReason.INACTIVE,
        today=TODAY,
    )
    stay = stay_admit(
        actor=worker, citizen=citizen, shelter=shelter, admitted=date(2025, 5, 5), today=TODAY
    )
    stay_discharge(
        actor=worker,
        stay=stay,
        discharged=date(2025, 5, 5),
        today=TODAY,
        exit_destination=ExitDestination.OWN_HOME,
    )
    back(worker, citizen, date(2026, 3, 1), Situation.STREET)

    result = measure("first_time", 2026, date(2026, 11, 1))

    assert [line.counted for line in result.lines] == [frozenset()]


# --- Housing kept after support began ----------------------------------------------------------


def test_housing_kept_is_read_on_the_day_twelve_months_after_the_start(worker: User) -> None:
    kept = person(worker, "Sofie", start=date(2025, 1, 1))
    course_create(
        actor=worker, citizen=kept, kind="cti", decided_on=date(2025, 3, 1), start=date(2025, 3, 1)
    )
    move_in(worker, kept, date(2025, 6, 1))
    lost = person(worker, "Tage", start=date(2025, 1, 1))
    course_create(
        actor=worker, citizen=lost, kind="icm", decided_on=date(2025, 3, 1), start=date(2025, 3, 1)
    )
    tenancy = move_in(worker, lost, date(2025, 4, 1))
    housing.tenancy_end(
        actor=worker, tenancy=tenancy, move_out=date(2026, 3, 1), end_reason="other", today=TODAY
    )  # moved out on the very day measured: no longer there

    result = measure("housing_kept", 2025, date(2027, 1, 1))

    assert figure(result, "cti").count == 1
    assert figure(result, "cti").value == Decimal("100.0")
    assert (figure(result, "icm").count, figure(result, "icm").base) == (0, 1)
    assert figure(result, "act").status == NO_BASE
    everyone = figure(result, "all")
    assert (everyone.count, everyone.base, everyone.value) == (1, 2, Decimal("50.0"))
    # The day twelve months after 31 December 2025 is 31 December 2026: known from 1 January.
    assert figure(measure("housing_kept", 2025, date(2026, 12, 31)), "cti").status == NOT_YET
    # Each line is known once its own day has passed (the as-of day itself is not counted).
    on_the_day = measure("housing_kept", 2025, date(2026, 3, 1))
    day_after = measure("housing_kept", 2025, date(2026, 3, 2))
    assert {line.cells[3] for line in on_the_day.lines} == {"følges stadig"}
    assert sorted(str(line.cells[3]) for line in day_after.lines) == ["ja", "nej"]


# --- Shelter stays ended by agreement ----------------------------------------------------------


def discharge(worker: User, stay: Stay, day: date, reason: str) -> None:
    stay_discharge(
        actor=worker,
        stay=stay,
        discharged=day,
        today=TODAY,
        exit_reason=reason,
        exit_destination=ExitDestination.FAMILY_FRIENDS,
    )


def test_a_stay_across_new_year_counts_in_the_year_it_ended(worker: User, shelter: Shelter) -> None:
    across = person(worker, "Ulla", start=date(2025, 12, 1))
    stay = stay_admit(
        actor=worker, citizen=across, shelter=shelter, admitted=date(2025, 12, 20), today=TODAY
    )
    discharge(worker, stay, date(2026, 1, 5), ExitReason.AGREEMENT)
    expelled = person(worker, "Vagn", start=date(2026, 1, 1))
    stay = stay_admit(
        actor=worker, citizen=expelled, shelter=shelter, admitted=date(2026, 2, 1), today=TODAY
    )
    discharge(worker, stay, date(2026, 3, 1), ExitReason.EXPELLED)
    unknown = person(worker, "Willy", start=date(2026, 1, 1))
    stay = stay_admit(
        actor=worker, citizen=unknown, shelter=shelter, admitted=date(2026, 2, 1), today=TODAY
    )
    discharge(worker, stay, date(2026, 4, 1), ExitReason.UNKNOWN)

    in_2025 = measure("stays_by_agreement", 2025, date(2027, 1, 1))
    in_2026 = measure("stays_by_agreement", 2026, date(2027, 1, 1))

    assert in_2025.lines == ()
    agreement = figure(in_2026, "agreement")
    assert (agreement.count, agreement.base, agreement.value) == (1, 2, Decimal("50.0"))
    unknowns = figure(in_2026, "unknown")
    assert (unknowns.count, unknowns.base) == (1, 3)


def test_a_discharge_on_or_after_the_as_of_day_is_not_known_yet(
    worker: User, shelter: Shelter
) -> None:
    citizen = person(worker, "Yrsa", start=date(2026, 1, 1))
    stay = stay_admit(
        actor=worker, citizen=citizen, shelter=shelter, admitted=date(2026, 2, 1), today=TODAY
    )
    discharge(worker, stay, date(2026, 5, 1), ExitReason.AGREEMENT)

    assert measure("stays_by_agreement", 2026, date(2026, 5, 1)).lines == ()
    assert len(measure("stays_by_agreement", 2026, date(2026, 5, 2)).lines) == 1


# --- From admission to offer, and from offer to move-in -----------------------------------------


def test_days_from_admission_to_the_first_offer_and_from_offer_to_move_in(
    worker: User, shelter: Shelter
) -> None:
    citizen = person(worker, "Åge", start=date(2026, 1, 1))
    stay_admit(
        actor=worker, citizen=citizen, shelter=shelter, admitted=date(2026, 1, 10), today=TODAY
    )
    owner = landlord(worker)
    first_home = dwelling(worker, owner)
    second_home = dwelling(worker, owner, address="Vestergade 3, st.")
    declined = housing.offer_create(
        actor=worker, citizen=citizen, dwelling=first_home, offered_on=date(2026, 3, 1), today=TODAY
    )
    housing.offer_answer(
        actor=worker,
        offer=declined,
        answer=OfferStatus.DECLINED,
        answered_on=date(2026, 3, 5),
        today=TODAY,
        decline_reason="location",
    )
    accepted = housing.offer_create(
        actor=worker,
        citizen=citizen,
        dwelling=second_home,
        offered_on=date(2026, 4, 1),
        today=TODAY,
    )
    housing.offer_answer(
        actor=worker,
        offer=accepted,
        answer=OfferStatus.ACCEPTED,
        answered_on=date(2026, 4, 3),
        today=TODAY,
    )
    housing.tenancy_create(
        actor=worker,
        citizen=citizen,
        lease_signed_on=date(2026, 4, 20),
        move_in=date(2026, 5, 1),
        today=TODAY,
        offer=accepted,
    )

    to_offer = measure("admission_to_offer", 2026, date(2027, 1, 1))
    to_move_in = measure("offer_to_move_in", 2026, date(2027, 1, 1))

    assert [line.cells[1:] for line in to_offer.lines] == [
        (date(2026, 1, 10), date(2026, 3, 1), 50)
    ]
    assert figure(to_offer, "mean_days").value == Decimal("50.0")
    assert [line.cells for line in to_move_in.lines] == [(date(2026, 4, 1), date(2026, 5, 1), 30)]
    assert figure(to_move_in, "median_days").value == Decimal("30.0")

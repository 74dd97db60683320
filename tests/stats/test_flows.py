"""The list over time: stocks and flows per month, at the boundaries of days and months.

A citizen is on the list at the end of a day when their last list event up to that day put them
there; a month's inflow and outflow are the entries and exits that changed that; so each month
balances: on the list at its start + inflow − outflow = on the list at its end.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import citizens_for, counted_citizens_for
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    ListEventKind,
    ListEventReason,
    Situation,
)
from hjemvej.citizens.services import citizen_update, situation_add, situation_end
from hjemvej.stats.flows.selectors import MonthFlow, list_flows, month_flow
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY  # 21.11.2026
R = ListEventReason


@pytest.fixture
def worker() -> User:
    return factories.user("rita", Role.CASE_WORKER)


def leave(worker: User, citizen: Citizen, on: date, reason: str = R.HOUSED) -> None:
    situation_end(actor=worker, citizen=citizen, end=on, reason=reason, today=TODAY)


def back(worker: User, citizen: Citizen, on: date, situation: str = Situation.SOFA) -> None:
    situation_add(actor=worker, citizen=citizen, situation=situation, start=on, today=TODAY)


def flows(worker: User, first: date, last: date, as_of: date = TODAY) -> list[MonthFlow]:
    return list_flows(citizens_for(worker), first=first, last=last, as_of=as_of).months


def balanced(months: list[MonthFlow]) -> bool:
    steps = all(m.on_list_start + m.inflow - m.outflow == m.on_list_end for m in months)
    chained = all(a.on_list_end == b.on_list_start for a, b in itertools.pairwise(months))
    return steps and chained and all(m.net == m.inflow - m.outflow for m in months)


def test_inflow_and_outflow_by_month_and_reason(
    worker: User, django_assert_num_queries: object
) -> None:
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 1, 10))
    factories.citizen(worker, first_name="Bo", start=date(2026, 1, 20))
    factories.citizen(worker, first_name="Carl", start=date(2026, 3, 5))
    leave(worker, anna, date(2026, 2, 14))
    back(worker, anna, date(2026, 3, 1))
    with django_assert_num_queries(1):  # type: ignore[operator]
        flow = month_flow(citizens_for(worker), today=date(2026, 3, 20))
    assert (flow.month, flow.inflow, flow.outflow) == (date(2026, 3, 1), 2, 0)
    months = flows(worker, date(2026, 1, 1), date(2026, 3, 1))
    assert [m.month for m in months] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert [(m.inflow, m.outflow) for m in months] == [(2, 0), (0, 1), (2, 0)]
    assert [(m.on_list_start, m.on_list_end) for m in months] == [(0, 2), (2, 1), (1, 3)]
    assert months[0].entered[R.NEWLY_IDENTIFIED] == 2
    assert months[1].left == {
        R.HOUSED: 1,
        R.INACTIVE: 0,
        R.MOVED_AWAY: 0,
        R.DIED: 0,
        R.NO_LONGER_ELIGIBLE: 0,
    }
    assert months[2].entered == {
        R.NEWLY_IDENTIFIED: 1,
        R.RETURNED_FROM_HOUSING: 1,
        R.RETURNED_FROM_INACTIVE: 0,
    }
    assert balanced(months)


def test_on_and_off_the_list_twice_in_a_month(worker: User) -> None:
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 3, 3))
    leave(worker, anna, date(2026, 3, 10), R.HOUSED)
    back(worker, anna, date(2026, 3, 15))
    leave(worker, anna, date(2026, 3, 20), R.INACTIVE)
    bo = factories.citizen(worker, first_name="Bo", start=date(2026, 2, 1))
    leave(worker, bo, date(2026, 3, 2), R.MOVED_AWAY)
    back(worker, bo, date(2026, 3, 9))
    leave(worker, bo, date(2026, 3, 12), R.DIED)
    back(worker, bo, date(2026, 3, 30))  # a correction: Bo is back at the month's end

    february, march, april = flows(worker, date(2026, 2, 1), date(2026, 4, 1))
    assert (march.on_list_start, march.inflow, march.outflow, march.on_list_end) == (1, 4, 4, 1)
    assert march.entered == {
        R.NEWLY_IDENTIFIED: 1,
        R.RETURNED_FROM_HOUSING: 1,
        R.RETURNED_FROM_INACTIVE: 2,  # after moving away, and after dying (a correction)
    }
    assert march.left == {
        R.HOUSED: 1,
        R.INACTIVE: 1,
        R.MOVED_AWAY: 1,
        R.DIED: 1,
        R.NO_LONGER_ELIGIBLE: 0,
    }
    assert march.net == 0
    assert (february.on_list_end, april.on_list_start, april.inflow) == (1, 1, 0)
    assert balanced([february, march, april])


def test_an_entry_on_the_first_and_an_exit_on_the_last_day_of_a_month(worker: User) -> None:
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 4, 1))
    leave(worker, anna, date(2026, 4, 30))
    bo = factories.citizen(worker, first_name="Bo", start=date(2026, 3, 31))  # last day of March
    leave(worker, bo, date(2026, 4, 30))
    carl = factories.citizen(worker, first_name="Carl", start=date(2026, 2, 10))
    leave(worker, carl, date(2026, 3, 31))  # leaves on the last day: off at the month's end
    back(worker, carl, date(2026, 4, 1))  # and back on the first of the next

    march, april, may = flows(worker, date(2026, 3, 1), date(2026, 5, 1))
    assert (march.on_list_start, march.inflow, march.outflow, march.on_list_end) == (1, 1, 1, 1)
    assert (april.on_list_start, april.inflow, april.outflow, april.on_list_end) == (1, 2, 2, 1)
    assert april.entered[R.NEWLY_IDENTIFIED] == 1
    assert april.entered[R.RETURNED_FROM_HOUSING] == 1
    assert (may.on_list_start, may.on_list_end) == (1, 1)
    assert balanced([march, april, may])


def test_a_situation_across_new_year_and_the_long_term_limit(worker: User) -> None:
    # 183 days before 1 January 2026: not over the limit at the end of December, but in January.
    factories.citizen(
        worker, first_name="Anna", situation=Situation.SHELTER, start=date(2025, 7, 2)
    )
    # One day earlier: 184 days at the end of December, long-term from then on.
    factories.citizen(worker, first_name="Bo", start=date(2025, 7, 1))
    december, january = list_flows(
        citizens_for(worker), first=date(2025, 12, 1), last=date(2026, 1, 1), as_of=TODAY
    ).months
    assert (december.on_list_end, december.long_term_end) == (2, 1)
    assert (january.on_list_end, january.long_term_end) == (2, 2)
    assert december.by_situation[Situation.SHELTER] == 1
    assert december.by_situation[Situation.STREET] == 1
    assert january.by_situation[Situation.SHELTER] == 1


def test_situation_and_age_at_the_months_end(worker: User) -> None:
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 1, 5))
    citizen_update(actor=worker, citizen=anna, birth_date=date(2001, 2, 28), today=TODAY)
    back(worker, anna, date(2026, 2, 28), Situation.HOTEL)  # from the last day of February
    bo = factories.citizen(worker, first_name="Bo", start=date(2026, 1, 5))  # no birth date
    leave(worker, bo, date(2026, 2, 10))
    january, february = flows(worker, date(2026, 1, 1), date(2026, 2, 1))
    assert january.by_age["18_24"] == 1
    assert january.by_age["unknown"] == 1
    assert february.by_age["25_29"] == 1  # 25 on the month's last day
    assert february.by_age["18_24"] == 0
    assert february.by_age["unknown"] == 0
    assert january.by_situation[Situation.STREET] == 2
    assert february.by_situation[Situation.HOTEL] == 1
    assert sum(february.by_situation.values()) == february.on_list_end == 1


def test_on_the_list_without_a_situation_counts_as_none(worker: User) -> None:
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 1, 5))
    anna.situations.update(end=date(2026, 1, 20))  # as a discharge to an unknown destination
    (january,) = flows(worker, date(2026, 1, 1), date(2026, 1, 1))
    assert january.on_list_end == 1
    assert january.by_situation["none"] == 1


def test_the_current_month_is_counted_to_the_day_asked_about(worker: User) -> None:
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 11, 2))
    leave(worker, anna, date(2026, 11, 21))
    (early,) = flows(worker, date(2026, 11, 1), date(2026, 11, 1), as_of=date(2026, 11, 20))
    assert (early.last_day, early.partial) == (date(2026, 11, 20), True)
    assert (early.inflow, early.outflow, early.on_list_end) == (1, 0, 1)
    (today,) = flows(worker, date(2026, 11, 1), date(2026, 11, 1), as_of=TODAY)
    assert (today.inflow, today.outflow, today.on_list_end) == (1, 1, 0)
    (october,) = flows(worker, date(2026, 10, 1), date(2026, 10, 1))
    assert (october.last_day, october.partial) == (date(2026, 10, 31), False)


def test_an_event_that_changes_nothing_is_left_out_and_counted(worker: User) -> None:
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 1, 5))
    # Rows the services never write: a second entry while on the list, an exit while off it.
    ByNameListEvent.objects.create(
        citizen=anna, date=date(2026, 1, 9), kind=ListEventKind.ENTERED, reason=R.NEWLY_IDENTIFIED
    )
    leave(worker, anna, date(2026, 1, 20))
    ByNameListEvent.objects.create(
        citizen=anna, date=date(2026, 1, 25), kind=ListEventKind.LEFT, reason=R.HOUSED
    )
    result = list_flows(
        citizens_for(worker), first=date(2026, 1, 1), last=date(2026, 1, 1), as_of=TODAY
    )
    (january,) = result.months
    assert (january.inflow, january.outflow, january.on_list_end) == (1, 1, 0)
    assert result.ignored == 2
    assert balanced(result.months)


def test_the_statistics_count_the_municipality_only(worker: User) -> None:
    factories.citizen(worker, first_name="Anna", start=date(2026, 1, 5))
    other = factories.user("kbh", Role.CASE_WORKER, code="101")
    factories.citizen(other, first_name="Bo", code="101", start=date(2026, 1, 5))
    economist = factories.user("oekonom", Role.ECONOMIST)
    counted = counted_citizens_for(economist)
    (january,) = list_flows(
        counted, first=date(2026, 1, 1), last=date(2026, 1, 1), as_of=TODAY
    ).months
    assert (january.inflow, january.on_list_end) == (1, 1)
    shelter_staff = factories.user("boform", Role.SHELTER_STAFF)
    assert not counted_citizens_for(shelter_staff).exists()


def test_age_bands_at_their_edges_and_a_birthday_on_leap_day(worker: User) -> None:
    births = {
        "Lea": date(1996, 2, 29),  # 30 on 1 March 2026, as the anniversary in rules.dates
        "Ung": date(2008, 3, 1),  # 18 on 1 March 2026
        "Olga": date(1966, 2, 28),  # 60 on the last day of February 2026
    }
    for name, born in births.items():
        citizen = factories.citizen(worker, first_name=name, start=date(2026, 1, 5))
        citizen_update(actor=worker, citizen=citizen, birth_date=born, today=TODAY)
    months = flows(worker, date(2026, 1, 1), date(2026, 3, 1))
    bands = [{k: n for k, n in m.by_age.items() if n} for m in months]
    assert bands == [
        {"under_18": 1, "25_29": 1, "50_59": 1},
        {"under_18": 1, "25_29": 1, "60_plus": 1},
        {"18_24": 1, "30_39": 1, "60_plus": 1},
    ]


def test_a_reason_of_the_other_direction_is_counted_where_the_docs_say(worker: User) -> None:
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 1, 5))
    leave(worker, anna, date(2026, 1, 20))
    # Rows the services never write: an entry with a leaving reason, an exit with an entering one.
    ByNameListEvent.objects.create(
        citizen=anna, date=date(2026, 2, 3), kind=ListEventKind.ENTERED, reason=R.HOUSED
    )
    ByNameListEvent.objects.create(
        citizen=anna, date=date(2026, 2, 9), kind=ListEventKind.LEFT, reason=R.NEWLY_IDENTIFIED
    )
    (february,) = flows(worker, date(2026, 2, 1), date(2026, 2, 1))
    assert (february.entered[R.NEWLY_IDENTIFIED], february.left[R.NO_LONGER_ELIGIBLE]) == (1, 1)
    assert (february.inflow, february.outflow) == (1, 1)


def test_a_citizen_handed_over_counts_in_each_municipality_s_flows_while_it_acted(
    worker: User,
) -> None:
    """Aarhus (751) acts from January; Randers (730) from 1 June: the list follows the period."""
    from hjemvej.citizens.borders import citizen_acting_municipality_change
    from hjemvej.citizens.models import ActingBasis

    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 1, 5))
    factories.citizen(worker, first_name="Bo", start=date(2026, 2, 5))  # stays in Aarhus
    citizen_acting_municipality_change(
        actor=worker,
        citizen=anna,
        municipality=factories.municipality("730"),
        valid_from=date(2026, 6, 1),
        basis=ActingBasis.RESIDENCE,
        today=TODAY,
    )
    year = (date(2026, 1, 1), date(2026, 7, 1))

    def counted(code: str) -> list[MonthFlow]:
        economist = factories.user(f"oekonom-{code}", Role.ECONOMIST, code=code)
        return list_flows(
            counted_citizens_for(economist),
            first=year[0],
            last=year[1],
            as_of=TODAY,
            municipality_id=factories.municipality(code).pk,
        ).months

    aarhus, randers = counted("751"), counted("730")
    assert [m.on_list_end for m in aarhus] == [1, 2, 2, 2, 2, 1, 1]
    assert aarhus[5].left[R.MOVED_AWAY] == 1
    assert [m.on_list_end for m in randers] == [0, 0, 0, 0, 0, 1, 1]
    assert randers[5].entered[R.NEWLY_IDENTIFIED] == 1
    assert balanced(aarhus)
    assert balanced(randers)

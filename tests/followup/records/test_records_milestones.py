"""Golden tests for a transition's milestones at their boundary days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hjemvej.followup.selectors import (
    PRISON_ACTION_PLAN,
    PRISON_ESTABLISHMENT,
    PSYCHIATRY_AGREEMENT,
    prison_release_milestones,
    psychiatric_discharge_milestones,
    shift_months,
)
from hjemvej.rules.parameters import default_parameters

PARAMS = default_parameters()
NOTICE = date(2026, 3, 2)  # a Monday; 4 weeks later is Monday 30 March
RELEASE = date(2026, 9, 15)


def milestones(today: date, plans: list[date], *, notice: date | None = NOTICE) -> dict[str, str]:
    found = prison_release_milestones(
        notified_on=notice, expected_on=RELEASE, plan_dates=plans, today=today, params=PARAMS
    )
    return {m.label.split()[0]: f"{m.day:%Y-%m-%d} {m.status}" for m in found}


def test_the_parameters_are_the_ones_this_reads() -> None:
    assert PARAMS.at(PRISON_ACTION_PLAN, RELEASE).display == "4 uger"
    assert PARAMS.at(PRISON_ESTABLISHMENT, RELEASE).display == "3 måneder"
    assert PARAMS.at(PSYCHIATRY_AGREEMENT, RELEASE).value == 0


@pytest.mark.parametrize(
    ("today", "plans", "status"),
    [
        (date(2026, 3, 30), [], "open"),  # the last day: not yet overdue
        (date(2026, 3, 31), [], "overdue"),  # the day after
        (date(2026, 4, 15), [date(2026, 3, 30)], "done"),  # made on the last day
        (date(2026, 4, 15), [date(2026, 3, 31)], "late"),  # made the day after
        (date(2026, 4, 15), [date(2026, 3, 1)], "overdue"),  # made before the notice: not it
        (date(2026, 4, 15), [date(2026, 3, 1), date(2026, 3, 2)], "done"),  # on the notice day
    ],
)
def test_action_plan_within_four_weeks_of_the_notice(
    today: date, plans: list[date], status: str
) -> None:
    assert milestones(today, plans)["Handleplan"] == f"2026-03-30 {status}"


def test_no_notice_no_action_plan_milestone() -> None:
    assert "Handleplan" not in milestones(date(2026, 4, 1), [], notice=None)


@pytest.mark.parametrize(
    ("release", "first_day"),
    [
        (date(2026, 9, 15), date(2026, 6, 15)),
        (date(2027, 5, 31), date(2027, 2, 28)),  # no 31 February: the month's last day
        (date(2028, 5, 31), date(2028, 2, 29)),  # leap year
        (date(2027, 1, 10), date(2026, 10, 10)),  # across the new year
    ],
)
def test_help_for_a_home_from_three_months_before_release(release: date, first_day: date) -> None:
    def status(today: date) -> tuple[date, str]:
        found = prison_release_milestones(
            notified_on=None, expected_on=release, plan_dates=[], today=today, params=PARAMS
        )
        establishment = found[-1]
        assert establishment.label == "Hjælp til at etablere et hjem kan bevilges"
        assert establishment.parameter is not None
        assert establishment.parameter.status == "law"
        return establishment.day, establishment.status

    assert status(first_day - timedelta(days=1)) == (first_day, "from")
    assert status(first_day) == (first_day, "now")


def test_the_action_plan_deadline_is_not_law_and_says_so() -> None:
    found = prison_release_milestones(
        notified_on=NOTICE, expected_on=RELEASE, plan_dates=[], today=NOTICE, params=PARAMS
    )
    assert found[0].parameter is not None
    assert found[0].parameter.status == "assumed"
    assert found[0].source == found[0].parameter.reference


@pytest.mark.parametrize(
    ("today", "agreement", "status"),
    [
        (date(2026, 12, 1), None, "open"),  # the discharge day itself
        (date(2026, 12, 2), None, "overdue"),
        (date(2026, 12, 2), date(2026, 12, 1), "done"),
        (date(2026, 12, 3), date(2026, 12, 2), "late"),
    ],
)
def test_discharge_agreement_before_the_discharge(
    today: date, agreement: date | None, status: str
) -> None:
    (found,) = psychiatric_discharge_milestones(
        expected_on=date(2026, 12, 1), agreement_on=agreement, today=today, params=PARAMS
    )
    assert (found.day, found.status) == (date(2026, 12, 1), status)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2026, 11, 21), 6, date(2027, 5, 21)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
    ],
)
def test_shift_months(day: date, months: int, expected: date) -> None:
    assert shift_months(day, months) == expected

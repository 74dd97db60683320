"""Long-term homelessness: the dated limit and the days in homelessness, each day once."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from hjemvej.stats.long_term import (
    days_before_each,
    days_in_homelessness,
    long_term_threshold,
    threshold_days,
)
from tests import factories


def test_threshold_comes_from_the_parameter_file() -> None:
    threshold = long_term_threshold(factories.TODAY)
    assert threshold_days(threshold) == 183
    assert threshold.status == "assumed"


def test_days_count_each_day_once_before_the_day() -> None:
    periods = [
        (date(2025, 12, 20), date(2026, 1, 10)),  # across New Year: 21 days
        (date(2026, 1, 5), date(2026, 1, 15)),  # overlaps the first: 5 more days
        (date(2026, 2, 1), date(2026, 2, 1)),  # a same-day stay's empty period
        (date(2026, 3, 1), None),  # open: runs to the day asked about
    ]
    assert days_in_homelessness(periods, until=date(2026, 3, 11)) == 21 + 5 + 10
    assert days_in_homelessness(periods, until=date(2026, 1, 1)) == 12
    assert days_in_homelessness(periods, until=date(2025, 12, 20)) == 0


DAY0 = date(2025, 12, 1)
periods_strategy = st.lists(
    st.tuples(st.integers(0, 90), st.one_of(st.none(), st.integers(0, 40))), max_size=8
)


@given(periods_strategy, st.lists(st.integers(0, 120), min_size=1, max_size=6))
def test_one_sweep_counts_the_days_a_calendar_would(
    raw: list[tuple[int, int | None]], offsets: list[int]
) -> None:
    periods = [
        (DAY0 + timedelta(days=s), None if n is None else DAY0 + timedelta(days=s + n))
        for s, n in raw
    ]
    untils = sorted(DAY0 + timedelta(days=o) for o in offsets)
    for until, days in zip(untils, days_before_each(periods, untils), strict=True):
        covered = {
            start + timedelta(days=k)
            for start, end in periods
            for k in range(((end or until) - start).days)
        }
        assert days == sum(1 for day in covered if day < until)
        assert days == days_in_homelessness(periods, until=until)

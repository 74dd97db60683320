"""Long-term homelessness: the dated limit and the days in homelessness, each day once."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from hjemvej.stats.long_term import (
    OPEN,
    days_in_homelessness,
    days_in_periods,
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
owners_periods = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 90), st.one_of(st.none(), st.integers(0, 40))),
    max_size=10,
)
questions = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 120)), min_size=1, max_size=8)


@given(owners_periods, questions)
def test_many_citizens_and_days_at_once_count_what_a_calendar_would(
    raw: list[tuple[int, int, int | None]], asked: list[tuple[int, int]]
) -> None:
    def day(offset: int) -> date:
        return DAY0 + timedelta(days=offset)

    days = days_in_periods(
        np.array([o for o, _, _ in raw], dtype=np.int64),
        np.array([day(s).toordinal() for _, s, _ in raw], dtype=np.int64),
        np.array(
            [OPEN if n is None else day(s + n).toordinal() for _, s, n in raw], dtype=np.int64
        ),
        np.array([o for o, _ in asked], dtype=np.int64),
        np.array([day(u).toordinal() for _, u in asked], dtype=np.int64),
    )
    for (owner, offset), counted in zip(asked, days, strict=True):
        until = day(offset)
        own = [(day(s), None if n is None else day(s + n)) for o, s, n in raw if o == owner]
        covered = {
            start + timedelta(days=k)
            for start, end in own
            for k in range(((end or until) - start).days)
        }
        assert counted == sum(1 for d in covered if d < until)
        assert counted == days_in_homelessness(own, until=until)

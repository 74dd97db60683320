"""Long-term homelessness: the dated limit and the days in homelessness, each day once."""

from __future__ import annotations

from datetime import date

from hjemvej.stats.long_term import days_in_homelessness, long_term_threshold, threshold_days
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

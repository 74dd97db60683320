"""``hjemvej.stats.measures``: the counted period, nights, persons and full-year persons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hjemvej.rules.shelter.model import MISSING
from hjemvej.stats.measures import (
    counted_period,
    full_year_persons,
    night_bounds,
    nights_in,
    person_nights,
    year_period,
)


def ords(*days: date | None) -> np.ndarray:
    return np.array([MISSING if d is None else d.toordinal() for d in days], dtype=np.int64)


def test_a_period_not_over_counts_the_days_before_the_as_of_date() -> None:
    period = year_period(2026, as_of=date(2026, 12, 5))
    assert period.counted_days == 338
    assert not period.complete
    assert period.incomplete_note == (
        "Året 2026 er ikke slut: tallene omfatter dagene 01.01.–04.12.2026, 338 af periodens "
        "365 dage."
    )
    assert year_period(2025, as_of=date(2026, 1, 1)).incomplete_note == ""
    assert year_period(2027, as_of=date(2026, 12, 5)).incomplete_note == (
        "Året 2027 er ikke begyndt: der er endnu ingen dage at tælle."
    )
    december = counted_period(date(2026, 12, 1), date(2027, 1, 1), as_of=date(2026, 12, 5))
    assert december.incomplete_note.startswith("December 2026 er ikke slut: tallene omfatter")
    with pytest.raises(ValueError, match="slutter før"):
        counted_period(date(2026, 2, 1), date(2026, 1, 1), as_of=date(2026, 1, 1))


def test_full_year_persons_divide_by_the_days_counted() -> None:
    # The demo's 2026 as of 5 December: 8,455 nights over 338 days, not over 365.
    period = year_period(2026, as_of=date(2026, 12, 5))
    assert full_year_persons(8455, period) == Decimal("25.01")
    assert full_year_persons(8455, year_period(2026, as_of=date(2027, 1, 1))) == Decimal("23.16")
    assert full_year_persons(366, year_period(2024, as_of=date(2025, 1, 1))) == Decimal("1.00")
    assert full_year_persons(10, year_period(2027, as_of=date(2026, 1, 1))) == Decimal("0.00")


def test_nights_of_a_stay() -> None:
    admitted = ords(date(2025, 3, 10), date(2024, 12, 20), date(2025, 12, 1), date(2025, 12, 11))
    discharged = ords(date(2025, 3, 10), date(2025, 1, 5), None, None)
    lo, hi = night_bounds(admitted, discharged, as_of=date(2025, 12, 11))
    nights = nights_in(lo, hi, date(2025, 1, 1), date(2026, 1, 1))
    # A same-day stay: its date; across New Year: 1.–4. January; open: up to the as-of date;
    # admitted on the as-of date: none yet.
    assert nights.tolist() == [1, 4, 10, 0]


def test_a_date_two_stays_share_counts_once() -> None:
    person = np.array([7, 7, 7, 3], dtype=np.int64)
    lo = ords(date(2025, 5, 1), date(2025, 5, 6), date(2025, 5, 8), date(2025, 1, 1))
    hi = ords(date(2025, 5, 11), date(2025, 5, 16), date(2025, 5, 9), date(2025, 1, 2))
    found = person_nights(person, lo, hi, date(2025, 1, 1), date(2026, 1, 1))
    assert found.person.tolist() == [3, 7]
    assert found.nights.tolist() == [1, 15]
    assert found.persons == 2
    assert found.total == 16


@given(
    st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 60), st.integers(0, 30)),
        min_size=0,
        max_size=12,
    )
)
def test_person_nights_are_the_distinct_dates(stays: list[tuple[int, int, int]]) -> None:
    base = date(2025, 1, 1).toordinal()
    person = np.array([p for p, _, _ in stays], dtype=np.int64)
    lo = np.array([base + s for _, s, _ in stays], dtype=np.int64)
    hi = np.array([base + s + n for _, s, n in stays], dtype=np.int64)
    start, end = date(2025, 1, 10), date(2025, 2, 10)
    found = person_nights(person, lo, hi, start, end)
    dates: dict[int, set[int]] = {}
    for p, a, b in zip(person.tolist(), lo.tolist(), hi.tolist(), strict=True):
        days = set(range(max(a, start.toordinal()), min(b, end.toordinal())))
        if days:
            dates.setdefault(p, set()).update(days)
    assert dict(zip(found.person.tolist(), found.nights.tolist(), strict=True)) == {
        p: len(d) for p, d in dates.items()
    }

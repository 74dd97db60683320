"""The grants and deposit loans forecast: compound Poisson means, seasons, zeros and validation."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.rules.forecast import GrantHistory, simulate_grants


def ints(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def history(counts: int | list[int], amounts: list[int], first_month: int = 1) -> GrantHistory:
    monthly = ints([counts] * 12) if isinstance(counts, int) else ints(counts)
    return GrantHistory(monthly_counts=monthly, first_month=first_month, amounts=ints(amounts))


def test_no_history_gives_zeros() -> None:
    result = simulate_grants(
        history(0, []), date(2027, 1, 1), date(2027, 4, 1), runs=3, rng=np.random.default_rng(1)
    )
    assert result.count.shape == (3, 3)
    assert not result.count.any()
    assert not result.amount.any()
    assert result.months == [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]


def test_counts_without_amounts_is_an_error() -> None:
    with pytest.raises(ValueError, match="ingen bevilgede beløb"):
        simulate_grants(
            history(2, []), date(2027, 1, 1), date(2027, 2, 1), runs=1, rng=np.random.default_rng()
        )


@pytest.mark.parametrize(
    ("counts", "first_month", "amounts", "message"),
    [
        ([1] * 11, 1, [100], "12 måneders"),
        ([1] * 11 + [-1], 1, [100], "negativt"),
        ([1] * 12, 0, [100], "første måned"),
        ([1] * 12, 13, [100], "første måned"),
        ([1] * 12, 1, [-100], "beløb kan ikke være negativt"),
    ],
)
def test_history_is_validated(
    counts: list[int], first_month: int, amounts: list[int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        GrantHistory(monthly_counts=ints(counts), first_month=first_month, amounts=ints(amounts))


def test_runs_and_period_are_validated() -> None:
    with pytest.raises(ValueError, match="mindst én kørsel"):
        simulate_grants(
            history(1, [5]), date(2027, 1, 1), date(2027, 2, 1), runs=0, rng=np.random.default_rng()
        )
    with pytest.raises(ValueError, match="slutdato"):
        simulate_grants(
            history(1, [5]), date(2027, 1, 1), date(2027, 1, 1), runs=1, rng=np.random.default_rng()
        )


def test_mean_approaches_poisson_mean_times_mean_amount_with_partial_first_month() -> None:
    """Mean 6 a month, amounts 1,000 or 3,000 kr.; 16 January on: 16/31 of January's mean."""
    runs = 4000
    amounts = [100_000, 300_000]
    result = simulate_grants(
        history(6, amounts),
        date(2027, 1, 16),
        date(2027, 3, 1),
        runs=runs,
        rng=np.random.default_rng(7),
    )
    expected_count = np.array([6 * 16 / 31, 6.0])
    mean_amount = 200_000.0
    # Compound Poisson: variance of a month's sum = λ · E[amount²].
    second_moment = (100_000.0**2 + 300_000.0**2) / 2
    se_amount = np.sqrt(expected_count * second_moment / runs)
    se_count = np.sqrt(expected_count / runs)
    assert np.all(np.abs(result.count.mean(axis=0) - expected_count) < 4 * se_count)
    assert np.all(np.abs(result.amount.mean(axis=0) - expected_count * mean_amount) < 4 * se_amount)
    assert list(result.simulated_days) == [16, 28]


def test_amounts_are_drawn_from_the_history() -> None:
    """With one amount, every month's sum is the count times it."""
    result = simulate_grants(
        history(3, [250_000]),
        date(2027, 1, 1),
        date(2028, 1, 1),
        runs=50,
        rng=np.random.default_rng(3),
    )
    assert np.array_equal(result.amount, result.count * 250_000)
    assert result.count.sum() > 0


def test_seasonal_uses_the_calendar_month_a_year_ago() -> None:
    """History from March: index 4 is July. Seasonal grants fall in July only."""
    counts = [0] * 12
    counts[4] = 20
    data = history(counts, [1_000], first_month=3)
    seasonal = simulate_grants(
        data,
        date(2027, 1, 1),
        date(2028, 1, 1),
        runs=20,
        rng=np.random.default_rng(5),
        seasonal=True,
    )
    july = seasonal.months.index(date(2027, 7, 1))
    others = np.delete(seasonal.count, july, axis=1)
    assert not others.any()
    assert seasonal.count[:, july].mean() > 10
    flat = simulate_grants(
        data, date(2027, 1, 1), date(2028, 1, 1), runs=20, rng=np.random.default_rng(5)
    )
    assert np.delete(flat.count, july, axis=1).sum() > 0


def test_same_seed_same_result() -> None:
    data = history([1, 4, 2, 0, 3, 5, 2, 2, 1, 0, 4, 3], [10_000, 25_000, 700_000])

    def run(seed: int) -> np.ndarray:
        return simulate_grants(
            data, date(2027, 1, 1), date(2029, 1, 1), runs=30, rng=np.random.default_rng(seed)
        ).amount

    assert np.array_equal(run(11), run(11))
    assert not np.array_equal(run(11), run(12))


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(0, 30), min_size=12, max_size=12),
    amounts=st.lists(st.integers(0, 5_000_000), min_size=1, max_size=20),
    first_day=st.integers(1, 28),
    seasonal=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_each_month_lies_between_count_times_least_and_most_amount(
    counts: list[int], amounts: list[int], first_day: int, seasonal: bool, seed: int
) -> None:
    result = simulate_grants(
        history(counts, amounts),
        date(2027, 2, first_day),
        date(2028, 2, 1),
        runs=5,
        rng=np.random.default_rng(seed),
        seasonal=seasonal,
    )
    assert (result.count >= 0).all()
    assert (result.amount >= result.count * min(amounts)).all()
    assert (result.amount <= result.count * max(amounts)).all()
    assert result.count.shape == (5, 12)

"""The forecast simulation: golden cases, Little's law, determinism and the order of the band."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.rules.forecast import (
    MIN_LONGER,
    CapStep,
    ForecastInput,
    History,
    OpenStays,
    model_reimbursed_days,
    month_bounds,
    percentiles,
    remaining_days,
    simulate,
)

CAPS = (CapStep(date(2023, 10, 1), 120), CapStep(date(2028, 4, 1), 90))
RATE = 150_000  # 1.500 kr. a day
OWN = 9_671


def ints(values: list[int] | int, n: int | None = None) -> np.ndarray:
    if isinstance(values, int):
        assert n is not None
        return np.full(n, values, dtype=np.int64)
    return np.array(values, dtype=np.int64)


def history(
    admissions: int | list[int] = 0,
    lengths: list[int] | None = None,
    *,
    external: list[bool] | None = None,
    rate: int = RATE,
    own: int = OWN,
    first_month: int = 1,
) -> History:
    lengths = lengths or []
    n = len(lengths)
    counts = ints(admissions, 12) if isinstance(admissions, int) else ints(admissions)
    return History(
        monthly_admissions=counts,
        first_month=first_month,
        lengths=ints(lengths),
        external=np.array(external if external is not None else [False] * n, dtype=bool),
        rate=ints(rate, n),
        own=ints(own, n),
        reimbursable=ints(rate - own, n),
    )


def open_stays(ages: list[int], *, external: bool = False, rate: int = RATE) -> OpenStays:
    n = len(ages)
    return OpenStays(
        age=ints(ages),
        external=np.full(n, external),
        rate=ints(rate, n),
        own=ints(OWN, n),
        reimbursable=ints(rate - OWN, n),
    )


def forecast(
    hist: History,
    stays: OpenStays | None = None,
    *,
    start: date = date(2026, 1, 1),
    end: date = date(2028, 1, 1),
    calibration: float = 1.0,
    seasonal: bool = False,
) -> ForecastInput:
    return ForecastInput(
        start=start,
        end=end,
        open_stays=stays or OpenStays.empty(),
        history=hist,
        caps=CAPS,
        basis_points=5000,
        calibration=calibration,
        seasonal=seasonal,
    )


def run(data: ForecastInput, runs: int = 200, seed: int = 1):  # type: ignore[no-untyped-def]
    return simulate(data, runs=runs, rng=np.random.default_rng(seed))


def test_month_bounds_start_mid_month() -> None:
    months, month_days, bounds = month_bounds(date(2026, 11, 21), date(2027, 3, 1))
    assert months == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]
    assert month_days.tolist() == [30, 31, 31, 28]
    assert bounds.tolist() == [0, 10, 41, 72, 100]


def test_nothing_in_nothing_out() -> None:
    sim = run(forecast(history(0, [])))
    for values in (sim.days, sim.external_days, sim.gross_cost, sim.net_cost, sim.reimbursement):
        assert values.shape == (200, 24)
        assert not values.any()


def test_admissions_without_any_completed_stay_cannot_be_given_lengths() -> None:
    with pytest.raises(ValueError, match="ingen afsluttede ophold"):
        run(forecast(history(3, [])))


def test_the_same_seed_gives_the_same_forecast_and_another_seed_another() -> None:
    data = forecast(history(8, [3, 10, 40, 90, 200, 400]), open_stays([5, 50, 500]))
    first, again, other = run(data, seed=7), run(data, seed=7), run(data, seed=8)
    assert np.array_equal(first.days, again.days)
    assert np.array_equal(first.net_cost, again.net_cost)
    assert not np.array_equal(first.days, other.days)


def test_open_stays_with_one_known_length_are_exact() -> None:
    """Every completed stay lasted 100 nights: open stays end on their 100th night."""
    data = forecast(history(0, [100] * 10), open_stays([0, 40, 99]), end=date(2026, 6, 1))
    sim = run(data, runs=5)
    # Remaining 100, 60 and 1 nights from 1 January 2026.
    expected_days = [31 + 31 + 1, 28 + 28, 31 + 1, 10, 0]
    assert sim.days.tolist() == [expected_days] * 5
    p10, p50, p90 = percentiles(sim.days)
    assert p10.tolist() == p50.tolist() == p90.tolist() == expected_days
    assert sim.gross_cost[0].tolist() == [d * RATE for d in expected_days]
    assert sim.own_payment[0].tolist() == [d * OWN for d in expected_days]


def test_reimbursement_stops_at_the_cap_of_each_window() -> None:
    """A stay admitted on the first day, lasting 500 nights: 120 + 120 days reimbursed."""
    data = forecast(history(0, [500] * 10), open_stays([0]), end=date(2028, 1, 1))
    sim = run(data, runs=3)
    total = sim.reimbursement[0].sum()
    assert total == pytest.approx(240 * (RATE - OWN) * 0.5)
    # January–April 2026 hold the first 120 days (31+28+31+30); then none until January 2027.
    per_month = sim.reimbursement[0] / ((RATE - OWN) * 0.5)
    assert per_month[:4].tolist() == pytest.approx([31, 28, 31, 30])
    assert per_month[4:12].sum() == pytest.approx(0)
    assert per_month[12:16].tolist() == pytest.approx([31, 28, 31, 30])
    assert sim.days[0].sum() == 500


def test_calibration_scales_the_reimbursement() -> None:
    stays = open_stays([0, 10])
    full = run(forecast(history(0, [300] * 10), stays), runs=3)
    half = run(forecast(history(0, [300] * 10), stays, calibration=0.5), runs=3)
    assert half.reimbursement.sum() == pytest.approx(full.reimbursement.sum() * 0.5)
    assert np.array_equal(half.gross_cost, full.gross_cost)


def test_a_window_opened_after_the_cap_falls_reimburses_90_days() -> None:
    data = forecast(
        history(0, [200] * 10), open_stays([0]), start=date(2028, 5, 1), end=date(2029, 1, 1)
    )
    sim = run(data, runs=2)
    assert sim.reimbursement[0].sum() == pytest.approx(90 * (RATE - OWN) * 0.5)


def test_model_reimbursed_days_golden() -> None:
    admitted = np.array([date(2024, 1, 1).toordinal(), date(2023, 1, 1).toordinal()])
    stop = admitted + np.array([400, 100])
    everything = model_reimbursed_days(admitted, stop, 0, 10**7, CAPS)
    # 120 in the first window, 35 of the second; the 2023 stay's window opened before the cap.
    assert everything == 120 + 35 + 100
    lo = date(2024, 3, 1).toordinal()
    hi = date(2025, 1, 1).toordinal()
    # March–April of the first window, and 31 December 2024, when the second window opens.
    assert model_reimbursed_days(admitted[:1], stop[:1], lo, hi, CAPS) == 120 - 60 + 1


def test_open_stays_are_only_given_lengths_longer_than_their_age() -> None:
    lengths = np.array([10, 20, 30, 40, 50, 60, 70], dtype=np.int64)
    remaining = remaining_days(
        np.array([25], dtype=np.int64), lengths, 2000, np.random.default_rng(3)
    )
    assert set(np.unique(remaining + 25).tolist()) == {30, 40, 50, 60, 70}


def test_an_open_stay_older_than_every_completed_stay_draws_from_the_tail() -> None:
    lengths = np.arange(1, 101, dtype=np.int64)  # 1..100 nights
    ages = np.array([500, 97], dtype=np.int64)  # fewer than MIN_LONGER longer than 97 too
    remaining = remaining_days(ages, lengths, 1000, np.random.default_rng(3))
    assert remaining.min() >= 1
    # The tail: the longest max(MIN_LONGER, 10) stays' excess over the 90th: 1..10 days.
    assert set(np.unique(remaining).tolist()) <= set(range(1, 11))
    assert MIN_LONGER == 5


def test_littles_law_occupancy_is_admissions_times_length() -> None:
    """Constant admissions (60 a month) of stays of exactly 90 nights: L = λ·W."""
    data = forecast(history(60, [90] * 50), end=date(2029, 1, 1))
    sim = run(data, runs=300)
    persons = sim.days / sim.month_days
    p10, p50, p90 = percentiles(persons)
    expected = 60 * 12 / 365 * 90  # about 177.5 persons at any time
    steady = slice(4, None)  # after the first 90 days
    assert np.allclose(p50[steady], expected, rtol=0.03)
    assert (p10[steady] < p50[steady]).all()
    assert (p90[steady] > p50[steady]).all()
    # And the mean over all runs and steady months is closer still.
    assert persons[:, steady].mean() == pytest.approx(expected, rel=0.01)


def test_admissions_in_a_partial_first_month_are_pro_rata() -> None:
    data = forecast(
        history(31, [1] * 10), start=date(2026, 1, 22), end=date(2026, 2, 1)
    )  # 10 of 31 days
    sim = run(data, runs=4000)
    # One-night stays: each admission is one day in the month; 31 a month → 10 expected.
    assert sim.days[:, 0].mean() == pytest.approx(10, rel=0.03)


def test_seasonal_admissions_follow_the_calendar_month() -> None:
    counts = [0] * 12
    counts[2] = 30  # only in March of the history (first month: January)
    data = forecast(history(counts, [1] * 10), end=date(2027, 1, 1), seasonal=True)
    sim = run(data, runs=50)
    admitted_months = np.flatnonzero(sim.days.sum(axis=0))
    assert admitted_months.tolist() == [2]
    overall = run(forecast(history(counts, [1] * 10), end=date(2027, 1, 1)), runs=50)
    assert np.flatnonzero(overall.days.sum(axis=0)).tolist() == list(range(12))


def test_external_share_follows_the_completed_stays() -> None:
    data = forecast(
        history(100, [30] * 30 + [30] * 10, external=[False] * 30 + [True] * 10),
        end=date(2027, 1, 1),
    )
    sim = run(data, runs=100)
    steady = slice(2, None)
    share = sim.external_days[:, steady].sum() / sim.days[:, steady].sum()
    assert share == pytest.approx(0.25, abs=0.02)


@settings(max_examples=40, deadline=None)
@given(
    admissions=st.lists(st.integers(0, 40), min_size=12, max_size=12),
    lengths=st.lists(st.integers(1, 900), min_size=1, max_size=40),
    ages=st.lists(st.integers(0, 1500), max_size=30),
    external=st.booleans(),
    seed=st.integers(0, 2**31),
    start_day=st.integers(0, 800),
)
def test_band_is_ordered_and_money_adds_up(
    admissions: list[int],
    lengths: list[int],
    ages: list[int],
    external: bool,
    seed: int,
    start_day: int,
) -> None:
    start = date.fromordinal(date(2025, 1, 1).toordinal() + start_day)
    hist = history(admissions, lengths, external=[external] * len(lengths))
    data = forecast(hist, open_stays(ages), start=start, end=date(start.year + 3, 1, 1))
    sim = run(data, runs=60, seed=seed)
    for values in (sim.days, sim.external_days, sim.gross_cost, sim.net_cost):
        p10, p50, p90 = percentiles(values)
        assert (p10 <= p50 + 1e-6).all()
        assert (p50 <= p90 + 1e-6).all()
    assert (sim.days >= -1e-9).all()
    assert (sim.reimbursement <= (sim.gross_cost - sim.own_payment) * 0.5 + 1e-3).all()
    assert np.allclose(sim.gross_cost, sim.days * RATE)
    if not external:
        assert np.allclose(sim.external_days, 0)


def test_new_stays_are_reimbursed_for_the_first_120_days_of_their_window() -> None:
    counts = [100] + [0] * 11  # admissions only in January
    data = forecast(history(counts, [200] * 10), end=date(2027, 1, 1), seasonal=True)
    sim = run(data, runs=20)
    reimbursed_days = sim.reimbursement.sum(axis=1) / ((RATE - OWN) * 0.5)
    assert np.allclose(reimbursed_days / sim.days.sum(axis=1), 120 / 200)
    # A stay admitted in January has left by the end of August (31 + 200 nights).
    assert np.allclose(sim.days[:, 8:], 0)
    assert np.allclose(sim.days.sum(axis=1) / 200, np.round(sim.days.sum(axis=1) / 200))

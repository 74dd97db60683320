"""The episodes forecast: Kaplan–Meier, conditional lengths, prorated months, starts and seasons."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.rules.forecast import (
    EpisodeHistory,
    EpisodeInput,
    EpisodeSimulation,
    OpenEpisodes,
    kaplan_meier,
    km_lengths,
    month_bounds,
    simulate_episodes,
)


def ints(values: list[int]) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def opened(
    age: list[int],
    planned_end: list[int],
    monthly_cost: list[int],
    reimbursed_until: list[int] | None = None,
) -> OpenEpisodes:
    return OpenEpisodes(
        age=ints(age),
        planned_end=ints(planned_end),
        monthly_cost=ints(monthly_cost),
        reimbursed_until=ints(reimbursed_until if reimbursed_until is not None else [0] * len(age)),
    )


def history(
    durations: list[int] | None = None,
    completed: list[bool] | None = None,
    *,
    starts: int | list[int] = 0,
    costs: list[int] | None = None,
    first_month: int = 1,
) -> EpisodeHistory:
    durations = durations or []
    return EpisodeHistory(
        durations=ints(durations),
        completed=np.array(
            completed if completed is not None else [True] * len(durations), dtype=bool
        ),
        monthly_starts=ints([starts] * 12 if isinstance(starts, int) else starts),
        first_month=first_month,
        new_monthly_cost=ints(costs or []),
    )


def episode_input(
    start: date,
    end: date,
    *,
    open: OpenEpisodes | None = None,
    past: EpisodeHistory | None = None,
    basis_points: int = 5000,
    new_share: float = 0.0,
    seasonal: bool = False,
) -> EpisodeInput:
    return EpisodeInput(
        start=start,
        end=end,
        open=open if open is not None else OpenEpisodes.empty(),
        history=past if past is not None else EpisodeHistory.empty(),
        basis_points=basis_points,
        new_share=new_share,
        seasonal=seasonal,
    )


def run(data: EpisodeInput, runs: int = 3, seed: int = 1) -> EpisodeSimulation:
    return simulate_episodes(data, runs=runs, rng=np.random.default_rng(seed))


# Freireich's 6-MP arm (Gehan 1965), the textbook example of Kaplan–Meier (Kleinbaum & Klein,
# Survival Analysis, ch. 2): weeks of remission, censored ones marked False. Ties at 6 (three
# events and one censored), censoring between events and after the last event.
SIX_MP = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
SIX_MP_EVENT = [
    *(True, True, True, False, True, False, True, False, False, True, True),
    *(False, False, False, True, True, False, False, False, False, False),
]


def six_mp_by_hand() -> dict[int, Fraction]:
    """Return S(t) at each event time, by hand: at risk n, events d, S × (1 − d/n)."""
    steps = [(6, 21, 3), (7, 17, 1), (10, 15, 1), (13, 12, 1), (16, 11, 1), (22, 7, 1), (23, 6, 1)]
    survival = Fraction(1)
    result = {}
    for t, n, d in steps:
        survival *= 1 - Fraction(d, n)
        result[t] = survival
    return result


def test_kaplan_meier_matches_the_textbook_example() -> None:
    times, survival = kaplan_meier(ints(SIX_MP), np.array(SIX_MP_EVENT))
    expected = six_mp_by_hand()
    assert list(times) == list(expected)
    assert survival == pytest.approx([float(s) for s in expected.values()], abs=1e-12)
    # The printed table's values, three decimals.
    assert np.round(survival, 3).tolist() == [0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448]


def test_kaplan_meier_order_of_input_does_not_matter_and_censored_only_has_no_events() -> None:
    order = np.random.default_rng(4).permutation(len(SIX_MP))
    times, survival = kaplan_meier(ints(SIX_MP)[order], np.array(SIX_MP_EVENT)[order])
    assert list(times) == list(six_mp_by_hand())
    assert survival[-1] == pytest.approx(float(six_mp_by_hand()[23]))
    times, survival = kaplan_meier(ints([3, 9]), np.array([False, False]))
    assert len(times) == len(survival) == 0
    with pytest.raises(ValueError, match="lige mange"):
        kaplan_meier(ints([3, 9]), np.array([True]))


@pytest.mark.parametrize("age", [0, 9, 10, 22])
def test_conditional_lengths_follow_survival_after_the_age(age: int) -> None:
    """P(T > t | T > a) = S(t)/S(a): compare the draws' distribution with the curve."""
    times, survival = kaplan_meier(ints(SIX_MP), np.array(SIX_MP_EVENT))
    n = 200_000
    rng = np.random.default_rng(age)
    beyond = 10_000
    drawn = km_lengths(
        times, survival, np.full(n, age, dtype=np.int64), rng.random(n), beyond=beyond
    )
    assert drawn.min() >= age + 1
    exact = six_mp_by_hand()
    at_age = float(exact[max(t for t in exact if t <= age)]) if age >= min(exact) else 1.0
    for t, s in exact.items():
        if t <= age:
            continue
        p = float(s) / at_age
        tolerance = 4 * math.sqrt(p * (1 - p) / n) + 1e-9
        assert abs(float((drawn > t).mean()) - p) < tolerance, t
    # Beyond the last event (23) the curve keeps S(23) > 0: that share lasts beyond the forecast.
    p_beyond = float(exact[23]) / at_age
    assert set(np.unique(drawn)) <= {t for t in exact if t > age} | {beyond}
    assert abs(float((drawn == beyond).mean()) - p_beyond) < 4 * math.sqrt(
        p_beyond * (1 - p_beyond) / n
    )


def test_lengths_without_evidence_last_beyond_the_forecast() -> None:
    times, survival = kaplan_meier(ints([5, 5]), np.array([True, True]))
    assert survival[-1] == 0.0
    drawn = km_lengths(times, survival, ints([7, 0]), np.array([0.5, 0.5]), beyond=999)
    assert list(drawn) == [999, 5]
    none = km_lengths(ints([]), np.zeros(0), ints([3, 4]), np.array([0.1, 0.9]), beyond=99)
    assert list(none) == [99, 99]


def test_planned_ends_give_exact_prorated_days_cost_and_reimbursement() -> None:
    """From 15 January to 1 April 2027: 17 days of January, all of February and March.

    A ends after 30 days (14 February), reimbursed for 10; B runs past the end, reimbursed for 20
    (17 days of January, 3 of February); C ends after 5 days, its period after it.
    """
    episodes = opened(
        age=[400, 3, 50],
        planned_end=[30, 100, 5],
        monthly_cost=[3_100_000, 2_800_000, 620_000],
        reimbursed_until=[10, 20, 50],
    )
    result = run(episode_input(date(2027, 1, 15), date(2027, 4, 1), open=episodes), runs=2)
    assert result.months == [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]
    assert list(result.simulated_days) == [17, 28, 31]
    assert list(result.month_days) == [31, 28, 31]
    days = [17 + 17 + 5, 13 + 28, 31]
    cost = [
        3_100_000 * 17 / 31 + 2_800_000 * 17 / 31 + 620_000 * 5 / 31,
        3_100_000 * 13 / 28 + 2_800_000,
        2_800_000,
    ]
    reimbursement = [
        0.5 * (3_100_000 * 10 / 31 + 2_800_000 * 17 / 31 + 620_000 * 5 / 31),
        0.5 * 2_800_000 * 3 / 28,
        0.0,
    ]
    for r in range(2):
        assert result.days[r] == pytest.approx(days, abs=1e-9)
        assert result.cost[r] == pytest.approx(cost, rel=1e-12)
        assert result.reimbursement[r] == pytest.approx(reimbursement, rel=1e-12)
        assert result.net_cost[r] == pytest.approx(np.array(cost) - reimbursement, rel=1e-12)


def test_open_ended_episode_ends_at_its_drawn_length() -> None:
    """Every completed episode lasted 40 days: one aged 10 has 30 days left; one aged 60 is
    beyond what the history knows and runs to the end."""
    episodes = opened(age=[10, 60], planned_end=[-1, -1], monthly_cost=[3_100_000, 0])
    past = history([40] * 5)
    result = run(episode_input(date(2027, 1, 1), date(2027, 3, 1), open=episodes, past=past))
    assert result.days.tolist() == [[30 + 31, 28]] * 3
    assert result.cost[0] == pytest.approx([3_100_000 * 30 / 31, 0.0])


def _expected_new(
    start: date, end: date, rate: float, lengths: list[int], mean_cost: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return expected episode-days and cost per month of new starts, by enumeration.

    Per month: rate × its simulated share starts, each on a uniform day of its simulated days,
    with each length equally likely and a mean monthly cost; days of [s, s + L) in each month.
    """
    months, month_days, bounds = month_bounds(start, end)
    n_days = int(bounds[-1])
    days = np.zeros(len(months))
    for m in range(len(months)):
        lo, hi = int(bounds[m]), int(bounds[m + 1])
        starts = rate * (hi - lo) / month_days[m]
        for s in range(lo, hi):
            for length in lengths:
                e = min(s + length, n_days)
                for t in range(len(months)):
                    overlap = max(0, min(e, int(bounds[t + 1])) - max(s, int(bounds[t])))
                    days[t] += starts / (hi - lo) / len(lengths) * overlap
    return days, days * mean_cost / month_days


def test_new_starts_approach_the_analytic_expectation() -> None:
    """8 starts a month, lengths 10, 45 or 100 days, 10,000 or 30,000 kr. a month, from the 16th.

    Tolerance: 4 standard errors of the mean over the runs (from the runs' own spread).
    """
    start, end = date(2027, 1, 16), date(2027, 7, 1)
    runs = 2000
    past = history([10, 45, 100], starts=8, costs=[1_000_000, 3_000_000])
    result = run(episode_input(start, end, past=past, new_share=0.25), runs=runs, seed=9)
    days, cost = _expected_new(start, end, 8.0, [10, 45, 100], 2_000_000.0)
    for simulated, expected in ((result.days, days), (result.cost, cost)):
        se = simulated.std(axis=0, ddof=1) / math.sqrt(runs)
        assert np.all(np.abs(simulated.mean(axis=0) - expected) < 4 * se + 1e-9)
    assert result.reimbursement == pytest.approx(0.25 * result.cost, rel=1e-9, abs=1e-6)


def test_seasonal_starts_follow_the_calendar_month_a_year_ago() -> None:
    """History from March: index 4 is July. One-day episodes show the month they start in."""
    counts = [0] * 12
    counts[4] = 30
    past = history([1, 1], starts=counts, costs=[100_000], first_month=3)
    start, end = date(2027, 1, 1), date(2028, 1, 1)
    seasonal = run(episode_input(start, end, past=past, seasonal=True), runs=20)
    july = seasonal.months.index(date(2027, 7, 1))
    assert not np.delete(seasonal.days, july, axis=1).any()
    assert seasonal.days[:, july].mean() > 15
    flat = run(episode_input(start, end, past=past), runs=20)
    assert np.delete(flat.days, july, axis=1).sum() > 0


def test_no_history_and_no_open_episodes_is_zeros() -> None:
    result = run(episode_input(date(2027, 1, 10), date(2027, 4, 1)), runs=4)
    for values in (result.days, result.cost, result.reimbursement):
        assert values.shape == (4, 3)
        assert not values.any()


def test_open_episodes_with_planned_ends_need_no_history() -> None:
    episodes = opened(age=[5], planned_end=[3], monthly_cost=[3_100_000])
    result = run(episode_input(date(2027, 1, 1), date(2027, 2, 1), open=episodes), runs=1)
    assert result.days.tolist() == [[3.0]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: history([], starts=2, costs=[100]), "varighed"),
        (lambda: history([30], starts=2, costs=[]), "månedlig udgift"),
    ],
)
def test_starts_without_lengths_or_costs_are_errors(
    data: Callable[[], EpisodeHistory], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        run(episode_input(date(2027, 1, 1), date(2027, 3, 1), past=data()))


def test_open_ended_without_history_is_an_error() -> None:
    episodes = opened(age=[5], planned_end=[-1], monthly_cost=[100])
    with pytest.raises(ValueError, match="varighed"):
        run(episode_input(date(2027, 1, 1), date(2027, 3, 1), open=episodes))


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (([1, 2], [-1], [0], [0]), "lige mange"),
        (([-1], [-1], [0], [0]), "alder"),
        (([1], [0], [0], [0]), "planlagte slut"),
        (([1], [-2], [0], [0]), "planlagte slut"),
        (([1], [-1], [-5], [0]), "månedlige udgift"),
        (([1], [-1], [5], [-1]), "refusionsperiode"),
    ],
)
def test_open_episodes_are_validated(
    columns: tuple[list[int], list[int], list[int], list[int]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        opened(*columns)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: history([5], starts=[1] * 11), "12 måneders"),
        (lambda: history([5], first_month=13), "første måned"),
        (lambda: history([5, 6], [True]), "lige mange"),
        (lambda: history([-1], [False]), "negativ"),
        (lambda: history([0], [True]), "mindst én dag"),
        (lambda: history([5], costs=[-1]), "månedlige udgift"),
    ],
)
def test_history_is_validated(make: Callable[[], EpisodeHistory], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"basis_points": 10_001}, "refusionssatsen"),
        ({"basis_points": -1}, "refusionssatsen"),
        ({"new_share": 1.5}, "refusionsandel"),
        ({"new_share": float("nan")}, "refusionsandel"),
        ({"end": date(2027, 1, 1)}, "slutdato"),
    ],
)
def test_input_is_validated(kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "start": date(2027, 1, 1),
        "end": date(2027, 2, 1),
        "open": OpenEpisodes.empty(),
        "history": EpisodeHistory.empty(),
        "basis_points": 5000,
        "new_share": 0.5,
    }
    values.update(kwargs)
    with pytest.raises(ValueError, match=message):
        EpisodeInput(**values)  # type: ignore[arg-type]


def test_runs_are_validated() -> None:
    with pytest.raises(ValueError, match="mindst én kørsel"):
        run(episode_input(date(2027, 1, 1), date(2027, 2, 1)), runs=0)


def test_same_seed_same_result() -> None:
    episodes = opened(
        age=[10, 400, 30], planned_end=[-1, -1, 90], monthly_cost=[2_000_000, 4_000_000, 500_000]
    )
    past = history(SIX_MP, SIX_MP_EVENT, starts=[3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8], costs=[9, 99])
    data = episode_input(date(2027, 1, 2), date(2029, 1, 1), open=episodes, past=past)
    first, second, other = run(data, seed=5), run(data, seed=5), run(data, seed=6)
    assert np.array_equal(first.cost, second.cost)
    assert np.array_equal(first.days, second.days)
    assert not np.array_equal(first.days, other.days)


@settings(max_examples=40, deadline=None)
@given(
    ages=st.lists(st.integers(0, 2000), max_size=8),
    planned=st.data(),
    durations=st.lists(st.tuples(st.integers(1, 900), st.booleans()), min_size=1, max_size=30),
    starts=st.lists(st.integers(0, 6), min_size=12, max_size=12),
    monthly_cost=st.integers(0, 10_000_000),
    basis_points=st.integers(0, 10_000),
    new_share=st.floats(0.0, 1.0),
    first_day=st.integers(1, 28),
    seed=st.integers(0, 2**32 - 1),
)
def test_money_follows_days_and_reimbursement_never_exceeds_cost(
    ages: list[int],
    planned: st.DataObject,
    durations: list[tuple[int, bool]],
    starts: list[int],
    monthly_cost: int,
    basis_points: int,
    new_share: float,
    first_day: int,
    seed: int,
) -> None:
    """With one monthly cost for all: cost = cost × days ÷ month days; 0 ≤ refund ≤ cost."""
    n = len(ages)
    planned_end = planned.draw(
        st.lists(st.sampled_from([-1, 1, 15, 200, 5000]), min_size=n, max_size=n)
    )
    until = planned.draw(st.lists(st.integers(0, 800), min_size=n, max_size=n))
    episodes = opened(ages, planned_end, [monthly_cost] * n, until)
    past = history(
        [d for d, _ in durations],
        [c for _, c in durations],
        starts=starts,
        costs=[monthly_cost],
    )
    data = episode_input(
        date(2027, 3, first_day),
        date(2028, 6, 1),
        open=episodes,
        past=past,
        basis_points=basis_points,
        new_share=new_share,
    )
    result = run(data, runs=4, seed=seed)
    tolerance = 1e-6 * max(monthly_cost, 1)
    assert (result.days >= -1e-9).all()
    assert result.cost == pytest.approx(
        monthly_cost * result.days / result.month_days, abs=tolerance
    )
    assert (result.reimbursement >= -tolerance).all()
    assert (result.reimbursement <= result.cost + tolerance).all()
    if not any(starts):
        assert (result.days <= n * result.simulated_days + 1e-9).all()

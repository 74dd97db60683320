"""The forecast of the budget's other areas: support, § 107 stays, grants and deposit loans.

The records feed the pure models in ``hjemvej.rules.forecast.episodes`` (support courses and § 107
stays: open ones run on, new ones start) and ``hjemvej.rules.forecast.grants`` (decisions per
month, amounts as in the last 12 months); the models' docstrings say how. What this module adds:

- **Open episodes** are the courses (or § 107 stays) running on the calculation date: their age,
  their known end (a recorded end after the date), their monthly cost and the end of their § 176 a
  reimbursement period as the engine computed it (the last day of a period covering them).
- **Durations** come from every course of the area the municipality has recorded, the completed
  ones as ended and the running ones as still running (the Kaplan–Meier estimate takes both).
- **New episodes** start as in the last 12 whole months, with those months' monthly costs; their
  reimbursement is the share of cost that § 176 a reimbursed for the courses started in those
  months (up to the calculation date): a new course is reimbursed as recent ones were.
- Each area has its own random stream (``numpy.random.default_rng([seed, k])``), so the shelter
  forecast with the same seed is unchanged and the total is the sum of the areas run by run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from hjemvej.economy.budgets.models import Measure
from hjemvej.economy.budgets.selectors.areas import AreaActuals
from hjemvej.economy.selectors.support import BOTILBUD
from hjemvej.rules import forecast as model
from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.support import SupportCourse

SUPPORT_RATE = "support.reimbursement.rate"
BOTILBUD_RATE = "support.botilbud.reimbursement.rate"


@dataclass(frozen=True)
class AreaSimulation:
    """Per measure, the simulated money (øre, float) of ``[start, end)``: shape (runs, months)."""

    months: list[date]
    measures: dict[str, model.FloatArray]


def area_simulation(
    areas: AreaActuals,
    *,
    start: date,
    end: date,
    runs: int,
    seed: int,
    params: ParameterSet,
    seasonal: bool = False,
) -> AreaSimulation:
    """Simulate the support, § 107, grant and loan money of ``[start, end)``.

    ``areas`` are the actuals of a period that holds the 12 whole months before ``start`` (the
    models' history: the courses' starts and the granted decisions). ValueError (Danish) when a
    model has nothing to draw from (e.g. starts but no durations).
    """
    history_start = month_start_plus(start.replace(day=1), -12)
    history_end = start.replace(day=1)
    courses = [c for c in areas.courses if c.start < start]
    until = _reimbursed_until(areas)
    measures: dict[str, model.FloatArray] = {}
    for k, (botilbud, rate) in enumerate(((False, SUPPORT_RATE), (True, BOTILBUD_RATE))):
        chosen = [c for c in courses if (c.method == BOTILBUD) == botilbud]
        data = _episode_input(
            chosen,
            areas,
            until,
            start=start,
            end=end,
            history=(history_start, history_end),
            basis_points=int(params.percent(rate, start) * 100),
            seasonal=seasonal,
        )
        simulation = model.simulate_episodes(
            data, runs=runs, rng=np.random.default_rng([seed, k + 1])
        )
        gross = Measure.BOTILBUD_GROSS_COST if botilbud else Measure.SUPPORT_GROSS_COST
        net = Measure.BOTILBUD_NET_COST if botilbud else Measure.SUPPORT_NET_COST
        measures[gross] = simulation.cost
        measures[net] = simulation.net_cost
        months = simulation.months
    for k, loans in enumerate((False, True)):
        grants = model.simulate_grants(
            _grant_history(areas, history_start, history_end, loans=loans),
            start,
            end,
            runs=runs,
            rng=np.random.default_rng([seed, k + 3]),
            seasonal=seasonal,
        )
        measures[Measure.DEPOSIT_LOANS if loans else Measure.GRANTS] = grants.amount
    return AreaSimulation(months=months, measures=measures)


def _reimbursed_until(areas: AreaActuals) -> dict[str, date]:
    """Return each course's last day of reimbursement + 1, from the engine's periods."""
    return {
        o.course.course_id: o.reimbursed_until
        for o in areas.outcomes
        if o.reimbursed_until is not None
    }


def _episode_input(
    courses: Sequence[SupportCourse],
    areas: AreaActuals,
    until: dict[str, date],
    *,
    start: date,
    end: date,
    history: tuple[date, date],
    basis_points: int,
    seasonal: bool,
) -> model.EpisodeInput:
    """Return the model's input from one area's courses (all of them, started before ``start``)."""
    running = [c for c in courses if c.end is None or c.end > start]

    def days(a: date, b: date) -> int:
        return (b - a).days

    open_episodes = model.OpenEpisodes(
        age=np.array([days(c.start, start) for c in running], dtype=np.int64),
        planned_end=np.array(
            [days(start, c.end) if c.end is not None else -1 for c in running], dtype=np.int64
        ),
        monthly_cost=np.array([c.monthly_cost for c in running], dtype=np.int64),
        reimbursed_until=np.array(
            [max(0, days(start, until.get(c.course_id, start))) for c in running], dtype=np.int64
        ),
    )
    completed = [c.end is not None and c.end <= start for c in courses]
    durations = [
        days(c.start, c.end) if c.end is not None and done else days(c.start, start)
        for c, done in zip(courses, completed, strict=True)
    ]
    first, last = history
    recent = [c for c in courses if first <= c.start < last]
    months = [month_start_plus(first, k) for k in range(12)]
    starts = [sum(1 for c in recent if c.start.replace(day=1) == m) for m in months]
    recent_ids = {c.course_id for c in recent}
    cost = reimbursed = 0
    for outcome in areas.outcomes:
        if outcome.course.course_id in recent_ids:
            cost += outcome.cost
            reimbursed += outcome.reimbursement
    return model.EpisodeInput(
        start=start,
        end=end,
        open=open_episodes,
        history=model.EpisodeHistory(
            durations=np.array(durations, dtype=np.int64),
            completed=np.array(completed, dtype=bool),
            monthly_starts=np.array(starts, dtype=np.int64),
            first_month=first.month,
            new_monthly_cost=np.array([c.monthly_cost for c in recent], dtype=np.int64),
        ),
        basis_points=basis_points,
        new_share=reimbursed / cost if cost else 0.0,
        seasonal=seasonal,
    )


def _grant_history(
    areas: AreaActuals, start: date, end: date, *, loans: bool
) -> model.GrantHistory:
    """Return the granted decisions of ``[start, end)`` (12 whole months): counts and amounts."""
    counts = [0] * 12
    amounts: list[int] = []
    for decided_on, loan, amount in areas.granted:
        if loan == loans and start <= decided_on < end:
            counts[(decided_on.year - start.year) * 12 + decided_on.month - start.month] += 1
            amounts.append(amount)
    return model.GrantHistory(
        monthly_counts=np.array(counts, dtype=np.int64),
        first_month=start.month,
        amounts=np.array(amounts, dtype=np.int64),
    )

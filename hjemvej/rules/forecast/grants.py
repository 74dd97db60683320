"""Forecast one-off grants and deposit loans: a compound Poisson count of decisions per month.

The model, in plain words: the number of decisions granted in a month is Poisson distributed with
the mean of the last 12 months' monthly counts (``seasonal``: the same calendar month's count a year
ago instead); a partial first month gets its simulated share of that mean (simulated days ÷ the
month's calendar days). Each decision's amount is drawn, with replacement, from the amounts of the
decisions granted in the 12 months (a bootstrap: no assumed distribution of amounts). Runs are
independent; the same seed gives the same result. Money is øre; simulated sums are float.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from hjemvej.rules.forecast.model import FloatArray, IntArray, month_bounds


def _check_history(counts: IntArray, first_month: int, what: str) -> None:
    """Raise a Danish ``ValueError`` unless ``counts`` are 12 counts ≥ 0 and the month is 1–12."""
    if len(counts) != 12:
        raise ValueError(f"historikken skal have 12 måneders {what}")
    if len(counts) and int(counts.min()) < 0:
        raise ValueError(f"antallet af {what} i en måned kan ikke være negativt")
    if not 1 <= first_month <= 12:
        raise ValueError("historikkens første måned skal være en måned fra 1 til 12")


def expected_counts(
    counts: IntArray,
    first_month: int,
    months: list[date],
    month_days: IntArray,
    simulated_days: IntArray,
    *,
    seasonal: bool,
) -> FloatArray:
    """Return the expected count per simulated month (a partial month pro rata of its days).

    ``counts`` are 12 monthly counts, oldest first, the first in calendar month ``first_month``.
    """
    history = counts.astype(np.float64)
    if seasonal:
        by_calendar = np.zeros(12, dtype=np.float64)
        for i, count in enumerate(history):
            by_calendar[(first_month - 1 + i) % 12] = count
        rates = np.array([by_calendar[m.month - 1] for m in months], dtype=np.float64)
    else:
        rates = np.full(len(months), history.mean() if len(history) else 0.0)
    result: FloatArray = rates * simulated_days / month_days
    return result


@dataclass(frozen=True)
class GrantHistory:
    """The last 12 months of granted decisions of one kind (grants, or deposit loans)."""

    monthly_counts: IntArray  # 12 counts of granted decisions, oldest month first
    first_month: int  # calendar month (1–12) of ``monthly_counts[0]``
    amounts: IntArray  # øre of each decision granted in the 12 months, ≥ 0

    def __post_init__(self) -> None:
        _check_history(self.monthly_counts, self.first_month, "bevillinger")
        if len(self.amounts) and int(self.amounts.min()) < 0:
            raise ValueError("et bevilget beløb kan ikke være negativt")


@dataclass(frozen=True)
class GrantSimulation:
    """Per run and month: the decisions granted and their sum (øre), arrays ``(runs, months)``."""

    months: list[date]  # first day of each calendar month
    month_days: IntArray  # calendar days of each month
    simulated_days: IntArray  # days of each month that lie in [start, end)
    count: FloatArray
    amount: FloatArray

    @property
    def runs(self) -> int:
        """Return the number of runs."""
        return int(self.count.shape[0])


def simulate_grants(
    history: GrantHistory,
    start: date,
    end: date,
    *,
    runs: int,
    rng: np.random.Generator,
    seasonal: bool = False,
) -> GrantSimulation:
    """Simulate ``runs`` futures of the decisions granted in ``[start, end)`` and their amounts."""
    if runs < 1:
        raise ValueError("der skal være mindst én kørsel")
    months, month_days, bounds = month_bounds(start, end)
    simulated_days = np.diff(bounds)
    expected = expected_counts(
        history.monthly_counts,
        history.first_month,
        months,
        month_days,
        simulated_days,
        seasonal=seasonal,
    )
    shape = (runs, len(months))
    if expected.sum() > 0 and not len(history.amounts):
        raise ValueError("ingen bevilgede beløb i de seneste 12 måneder at trække beløb fra")
    counts = rng.poisson(np.broadcast_to(expected, shape))
    amount: FloatArray = np.zeros(shape, dtype=np.float64)
    total = int(counts.sum())
    if total:
        drawn = history.amounts[rng.integers(0, len(history.amounts), size=total)]
        cell = np.repeat(np.arange(counts.size, dtype=np.int64), counts.ravel())
        sums = np.bincount(cell, weights=drawn.astype(np.float64), minlength=counts.size)
        amount = sums.reshape(shape).astype(np.float64)
    return GrantSimulation(
        months=months,
        month_days=month_days,
        simulated_days=simulated_days,
        count=counts.astype(np.float64),
        amount=amount,
    )

"""The forecast's input and result types and constants, and its month and percentile helpers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from hjemvej.rules.dates import month_start_plus

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: A window lasts a year; the model uses 365 days (the law's anniversary, ignoring leap days).
WINDOW_DAYS = 365
#: Fewer completed stays longer than an open stay's age than this: draw from the tail instead.
MIN_LONGER = 5
#: The percentiles of the band.
PERCENTILES = (10.0, 50.0, 90.0)
#: Basis points in one whole (5000 = 50 %).
BASIS = 10_000
#: At most this many groups of similar lengths per kind of new stay (see ``_classes``).
MAX_GROUPS = 32


@dataclass(frozen=True)
class OpenStays:
    """The stays open on the forecast's first day, one element per stay."""

    age: IntArray  # nights already counted before ``start`` (start − admitted), ≥ 0
    external: BoolArray  # the shelter lies outside the municipality
    rate: IntArray  # øre per day
    own: IntArray  # øre per day the citizen pays (≤ rate)
    reimbursable: IntArray  # øre per reimbursed day before the rate: rate − own; 0 if not eligible

    @classmethod
    def empty(cls) -> OpenStays:
        """Return no open stays."""
        nothing = np.zeros(0, dtype=np.int64)
        return cls(nothing, np.zeros(0, dtype=bool), nothing, nothing, nothing)

    def __len__(self) -> int:
        return len(self.age)


@dataclass(frozen=True)
class History:
    """The last 12 months: admissions per month and the stays completed in them."""

    monthly_admissions: IntArray  # 12 counts, oldest month first
    first_month: int  # calendar month (1–12) of ``monthly_admissions[0]``
    lengths: IntArray  # completed stays' lengths in nights (≥ 1)
    external: BoolArray  # per completed stay
    rate: IntArray  # per completed stay: today's daily rate (øre)
    own: IntArray  # per completed stay: today's own payment per day (øre)
    reimbursable: IntArray  # per completed stay: rate − own, or 0 when not eligible

    def __post_init__(self) -> None:
        if len(self.monthly_admissions) != 12:
            raise ValueError("historikken skal have 12 måneders indskrivninger")
        n = len(self.lengths)
        if not all(len(a) == n for a in (self.external, self.rate, self.own, self.reimbursable)):
            raise ValueError("de afsluttede ophold skal have lige mange værdier i hver kolonne")
        if n and int(self.lengths.min()) < 1:
            raise ValueError("et afsluttet ophold varer mindst én dag")


@dataclass(frozen=True)
class CapStep:
    """The day cap from a date on (``None``: no cap)."""

    valid_from: date
    cap: int | None


@dataclass(frozen=True)
class ForecastInput:
    """Everything the simulation needs; no database, no clock."""

    start: date  # the first simulated day (the calculation date: days before it are actuals)
    end: date  # the day after the last simulated day
    open_stays: OpenStays
    history: History
    caps: Sequence[CapStep]  # sorted by date; before the first: no cap
    basis_points: int  # the reimbursement rate, 5000 = 50 %
    calibration: float = 1.0  # law engine's reimbursed days ÷ this model's (see the docstring)
    seasonal: bool = False  # admissions by calendar month instead of the 12 months' mean

    @property
    def admissions_per_month(self) -> float:
        """Return the mean monthly admissions of the last 12 months."""
        return float(self.history.monthly_admissions.mean())


@dataclass(frozen=True)
class Simulation:
    """Per run and month: days and money of the simulated days ``[start, end)`` only.

    Arrays have shape ``(runs, months)``; money is øre (float, an expectation within the month).
    ``months[0]`` may be partial: ``simulated_days`` says how many of its days were simulated.
    """

    months: list[date]  # first day of each calendar month
    month_days: IntArray  # calendar days of each month
    simulated_days: IntArray  # days of each month that lie in [start, end)
    days: FloatArray
    external_days: FloatArray
    gross_cost: FloatArray
    own_payment: FloatArray
    reimbursement: FloatArray

    @property
    def runs(self) -> int:
        """Return the number of runs."""
        return int(self.days.shape[0])

    @property
    def net_cost(self) -> FloatArray:
        """Return gross cost − own payment − reimbursement per run and month."""
        result: FloatArray = self.gross_cost - self.own_payment - self.reimbursement
        return result


def percentiles(values: FloatArray) -> FloatArray:
    """Return the 10th, 50th and 90th percentile over the runs (axis 0): shape ``(3, …)``."""
    if values.shape[0] == 0:
        return np.zeros((3, *values.shape[1:]), dtype=np.float64)
    result: FloatArray = np.percentile(values, PERCENTILES, axis=0)
    return result


def month_bounds(start: date, end: date) -> tuple[list[date], IntArray, IntArray]:
    """Return the months touching ``[start, end)``, their calendar days and their day offsets.

    Offsets are days from ``start``: month ``t`` covers ``[bounds[t], bounds[t + 1])`` of the
    simulated days (the first month from ``start``, the last up to ``end``).
    """
    if end <= start:
        raise ValueError("prognosens slutdato skal ligge efter startdatoen")
    months = [start.replace(day=1)]
    while True:
        following = month_start_plus(months[-1], 1)
        if following >= end:
            break
        months.append(following)
    following_months = [*months[1:], month_start_plus(months[-1], 1)]
    month_days = np.array(
        [(b - a).days for a, b in zip(months, following_months, strict=True)], dtype=np.int64
    )
    bounds = np.array(
        [0, *((m - start).days for m in months[1:]), (end - start).days], dtype=np.int64
    )
    return months, month_days, bounds


Accumulators = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]

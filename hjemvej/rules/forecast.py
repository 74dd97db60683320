"""Forecast shelter occupancy and costs by simulation: full-year persons, gross and net cost.

The model, in plain words (the forecast page says the same in Danish):

1. **Who is in a shelter on the first day.** Every stay open on the forecast's first day
   (``start``) stays on for a random remaining time. Its total length is drawn from the lengths
   of the stays completed in the last 12 months *that are longer than the stay already is* (its
   age), so a stay that has lasted 200 days is never given a total length of 150. When fewer than
   ``MIN_LONGER`` completed stays are longer than its age, the remaining time is drawn from the
   longest completed stays' excess over the 90 % quantile of lengths (the tail of the
   distribution), since the data hold no better evidence of how such stays end.
2. **Who comes in.** Admissions in each month are Poisson distributed with the mean of the last
   12 months' monthly admissions (``seasonal``: the same calendar month's count instead). A new
   stay draws its length and whether the shelter lies outside the municipality together, as one
   of the stays completed in the last 12 months picked at random (so external stays keep their
   own lengths). Within a month, the admission day is uniform: the model uses the *expected*
   days a stay of that length admitted in that month has in each later month. For speed, the
   completed stays are grouped by kind and length into at most ``2 × MAX_GROUPS`` classes of
   about equally many stays; the counts per class are drawn (independent Poisson counts, which
   add up to the month's Poisson total) and each class keeps the exact mix of its lengths, so
   expected days are exact and only the variation within a class is averaged.
3. **What a day costs.** An open stay costs its own daily rate and own payment as of ``start``
   (rates and own payment are held at today's level: no price adjustment). A new stay costs the
   day-weighted mean daily rate and own payment of the completed stays in its class.
4. **What the state reimburses (§ 177), approximated.** Each stay opens a one-year window on its
   admission day and a new one every 365 days while it lasts; the first ``cap`` days of each
   window are reimbursed, with the cap in force on the day the window opens (no cap: all days).
   For a new stay, the cap is the one in force on the first day of its admission month (plus
   whole years for later windows). Reimbursement is the rate in force on ``start`` (basis
   points) of the reimbursed days' cost after own payment. Because a
   citizen's window really spans all of their stays (a readmission shares the window of the stay
   before it) and shelters not on Tilbudsportalen earn nothing, the model's reimbursed days are
   scaled by ``calibration``: the law engine's reimbursed days in the last 12 months divided by
   this model's reimbursed days for the same stays and months (see ``model_reimbursed_days``).
5. **Runs.** ``runs`` independent runs (default 500) with the generator passed in; each month's
   10th, 50th and 90th percentile over the runs form the band. The same seed gives the same result.

Days are nights as in the law engine: an open stay occupies ``[start, start + remaining)``. Money is
øre; simulated money is float (an expectation within the month) and is rounded once, when the
percentiles are taken. Vectorised with numpy: 500 runs of three years on national data (about 2,000
open stays, 1,000 admissions a month) take a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

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
        m = months[-1]
        following = date(m.year + m.month // 12, m.month % 12 + 1, 1)
        if following >= end:
            break
        months.append(following)
    following_months = [*months[1:], _next_month(months[-1])]
    month_days = np.array(
        [(b - a).days for a, b in zip(months, following_months, strict=True)], dtype=np.int64
    )
    bounds = np.array(
        [0, *((m - start).days for m in months[1:]), (end - start).days], dtype=np.int64
    )
    return months, month_days, bounds


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


# --- The reimbursement model ----------------------------------------------------------------


def _cap_lengths(caps: Sequence[CapStep], ordinals: IntArray) -> IntArray:
    """Return per window-opening day its window's reimbursed days (no cap: the whole window)."""
    starts = np.array([c.valid_from.toordinal() for c in caps], dtype=np.int64)
    values = np.array(
        [WINDOW_DAYS if c.cap is None else min(c.cap, WINDOW_DAYS) for c in caps], dtype=np.int64
    )
    index = np.searchsorted(starts, ordinals, side="right") - 1
    if not len(values):
        return np.full(ordinals.shape, WINDOW_DAYS, dtype=np.int64)
    result: IntArray = np.where(index >= 0, values[np.maximum(index, 0)], WINDOW_DAYS)
    return result


def model_reimbursed_days(
    admitted: IntArray, stop: IntArray, lo: int, hi: int, caps: Sequence[CapStep]
) -> int:
    """Return this model's reimbursed days of stays ``[admitted, stop)`` inside ``[lo, hi)``.

    Ordinals. A window opens on the admission day and every 365 days after; its first ``cap``
    days (the cap in force on its opening day) are reimbursed. Used to calibrate the model against
    the law engine on the same stays and days.
    """
    total = 0
    length = np.maximum(stop - admitted, 0)
    longest = int(length.max(initial=0))
    for j in range(longest // WINDOW_DAYS + 1):
        opens = admitted + j * WINDOW_DAYS
        alive = length > j * WINDOW_DAYS
        if not alive.any():
            break
        cap = _cap_lengths(caps, opens)
        a = np.maximum(opens, lo)
        b = np.minimum(np.minimum(opens + cap, stop), hi)
        total += int(np.where(alive & (b > a), b - a, 0).sum())
    return total


# --- Sampling lengths ------------------------------------------------------------------------


def _tail_residuals(sorted_lengths: IntArray) -> IntArray:
    """Return the longest completed stays' excess over the 90 % quantile (at least 1 day)."""
    n = len(sorted_lengths)
    top = max(MIN_LONGER, n // 10)
    base_index = n - top - 1
    base = int(sorted_lengths[base_index]) if base_index >= 0 else 0
    residuals = sorted_lengths[max(base_index + 1, 0) :] - base
    result: IntArray = np.maximum(residuals, 1)
    return result


def remaining_days(
    ages: IntArray, sorted_lengths: IntArray, runs: int, rng: np.random.Generator
) -> IntArray:
    """Draw each open stay's remaining days per run: shape ``(runs, stays)``, each ≥ 1.

    The total length is drawn from the completed lengths longer than the age; with fewer than
    ``MIN_LONGER`` such lengths, the remaining days come from the tail's excess instead.
    """
    n = len(sorted_lengths)
    first_longer = np.searchsorted(sorted_lengths, ages, side="right")
    longer = n - first_longer
    u = rng.random((runs, len(ages)))
    pick = first_longer + np.floor(u * longer).astype(np.int64)
    pick = np.minimum(pick, n - 1)
    remaining: IntArray = sorted_lengths[pick] - ages
    few = longer < MIN_LONGER
    if few.any():
        tail = _tail_residuals(sorted_lengths)
        draws = tail[rng.integers(0, len(tail), size=(runs, int(few.sum())))]
        remaining[:, few] = draws
    result: IntArray = np.maximum(remaining, 1)
    return result


# --- The simulation --------------------------------------------------------------------------


def _prefix_overlap(bounds: IntArray, size: int) -> FloatArray:
    """Return ``S[t, y]`` = Σ over u < y of the days of ``[0, u)`` that lie in month ``t``.

    With ``G_t(u) = clip(u, a_t, b_t) − a_t`` (days of ``[0, u)`` in month t), the days of
    ``[s, s + L)`` in month t are ``G_t(s + L) − G_t(s)``, and a sum over a range of ``s`` is a
    difference of ``S``.
    """
    u = np.arange(size, dtype=np.int64)
    a = bounds[:-1, None]
    b = bounds[1:, None]
    g = (np.clip(u[None, :], a, b) - a).astype(np.float64)
    result: FloatArray = np.concatenate(
        (np.zeros((len(a), 1), dtype=np.float64), np.cumsum(g, axis=1)), axis=1
    )
    return result


def _month_sums(histogram: FloatArray, bounds: IntArray) -> FloatArray:
    """Return ``Σ_x histogram[r, x] · G_t(x)`` per run and month, ``G_t(x)`` = days of [0, x) in t.

    ``G_t(x)`` is 0 up to the month's first day ``a``, ``x − a`` inside it and the month's length
    from its end ``b`` on, so the sum needs only running sums of the histogram and of ``x`` times
    it, read at the month bounds.
    """
    runs, width = histogram.shape
    x = np.arange(width, dtype=np.float64)
    zeros = np.zeros((runs, 1), dtype=np.float64)
    c0 = np.concatenate((zeros, np.cumsum(histogram, axis=1)), axis=1)  # Σ over x' < x
    c1 = np.concatenate((zeros, np.cumsum(histogram * x, axis=1)), axis=1)
    a = bounds[:-1]
    b = bounds[1:]
    inside = (c1[:, b] - c1[:, a]) - a * (c0[:, b] - c0[:, a])
    after = (b - a) * (c0[:, width][:, None] - c0[:, b])
    result: FloatArray = inside + after
    return result


#: Rows × columns × inner size of one matrix product below which BLAS stays on one thread.
_SMALL_PRODUCT = 200_000


def _matmul(a: FloatArray, b: FloatArray) -> FloatArray:
    """Return ``a @ b``, in row blocks small enough that BLAS uses one thread for each.

    The products here are many and small; a multithreaded BLAS gains nothing on them and, on a
    busy server, loses much to threads waiting for cores. Blocks keep it on the calling thread.
    """
    rows = max(1, _SMALL_PRODUCT // max(1, a.shape[1] * b.shape[1]))
    if a.shape[0] <= rows:
        result: FloatArray = a @ b
        return result
    return np.concatenate([a[i : i + rows] @ b for i in range(0, a.shape[0], rows)], axis=0)


def _admission_rates(
    data: ForecastInput, months: list[date], month_days: IntArray, bounds: IntArray
) -> FloatArray:
    """Return the expected admissions per simulated month (partial months pro rata)."""
    history = data.history.monthly_admissions.astype(np.float64)
    if data.seasonal:
        by_calendar = np.zeros(12, dtype=np.float64)
        for i, count in enumerate(history):
            by_calendar[(data.history.first_month - 1 + i) % 12] = count
        rates = np.array([by_calendar[m.month - 1] for m in months], dtype=np.float64)
    else:
        rates = np.full(len(months), history.mean(), dtype=np.float64)
    simulated = np.diff(bounds).astype(np.float64)
    result: FloatArray = rates * simulated / month_days
    return result


def simulate(data: ForecastInput, *, runs: int, rng: np.random.Generator) -> Simulation:
    """Simulate ``runs`` futures of the municipality's shelter days and costs (SEL §§ 110, 177)."""
    if runs < 1:
        raise ValueError("der skal være mindst én kørsel")
    months, month_days, bounds = month_bounds(data.start, data.end)
    n_days = int(bounds[-1])
    n_months = len(months)
    shape = (runs, n_months)
    days = np.zeros(shape)
    external_days = np.zeros(shape)
    gross = np.zeros(shape)
    own = np.zeros(shape)
    reimbursed_amount = np.zeros(shape)  # øre before the rate and the calibration

    history = data.history
    order = np.argsort(history.lengths, kind="stable")
    sorted_lengths = history.lengths[order].astype(np.int64)
    expected = _admission_rates(data, months, month_days, bounds)
    needs_lengths = len(data.open_stays) > 0 or bool(expected.sum() > 0)
    if needs_lengths and not len(sorted_lengths):
        raise ValueError(
            "ingen afsluttede ophold i de seneste 12 måneder at trække opholdslængder fra"
        )

    if len(data.open_stays):
        _open_stays(
            data,
            sorted_lengths,
            bounds,
            runs,
            rng,
            out=(days, external_days, gross, own, reimbursed_amount),
        )
    if expected.sum() > 0:
        _new_stays(
            data,
            expected,
            bounds,
            runs,
            rng,
            out=(days, external_days, gross, own, reimbursed_amount),
        )
    reimbursement = reimbursed_amount * (data.basis_points / BASIS) * data.calibration
    simulated_days = np.diff(bounds)
    assert n_days == int(simulated_days.sum())
    return Simulation(
        months=months,
        month_days=month_days,
        simulated_days=simulated_days,
        days=days,
        external_days=external_days,
        gross_cost=gross,
        own_payment=own,
        reimbursement=reimbursement,
    )


Accumulators = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]


def _open_stays(
    data: ForecastInput,
    sorted_lengths: IntArray,
    bounds: IntArray,
    runs: int,
    rng: np.random.Generator,
    *,
    out: Accumulators,
) -> None:
    """Add the open stays' days and money: each stays on for a drawn remaining time."""
    days, external_days, gross, own, reimbursed_amount = out
    stays = data.open_stays
    n_days = int(bounds[-1])
    width = n_days + 1
    ends = np.minimum(remaining_days(stays.age, sorted_lengths, runs, rng), n_days)
    run_offset = (np.arange(runs, dtype=np.int64) * width)[:, None]
    keys = (run_offset + ends).ravel()

    def per_month(weights: FloatArray | None, event_keys: IntArray = keys) -> FloatArray:
        histogram = np.bincount(event_keys, weights=weights, minlength=runs * width)
        return _month_sums(histogram.reshape(runs, width).astype(np.float64), bounds)

    tile = np.broadcast_to
    shape = ends.shape
    days += per_month(None)
    external_days += per_month(tile(stays.external.astype(np.float64), shape).ravel())
    gross += per_month(tile(stays.rate.astype(np.float64), shape).ravel())
    own += per_month(tile(stays.own.astype(np.float64), shape).ravel())

    # Reimbursed days: per window of the stay, the days [opens, opens + cap) before the end.
    start_ordinal = data.start.toordinal()
    eligible = np.flatnonzero(stays.reimbursable > 0)
    if not len(eligible):
        return
    age = stays.age[eligible]
    amount = stays.reimbursable[eligible].astype(np.float64)
    stay_ends = ends[:, eligible]
    first_window = age // WINDOW_DAYS
    event_keys: list[IntArray] = []
    event_weights: list[FloatArray] = []
    j = 0
    while True:
        opens = -age + (first_window + j) * WINDOW_DAYS  # day offset of the window's opening
        if int(opens.min()) >= n_days:
            break
        cap = _cap_lengths(data.caps, opens + start_ordinal)
        lo = np.clip(opens, 0, n_days)
        hi = np.clip(opens + cap, 0, n_days)
        some = np.flatnonzero(hi > lo)
        if len(some):
            # Only the runs in which the stay is still there when the reimbursed days begin.
            run, column = np.nonzero(stay_ends[:, some] > lo[some])
            stay = some[column]
            end = stay_ends[run, stay]
            base = run * width
            weight = amount[stay]
            event_keys += [base + np.minimum(hi[stay], end), base + lo[stay]]
            event_weights += [weight, -weight]
        j += 1
    if event_keys:
        reimbursed_amount += per_month(np.concatenate(event_weights), np.concatenate(event_keys))


@dataclass(frozen=True)
class _Classes:
    """Kinds of new stay: (inside/outside) × a group of similar lengths, with their prices."""

    weights: FloatArray  # (classes, distinct lengths): each class's mix of lengths, rows sum to 1
    probability: FloatArray  # (classes,): the share of completed stays in the class
    external: FloatArray  # (classes,): 1.0 for a shelter outside the municipality
    rate: FloatArray  # (classes,): day-weighted mean daily rate, øre
    own: FloatArray  # (classes,): day-weighted mean own payment per day, øre
    reimbursable: FloatArray  # (classes,): day-weighted mean of rate − own on eligible stays


def _classes(history: History, length_index: IntArray, n_lengths: int) -> _Classes:
    """Group the completed stays into at most ``2 × MAX_GROUPS`` classes of similar lengths.

    Distinct lengths are their own class while there are few of them; otherwise neighbouring
    lengths are grouped into ``MAX_GROUPS`` groups holding about equally many stays each. A group
    keeps the exact mix of its lengths (so the expected days are exact); only the variation
    within a group is averaged.
    """
    n = len(history.lengths)
    kind = history.external.astype(np.int64)
    row_of = np.full((2, n_lengths), -1, dtype=np.int64)
    rows = 0
    for k in (0, 1):
        present, counts = np.unique(length_index[kind == k], return_counts=True)
        if not len(present):
            continue
        if len(present) <= MAX_GROUPS:
            group = np.arange(len(present), dtype=np.int64)
        else:
            before = np.cumsum(counts) - counts
            group = (before * MAX_GROUPS) // int(counts.sum())
            _, group = np.unique(group, return_inverse=True)
        row_of[k, present] = rows + group
        rows += int(group.max()) + 1
    stay_class = row_of[kind, length_index]
    in_class = np.bincount(stay_class, minlength=rows).astype(np.float64)
    weights = np.zeros((rows, n_lengths), dtype=np.float64)
    np.add.at(weights, (stay_class, length_index), 1.0)
    weights /= in_class[:, None]
    days = history.lengths.astype(np.float64)
    class_days = np.bincount(stay_class, weights=days, minlength=rows)

    def mean(column: IntArray) -> FloatArray:
        total = np.bincount(stay_class, weights=column * days, minlength=rows)
        result: FloatArray = total / class_days
        return result

    external = np.bincount(stay_class, weights=kind.astype(np.float64), minlength=rows)
    return _Classes(
        weights=weights,
        probability=in_class / n,
        external=external / in_class,
        rate=mean(history.rate),
        own=mean(history.own),
        reimbursable=mean(history.reimbursable),
    )


def _new_stays(
    data: ForecastInput,
    expected: FloatArray,
    bounds: IntArray,
    runs: int,
    rng: np.random.Generator,
    *,
    out: Accumulators,
) -> None:
    """Add the days and money of stays admitted during the forecast.

    A month's admissions are Poisson; split by the class of the completed stay they copy, the
    counts per class are independent Poisson draws with the class's share of the mean.
    """
    days, external_days, gross, own, reimbursed_amount = out
    history = data.history
    n_days = int(bounds[-1])
    n_months = len(expected)
    start_ordinal = data.start.toordinal()
    # Lengths beyond the horizon all behave alike: clip them, then work on distinct lengths.
    lengths, length_index = np.unique(np.minimum(history.lengths, n_days), return_inverse=True)
    classes = _classes(history, length_index.astype(np.int64), len(lengths))
    prefix = _prefix_overlap(bounds, 2 * n_days + 2)  # (months, 2·days + 2)
    windows = -(-n_days // WINDOW_DAYS)
    prices = np.stack((np.ones_like(classes.rate), classes.external, classes.rate, classes.own))
    for m in range(n_months):
        w0, w1 = int(bounds[m]), int(bounds[m + 1])
        if w1 <= w0 or expected[m] <= 0:
            continue
        n_window = w1 - w0

        def phi(x: IntArray, m: int = m, w0: int = w0, w1: int = w1) -> FloatArray:
            """Return Σ over admission days s of the window of G_t(s + x): shape (len(x), T)."""
            x = np.minimum(x, n_days)
            result: FloatArray = (prefix[m:, w1 + x] - prefix[m:, w0 + x]).T
            return result

        # Expected days per later month of a stay of each length admitted this month.
        base = phi(np.zeros(1, dtype=np.int64))
        occupied = (phi(lengths) - base) / n_window  # (lengths, months from m)
        reimbursed = np.zeros_like(occupied)
        for j in range(windows):
            alpha = j * WINDOW_DAYS
            if w0 + alpha >= n_days:
                break
            cap = int(_cap_lengths(data.caps, np.array([start_ordinal + w0 + alpha]))[0])
            beta = alpha + np.minimum(cap, np.maximum(lengths - alpha, 0))
            valid = beta > alpha
            if valid.any():
                alphas = np.full(int(valid.sum()), alpha, dtype=np.int64)
                reimbursed[valid] += (phi(beta[valid]) - phi(alphas)) / n_window
        class_days = _matmul(classes.weights, occupied)  # (classes, months from m)
        class_reimbursed = _matmul(classes.weights, reimbursed) * classes.reimbursable[:, None]
        counts = rng.poisson(expected[m] * classes.probability, size=(runs, len(classes.rate)))
        per_run = _matmul(
            counts.astype(np.float64),
            np.concatenate([class_days * p[:, None] for p in prices] + [class_reimbursed], axis=1),
        )
        width = n_months - m
        parts = [per_run[:, i * width : (i + 1) * width] for i in range(5)]
        days[:, m:] += parts[0]
        external_days[:, m:] += parts[1]
        gross[:, m:] += parts[2]
        own[:, m:] += parts[3]
        reimbursed_amount[:, m:] += parts[4]

"""Stays open on the first day: their drawn remaining days, and their days and money per month."""

from __future__ import annotations

import numpy as np

from hjemvej.rules.forecast.model import (
    MIN_LONGER,
    WINDOW_DAYS,
    Accumulators,
    FloatArray,
    ForecastInput,
    IntArray,
)
from hjemvej.rules.forecast.reimbursement import _cap_lengths


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

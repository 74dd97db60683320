"""Stays admitted during the forecast: expected admissions, classes of lengths, days and money."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from hjemvej.rules.forecast.model import (
    MAX_GROUPS,
    WINDOW_DAYS,
    Accumulators,
    FloatArray,
    ForecastInput,
    History,
    IntArray,
)
from hjemvej.rules.forecast.reimbursement import _cap_lengths


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

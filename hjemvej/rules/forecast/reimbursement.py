"""The § 177 reimbursement, approximated: yearly windows, each with its cap of reimbursed days."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hjemvej.rules.forecast.model import WINDOW_DAYS, CapStep, IntArray


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

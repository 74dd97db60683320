"""Long-term homelessness (langvarig hjemløshed): the one definition the list and statistics use.

A citizen is long-term homeless on a day when their time in homelessness up to that day (every
day in any of the nine situations, a day in two situations counted once) is more than the limit
in force that day: the dated parameter ``homelessness.long_term.days`` (``rules/params/
homelessness.yaml``; 183 days, status assumed, after VIVE's national count, which an
administrator should check). The by-name list, the citizen's page and the list over time
(``stats.flows``) all read it here. docs/statistics.md, "The list over time".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np
import numpy.typing as npt

from hjemvej.core.law import current_parameters
from hjemvej.rules.parameters import ParameterError, ParameterSet, ParameterValue

LONG_TERM_PARAMETER = "homelessness.long_term.days"


def long_term_threshold(day: date, params: ParameterSet | None = None) -> ParameterValue:
    """Return the limit of long-term homelessness in force on the day (days, with its status)."""
    return (params or current_parameters()).at(LONG_TERM_PARAMETER, day)


def threshold_days(threshold: ParameterValue) -> int:
    """Return the long-term limit as a number of days."""
    value = threshold.value
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError([f"{threshold.name}: skal være et antal dage"])
    return value


#: ``days_in_periods``' end of a period that has not ended.
OPEN = -1


def days_in_homelessness(periods: Iterable[tuple[date, date | None]], *, until: date) -> int:
    """Return the days of the periods ``[start, end)`` before ``until``, each day counted once.

    An open period (end None) runs to ``until``; an empty one (a same-day shelter stay's
    situation, ``[d, d)``) holds no day.
    """
    spans = list(periods)
    days = days_in_periods(
        np.zeros(len(spans), dtype=np.int64),
        np.array([start.toordinal() for start, _ in spans], dtype=np.int64),
        np.array([OPEN if end is None else end.toordinal() for _, end in spans], dtype=np.int64),
        np.zeros(1, dtype=np.int64),
        np.array([until.toordinal()], dtype=np.int64),
    )
    return int(days[0])


def days_in_periods(
    owners: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    ends: npt.NDArray[np.int64],
    asked_owners: npt.NDArray[np.int64],
    untils: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """Return, per question, the days of its owner's periods before its day, each day once.

    The periods are ``[starts, ends)`` as date ordinals, each with its owner (a citizen's index,
    0 or more), an end ``OPEN`` while it lasts; a question is an owner and a day (``untils``).
    Many citizens and days at once, for the list's month ends: the periods are merged per owner
    (overlaps once), then each question adds the merged days before its day.
    """
    if not len(untils):
        return np.zeros(0, dtype=np.int64)
    horizon = int(untils.max())
    # One number per owner and day, so owners never mix: owner * SPAN + ordinal.
    span = horizon + 1
    ends = np.where(ends == OPEN, horizon, np.minimum(ends, horizon))
    keep = (starts < ends) & (starts < horizon)
    order = np.lexsort((starts[keep], owners[keep]))
    first = (owners[keep] * span + starts[keep])[order]
    after = (owners[keep] * span + ends[keep])[order]
    if not len(first):
        return np.zeros(len(untils), dtype=np.int64)
    reach = np.maximum.accumulate(after)
    new = np.ones(len(first), dtype=bool)
    new[1:] = first[1:] > reach[:-1]
    heads = np.flatnonzero(new)
    merged_start = first[heads]
    merged_end = np.maximum.reduceat(after, heads)
    merged_owner = merged_start // span
    lengths = merged_end - merged_start
    before = np.cumsum(lengths) - lengths
    before -= before[np.searchsorted(merged_owner, merged_owner, side="left")]
    asked = asked_owners * span + untils
    index = np.searchsorted(merged_start, asked, side="left") - 1
    safe = np.maximum(index, 0)
    mine = (index >= 0) & (merged_owner[safe] == asked_owners)
    within = np.minimum(merged_end[safe], asked) - merged_start[safe]
    return np.where(mine, before[safe] + within, 0).astype(np.int64)

"""Long-term homelessness (langvarig hjemløshed): the one definition the list and statistics use.

A citizen is long-term homeless on a day when their time in homelessness up to that day (every
day in any of the nine situations, a day in two situations counted once) is more than the limit
in force that day: the dated parameter ``homelessness.long_term.days`` (``rules/params/
homelessness.yaml``; 183 days, status assumed, after VIVE's national count, which an
administrator should check). The by-name list, the citizen's page and the list over time
(``stats.flows``) all read it here. docs/statistics.md, "The list over time".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

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


def days_in_homelessness(periods: Iterable[tuple[date, date | None]], *, until: date) -> int:
    """Return the days of the periods ``[start, end)`` before ``until``, each day counted once.

    An open period (end None) runs to ``until``; an empty one (a same-day shelter stay's
    situation, ``[d, d)``) holds no day.
    """
    return days_before_each(periods, [until])[0]


def days_before_each(
    periods: Iterable[tuple[date, date | None]], untils: Sequence[date]
) -> list[int]:
    """Return ``days_in_homelessness`` before each day of ``untils`` (ascending), in one sweep."""
    merged: list[tuple[date, date | None]] = []  # disjoint, in order; None: still open
    for start, end in sorted(periods, key=lambda p: (p[0], p[1] or date.max)):
        if end is not None and end <= start:
            continue
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            last_start, last_end = merged[-1]
            if last_end is not None:
                merged[-1] = (last_start, None if end is None else max(last_end, end))
            continue
        merged.append((start, end))
    days: list[int] = []
    index, closed = 0, 0
    for until in untils:
        while index < len(merged) and (end := merged[index][1]) is not None and end <= until:
            closed += (end - merged[index][0]).days
            index += 1
        running = 0
        if index < len(merged) and merged[index][0] < until:
            running = (until - merged[index][0]).days  # the period that holds ``until``
        days.append(closed + running)
    return days

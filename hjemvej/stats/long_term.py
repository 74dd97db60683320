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
    spans = sorted((start, min(end or until, until)) for start, end in periods if start < until)
    total = 0
    covered_to: date | None = None
    for start, end in spans:
        if covered_to is not None and start < covered_to:
            start = covered_to
        if end > start:
            total += (end - start).days
            covered_to = end
    return total

"""The list's stocks and flows per month, from its event log (``citizens.ByNameListEvent``).

A citizen is on the list at the end of a day when the last of their list events up to and
including that day (in date order, then as recorded) is an entry. A month's inflow is the
entries that put a citizen who was off the list on it, its outflow the exits that took one who
was on it off, each by its reason; an event that changes nothing (an entry while on the list, an
exit while off it: the services never write one) is left out and counted in ``Flows.ignored``.
So each month balances: on the list at its start + inflow − outflow = on the list at its end,
which is the next month's start.

The citizens on the list at a month's end are split by their situation on its last day, their
age band on that day and whether they are long-term homeless then (``stats.long_term``). The
month in progress is counted up to and including the day asked about (``as_of``) and says so
(``MonthFlow.partial``).

One query reads the events of the citizens given (the caller scopes them through
``accounts.policy``); the splits at the months' ends read their situations and birth dates,
two more. Everything else is a walk over those rows in Python.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import QuerySet

from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    HomelessnessSituation,
    ListEventKind,
    ListEventReason,
    Situation,
)
from hjemvej.core.errors import DomainError
from hjemvej.core.law import current_parameters
from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.parameters import ParameterSet, ParameterValue
from hjemvej.stats.long_term import days_before_each, long_term_threshold, threshold_days

R = ListEventReason

#: The inflow's reasons, in the order of Built for Zero's report.
INFLOW: tuple[str, ...] = (R.NEWLY_IDENTIFIED, R.RETURNED_FROM_HOUSING, R.RETURNED_FROM_INACTIVE)
#: The outflow's reasons.
OUTFLOW: tuple[str, ...] = (R.HOUSED, R.INACTIVE, R.MOVED_AWAY, R.DIED, R.NO_LONGER_ELIGIBLE)
#: Where an event with a reason of the other direction is counted (the services never write one).
INFLOW_FALLBACK = R.NEWLY_IDENTIFIED
OUTFLOW_FALLBACK = R.NO_LONGER_ELIGIBLE

#: The key of "on the list without a situation on the day" (a discharge to an unknown place).
NO_SITUATION = "none"
NO_SITUATION_LABEL = "Ingen registreret situation"
#: The situations as the splits show them: the nine of the national definition, then none.
SITUATIONS: tuple[tuple[str, str], ...] = (
    *((str(value), str(label)) for value, label in Situation.choices),
    (NO_SITUATION, NO_SITUATION_LABEL),
)


class AgeBand(NamedTuple):
    """An age band ``[low, high)`` in whole years; None: open at that end."""

    key: str
    label: str
    low: int | None
    high: int | None


#: The list's age bands: Danmarks Statistik's bands of the shelter statistic (HERFOR, 18–24,
#: 25–29, 30–39, 40–49, 50–59, 60+; docs/statistics.md), with a band below 18 for the young
#: the list may hold, and "unknown" for a citizen without a birth date.
AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("under_18", "Under 18 år", None, 18),
    AgeBand("18_24", "18–24 år", 18, 25),
    AgeBand("25_29", "25–29 år", 25, 30),
    AgeBand("30_39", "30–39 år", 30, 40),
    AgeBand("40_49", "40–49 år", 40, 50),
    AgeBand("50_59", "50–59 år", 50, 60),
    AgeBand("60_plus", "60 år og derover", 60, None),
)
AGE_UNKNOWN = AgeBand("unknown", "Alder ukendt", None, None)


def age_on(birth_date: date, day: date) -> int:
    """Return the age in whole years on the day."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def age_band(birth_date: date | None, day: date) -> str:
    """Return the key of the age band the citizen is in on the day (``unknown`` without a date)."""
    if birth_date is None:
        return AGE_UNKNOWN.key
    age = age_on(birth_date, day)
    for band in AGE_BANDS:
        if (band.low is None or age >= band.low) and (band.high is None or age < band.high):
            return band.key
    return AGE_UNKNOWN.key  # not reached: the bands cover every age


@dataclass
class MonthFlow:
    """One month of the list: on it at start and end, the flows by reason, the end's splits."""

    month: date  # the month's first day
    last_day: date  # the last day counted: the month's last, or the day asked about
    on_list_start: int = 0
    entered: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INFLOW, 0))
    left: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTFLOW, 0))
    on_list_end: int = 0
    long_term_end: int = 0
    by_situation: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((key for key, _ in SITUATIONS), 0)
    )
    by_age: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys([*(b.key for b in AGE_BANDS), AGE_UNKNOWN.key], 0)
    )

    @property
    def partial(self) -> bool:
        """Return whether the month is counted only in part (the month in progress)."""
        return self.last_day.day < calendar.monthrange(self.month.year, self.month.month)[1]

    @property
    def inflow(self) -> int:
        """Return how many came onto the list in the month."""
        return sum(self.entered.values())

    @property
    def outflow(self) -> int:
        """Return how many left the list in the month."""
        return sum(self.left.values())

    @property
    def net(self) -> int:
        """Return the month's net change: inflow − outflow (on the list at end − at start)."""
        return self.inflow - self.outflow

    @property
    def not_long_term_end(self) -> int:
        """Return how many on the list at the month's end were not long-term homeless."""
        return self.on_list_end - self.long_term_end


@dataclass(frozen=True)
class Flows:
    """The months asked for, and what their counting rests on."""

    months: list[MonthFlow]
    as_of: date
    #: Events in the months that changed nothing (an entry while on the list, an exit while off).
    ignored: int = 0
    #: The long-term limits in force at the months' ends (one, unless the parameter changed).
    long_term_limits: tuple[ParameterValue, ...] = ()


def month_range(first: date, last: date) -> list[date]:
    """Return the first days of the months from ``first``'s month to ``last``'s, inclusive."""
    months = []
    current = first.replace(day=1)
    while current <= last:
        months.append(current)
        current = month_start_plus(current, 1)
    return months


def list_flows(
    citizens: QuerySet[Citizen],
    *,
    first: date,
    last: date,
    as_of: date,
    details: bool = True,
    params: ParameterSet | None = None,
) -> Flows:
    """Return the months from ``first``'s to ``last``'s for the citizens, counted to ``as_of``.

    ``details``: also split the months' ends by situation, age band and long-term (two more
    queries). A month that begins after ``as_of`` cannot be counted yet.
    """
    months = month_range(first, last)
    if not months or months[-1] > as_of:
        raise DomainError("Perioden skal begynde senest i den måned, der tælles til.")
    rows = [
        MonthFlow(month=m, last_day=min(month_start_plus(m, 1) - timedelta(days=1), as_of))
        for m in months
    ]
    ends = [row.last_day for row in rows]
    start = months[0]
    stop = ends[-1] + timedelta(days=1)  # events up to and including the last day counted
    events = (
        ByNameListEvent.objects.filter(citizen__in=citizens, date__lt=stop)
        .order_by("citizen_id", "date", "id")
        .values_list("citizen_id", "date", "kind", "reason")
    )
    periods: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    ignored = 0
    for citizen_id, events_of in _by_citizen(events):
        on_since: date | None = None
        own = periods[citizen_id]
        for day, kind, reason in events_of:
            index = _month_index(months, day) if day >= start else None
            if kind == ListEventKind.ENTERED and on_since is None:
                on_since = day
                if index is not None:
                    key = reason if reason in INFLOW else INFLOW_FALLBACK
                    rows[index].entered[key] += 1
            elif kind == ListEventKind.LEFT and on_since is not None:
                own.append((on_since, day))
                on_since = None
                if index is not None:
                    key = reason if reason in OUTFLOW else OUTFLOW_FALLBACK
                    rows[index].left[key] += 1
            elif index is not None:
                ignored += 1
        if on_since is not None:
            own.append((on_since, None))
    # On the list at the end of a month's last day L: a period [from, to) with from <= L < to.
    on_at_end: dict[int, list[int]] = {}  # citizen -> the months (indices) they end on the list
    before_start = start - timedelta(days=1)
    for citizen_id, own in periods.items():
        indices: list[int] = []
        for since, until in own:
            if since <= before_start and (until is None or until > before_start):
                rows[0].on_list_start += 1
            low = bisect_left(ends, since)
            high = len(ends) if until is None else bisect_right(ends, until - timedelta(days=1))
            indices.extend(range(low, high))
        if indices:
            on_at_end[citizen_id] = indices
            for index in indices:
                rows[index].on_list_end += 1
    for index in range(1, len(rows)):
        rows[index].on_list_start = rows[index - 1].on_list_end
    limits: tuple[ParameterValue, ...] = ()
    if details:
        limits = _split_ends(citizens, rows, on_at_end, params or current_parameters())
    return Flows(months=rows, as_of=as_of, ignored=ignored, long_term_limits=limits)


def _by_citizen(
    rows: Iterable[tuple[int, date, str, str]],
) -> Iterable[tuple[int, list[tuple[date, str, str]]]]:
    """Group the events (sorted by citizen) per citizen."""
    current: int | None = None
    group: list[tuple[date, str, str]] = []
    for citizen_id, day, kind, reason in rows:
        if citizen_id != current:
            if current is not None:
                yield current, group
            current, group = citizen_id, []
        group.append((day, kind, reason))
    if current is not None:
        yield current, group


def _month_index(months: Sequence[date], day: date) -> int:
    return bisect_right(months, day) - 1


def _split_ends(
    citizens: QuerySet[Citizen],
    rows: list[MonthFlow],
    on_at_end: dict[int, list[int]],
    params: ParameterSet,
) -> tuple[ParameterValue, ...]:
    """Split each month's end by situation, age band and long-term; return the limits used."""
    last = rows[-1].last_day
    situations: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for citizen_id, start, end, kind in (
        HomelessnessSituation.objects.filter(citizen__in=citizens, start__lte=last)
        .order_by("citizen_id", "start", "id")
        .values_list("citizen_id", "start", "end", "situation")
    ):
        situations[citizen_id].append((start, end, kind))
    births = dict(citizens.filter(birth_date__isnull=False).values_list("pk", "birth_date"))
    thresholds = [long_term_threshold(row.last_day, params) for row in rows]
    limit_days = [threshold_days(limit) for limit in thresholds]
    for citizen_id, indices in on_at_end.items():
        own = situations.get(citizen_id, [])
        starts = [start for start, _, _ in own]
        born = births.get(citizen_id)
        days = days_before_each(
            ((s, e) for s, e, _ in own), [rows[i].last_day + timedelta(days=1) for i in indices]
        )
        for index, spent in zip(indices, days, strict=True):
            row = rows[index]
            row.by_situation[_situation_on(own, starts, row.last_day)] += 1
            row.by_age[age_band(born, row.last_day)] += 1
            if spent > limit_days[index]:
                row.long_term_end += 1
    return tuple(dict.fromkeys(thresholds))


def _situation_on(
    situations: Sequence[tuple[date, date | None, str]], starts: Sequence[date], day: date
) -> str:
    """Return the situation the citizen is in on the day (the latest begun), or ``none``."""
    for index in range(bisect_right(starts, day) - 1, -1, -1):
        _, end, kind = situations[index]
        if end is None or end > day:
            return kind
    return NO_SITUATION


def month_flow(citizens: QuerySet[Citizen], *, today: date) -> MonthFlow:
    """Return this month's inflow and outflow so far for the citizens (one query)."""
    return list_flows(citizens, first=today, last=today, as_of=today, details=False).months[0]

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
two more. The arithmetic is done on columns (``arrays``), so a national list's year (23,000
citizens) takes about a second.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

import numpy as np
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
from hjemvej.stats.flows import acting, arrays
from hjemvej.stats.long_term import days_in_periods, long_term_threshold, threshold_days

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
    municipality_id: int | None = None,
) -> Flows:
    """Return the months from ``first``'s to ``last``'s for the citizens, counted to ``as_of``.

    ``details``: also split the months' ends by situation, age band and long-term (two more
    queries). A month that begins after ``as_of`` cannot be counted yet. ``municipality_id``:
    count the municipality's list as it was, by the acting municipality of the time
    (``stats.flows.acting``: one more query), the citizens given being its citizens today.
    """
    months = month_range(first, last)
    if not months or months[-1] > as_of:
        raise DomainError("Perioden skal begynde senest i den måned, der tælles til.")
    rows = [
        MonthFlow(month=m, last_day=min(month_start_plus(m, 1) - timedelta(days=1), as_of))
        for m in months
    ]
    stop = rows[-1].last_day + timedelta(days=1)  # events up to and including the last day
    spans = acting.crossed_spans(municipality_id) if municipality_id is not None else {}
    citizens = acting.counted_citizens(citizens, spans)
    read = list(
        ByNameListEvent.objects.filter(citizen__in=citizens, date__lt=stop)
        .order_by("citizen_id", "date", "id")
        .values_list("citizen_id", "date", "kind", "reason")
    )
    if spans:
        read = [row for row in acting.within_spans(read, spans) if row[1] < stop]
    events = arrays.Events.of(read, ListEventKind.ENTERED, REASON_CODES)
    changes = events.changes()
    month_of = np.searchsorted(arrays.days(months), events.days, side="right") - 1
    in_months = month_of >= 0
    entries = in_months & changes & events.entered
    exits = in_months & changes & ~events.entered
    fitting = (events.reasons >= 0) & (events.reasons < len(INFLOW))
    inflow = np.where(fitting, events.reasons, INFLOW.index(INFLOW_FALLBACK))
    outflow = events.reasons - len(INFLOW)
    outflow = np.where(outflow >= 0, outflow, OUTFLOW.index(OUTFLOW_FALLBACK))
    entered = arrays.per_month(month_of[entries], inflow[entries], len(rows), len(INFLOW))
    left = arrays.per_month(month_of[exits], outflow[exits], len(rows), len(OUTFLOW))
    before = months[0] - timedelta(days=1)
    owners, on = events.on_at_ends(arrays.days([before, *(row.last_day for row in rows)]))
    rows[0].on_list_start = int(on[:, 0].sum())
    for index, row in enumerate(rows):
        row.entered = {k: int(n) for k, n in zip(INFLOW, entered[index], strict=True)}
        row.left = {k: int(n) for k, n in zip(OUTFLOW, left[index], strict=True)}
        row.on_list_end = int(on[:, index + 1].sum())
        if index:
            row.on_list_start = rows[index - 1].on_list_end
    limits: tuple[ParameterValue, ...] = ()
    if details:
        pair_owner, pair_month = np.nonzero(on[:, 1:])
        limits = _split_ends(
            citizens,
            rows,
            owners,
            pair_owner.astype(np.int64),
            pair_month.astype(np.int64),
            params or current_parameters(),
        )
    ignored = int(np.count_nonzero(in_months & ~changes))
    return Flows(months=rows, as_of=as_of, ignored=ignored, long_term_limits=limits)


#: The reasons' codes in the event columns: the inflow's, then the outflow's.
REASON_CODES: dict[str, int] = {str(r): i for i, r in enumerate((*INFLOW, *OUTFLOW))}
#: Each situation's position in ``SITUATIONS`` (the last: none).
SITUATION_CODES: dict[str, int] = {key: code for code, (key, _) in enumerate(SITUATIONS)}


def _owners_of(owners: arrays.Ints, ids: arrays.Ints) -> tuple[arrays.Ints, arrays.Bools]:
    """Return each id's position among ``owners`` (sorted), and whether it is one of them."""
    position = np.minimum(np.searchsorted(owners, ids), max(len(owners) - 1, 0))
    known = (owners[position] == ids) if len(owners) else np.zeros(len(ids), dtype=bool)
    return position.astype(np.int64), np.asarray(known, dtype=bool)


def _split_ends(
    citizens: QuerySet[Citizen],
    rows: list[MonthFlow],
    owners: arrays.Ints,
    pair_owner: arrays.Ints,
    pair_month: arrays.Ints,
    params: ParameterSet,
) -> tuple[ParameterValue, ...]:
    """Split each month's end by situation, age band and long-term; return the limits used.

    ``owners`` are the citizens with list events (ids, sorted); a pair is a citizen (position in
    ``owners``) on the list at a month's end (its index in ``rows``).
    """
    thresholds = [long_term_threshold(row.last_day, params) for row in rows]
    limits = np.array([threshold_days(limit) for limit in thresholds], dtype=np.int64)
    ends = arrays.days([row.last_day for row in rows])
    found = list(
        HomelessnessSituation.objects.filter(
            citizen__in=citizens, start__lte=rows[-1].last_day
        ).values_list("citizen_id", "start", "end", "situation", "id")
    )
    ids, starts, stops, kinds, pks = zip(*found, strict=True) if found else ((),) * 5
    owner, known = _owners_of(owners, np.array(ids, dtype=np.int64))
    columns = (
        owner[known],
        arrays.days(starts)[known],
        arrays.days(stops)[known],
        np.array([SITUATION_CODES[k] for k in kinds], dtype=np.int64)[known],
        np.array(pks, dtype=np.int64)[known],
    )
    spent = days_in_periods(*columns[:3], pair_owner, ends[pair_month] + 1)
    long_term = np.bincount(pair_month[spent > limits[pair_month]], minlength=len(rows))
    none = SITUATION_CODES[NO_SITUATION]
    kinds_on = arrays.situations_on(*columns, pair_owner, ends[pair_month], none)
    births = dict(citizens.filter(birth_date__isnull=False).values_list("pk", "birth_date"))
    born = arrays.birth_columns([births.get(int(pk)) for pk in owners])
    on_days = np.array([(r.last_day.year, r.last_day.month, r.last_day.day) for r in rows])
    lows = [band.low or 0 for band in AGE_BANDS]
    bands = arrays.age_bands(born[pair_owner], on_days.reshape(-1, 3)[pair_month], lows)
    band_keys = [*(b.key for b in AGE_BANDS), AGE_UNKNOWN.key]
    by_kind = arrays.per_month(pair_month, kinds_on, len(rows), len(SITUATIONS))
    by_band = arrays.per_month(pair_month, bands, len(rows), len(band_keys))
    for index, row in enumerate(rows):
        row.long_term_end = int(long_term[index])
        row.by_situation = {
            key: int(n) for (key, _), n in zip(SITUATIONS, by_kind[index], strict=True)
        }
        row.by_age = {key: int(n) for key, n in zip(band_keys, by_band[index], strict=True)}
    return tuple(dict.fromkeys(thresholds))


def month_flow(citizens: QuerySet[Citizen], *, today: date) -> MonthFlow:
    """Return this month's inflow and outflow so far for the citizens (one query)."""
    return list_flows(citizens, first=today, last=today, as_of=today, details=False).months[0]

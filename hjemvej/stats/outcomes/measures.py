"""The outcome measures, one function each over the municipality's records (``Records``).

Each is computed in one pass in Python from the rows fetched once and returns its figures and,
for the way down to the citizens, one line per citizen (or stay) it counted, with the groups
whose count holds it. docs/statistics.md, "Outcome measures", says exactly how.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from hjemvej.citizens.models import ListEventKind, ListEventReason
from hjemvej.rules.dates import add_months, add_months_clamped
from hjemvej.rules.parameters import ParameterSet, ParameterValue, default_parameters
from hjemvej.rules.support import METHOD_LABELS
from hjemvej.shelters.models import ExitReason
from hjemvej.stats.outcomes.model import (
    NO_BASE,
    NONE,
    NOT_YET,
    OK,
    PARTIAL,
    Figure,
    Line,
    Period,
    Result,
    mean,
    median,
    share,
)
from hjemvej.stats.outcomes.records import Records, StayRow, TenancyRow

RETURN_WINDOWS = (
    "outcomes.returns.short_months",
    "outcomes.returns.medium_months",
    "outcomes.returns.long_months",
)
KEPT_MONTHS = "outcomes.housing_kept.months"
LOOKBACK_MONTHS = "outcomes.first_time.lookback_months"
#: The support methods whose courses are followed, in the order shown.
METHODS = ("cti", "icm", "act", "m_act", "sel85")


def _days(line: Line, index: int) -> int:
    """Return the line's number of days in the cell ``index``."""
    cell = line.cells[index]
    assert isinstance(cell, int)
    return cell


#: Every window parameter the measures read, on the first day of the year counted.
WINDOWS = (*RETURN_WINDOWS, KEPT_MONTHS, LOOKBACK_MONTHS)


def first_counted_year(params: ParameterSet) -> int:
    """Return the first year the windows have values for (every measure can be counted)."""
    first = max(params[name].first_date for name in WINDOWS)
    return first.year + (first > date(first.year, 1, 1))


def period_problem(year: int, as_of: date, params: ParameterSet | None = None) -> str:
    """Return why the year cannot be counted as of the day (Danish), or ''."""
    first = first_counted_year(params or default_parameters())
    if year < first:
        return f"Hjemvej opgør resultatmål fra {first}: periodernes værdier gælder fra da."
    if year > 9998:
        return f"{year} er ikke et år, Hjemvej kan opgøre."
    if as_of <= date(year, 1, 1):
        return f"Året {year} er ikke begyndt den {as_of:%d.%m.%Y}."
    return ""


def since(year: int, params: ParameterSet) -> date:
    """Return the earliest day a measure of the year looks at: the first-time look-back's start.

    Every other measure reads records from the year on (time in homelessness reads all of a
    citizen's history, summed by the database: ``Records.homeless_days``).
    """
    start = date(year, 1, 1)
    return add_months_clamped(start, -params.count(LOOKBACK_MONTHS, start))


def _by_date(lines: Iterable[Line], index: int) -> tuple[Line, ...]:
    """Return the lines by the date in the cell ``index``, then by citizen."""

    def key(line: Line) -> tuple[date, int]:
        cell = line.cells[index]
        assert isinstance(cell, date)
        return cell, line.citizen

    return tuple(sorted(lines, key=key))


def _status(period: Period, base: int) -> str:
    if not base:
        return NO_BASE
    return PARTIAL if period.partial else OK


def _shares(
    period: Period, groups: Iterable[tuple[str, str]], lines: Sequence[Line], based: dict[str, int]
) -> tuple[Figure, ...]:
    """Return a share per group: the lines counted in it over the group's base."""
    figures = []
    for group, label in groups:
        count = sum(group in line.counted for line in lines)
        base = based[group]
        status = _status(period, base)
        value = share(count, base) if status != NO_BASE else None
        figures.append(Figure(group, label, "percent", value, count, base, status))
    return tuple(figures)


def _durations(period: Period, days: Sequence[int], what: str) -> tuple[Figure, ...]:
    """Return the mean and the median of ``days``, each over all of them."""
    status = _status(period, len(days))
    n = len(days)
    return (
        Figure("mean_days", f"Gennemsnit, {what}", "days", mean(days), n, n, status),
        Figure("median_days", f"Median, {what}", "days", median(days), n, n, status),
    )


def _months(params: ParameterSet, name: str, period: Period) -> tuple[ParameterValue, int]:
    """Return a window parameter in force on the year's first day, and its months."""
    return params.at(name, period.start), params.count(name, period.start)


# --- Time in homelessness ----------------------------------------------------------------------


TIME_GROUPS = frozenset({"mean_year", "median_year", "mean_total", "median_total"})
HOUSED = frozenset({"housed"})
FIRST_TIME = frozenset({"first_time"})


def time_homeless(records: Records, period: Period, params: ParameterSet) -> Result:
    """Days in homelessness in the year, and in all up to its end, per citizen in homelessness."""
    lines = []
    for citizen, (in_year, until_end) in records.homeless_days(period.start, period.stop).items():
        lines.append(Line(citizen, (in_year, until_end), TIME_GROUPS))
    lines.sort(key=lambda line: (-_days(line, 1), line.citizen))
    year = [_days(line, 0) for line in lines]
    total = [_days(line, 1) for line in lines]
    status = _status(period, len(lines))
    n = len(lines)
    figures = (
        Figure("mean_year", "Gennemsnit, dage i året", "days", mean(year), n, n, status),
        Figure("median_year", "Median, dage i året", "days", median(year), n, n, status),
        Figure("mean_total", "Gennemsnit, samlet tid", "days", mean(total), n, n, status),
        Figure("median_total", "Median, samlet tid", "days", median(total), n, n, status),
    )
    columns = ("Dage i hjemløshed i året", "Samlet tid i hjemløshed (dage)")
    return Result(figures, columns, tuple(lines))


# --- Exits to own housing ----------------------------------------------------------------------


def exits_housing(records: Records, period: Period, params: ParameterSet) -> Result:
    """The citizens who left the list in the year: how many left it (the last time) housed."""
    last: dict[int, tuple[date, str]] = {}
    for event in records.events:  # by citizen, date and order: the last one wins
        if event.kind == ListEventKind.LEFT and period.holds(event.day):
            last[event.citizen] = (event.day, event.reason)
    labels = dict(ListEventReason.choices)
    lines = _by_date(
        (
            Line(
                citizen,
                (day, str(labels.get(reason, reason)), reason == ListEventReason.HOUSED),
                HOUSED if reason == ListEventReason.HOUSED else NONE,
            )
            for citizen, (day, reason) in last.items()
        ),
        0,
    )
    figures = _shares(period, [("housed", "Til egen bolig")], lines, {"housed": len(lines)})
    return Result(figures, ("Gik af listen", "Årsag", "Til egen bolig"), lines)


# --- Returns to homelessness after moving in ---------------------------------------------------


def first_move_in(records: Records, period: Period) -> dict[int, TenancyRow]:
    """Return each citizen's first move into own housing in the counted part of the year.

    The one meaning of "moved into their own home in the year": the returns to homelessness
    follow these citizens, and the economy's scenario of the own payment paid back counts them.
    """
    found: dict[int, TenancyRow] = {}
    for citizen, tenancies in records.tenancies.items():
        for tenancy in tenancies:  # oldest first
            if period.holds(tenancy.move_in):
                found[citizen] = tenancy
                break
    return found


def _first_after(days: Iterable[date], after: date) -> date | None:
    return min((d for d in days if d > after), default=None)


def _returns(records: Records, period: Period, params: ParameterSet, *, shelter: bool) -> Result:
    windows, months = zip(*(_months(params, name, period) for name in RETURN_WINDOWS), strict=True)
    lines = []
    for citizen, tenancy in first_move_in(records, period).items():
        stays = records.stays.get(citizen, [])
        days = [s.admitted for s in stays]
        if not shelter:
            days += [s.start for s in records.situations.get(citizen, [])]
        back = _first_after(days, tenancy.move_in)
        counted = frozenset(
            str(m) for m in months if back is not None and back < add_months(tenancy.move_in, m)
        )
        after = (back - tenancy.move_in).days if back is not None else None
        followed = tuple(
            ("ja" if str(m) in counted else "nej")
            if add_months(tenancy.move_in, m) <= records.as_of or str(m) in counted
            else "følges stadig"
            for m in months
        )
        lines.append(Line(citizen, (tenancy.move_in, back, after, *followed), counted))
    last_day = period.end - timedelta(days=1)
    figures = tuple(
        _cohort_figure(
            period,
            records,
            str(m),
            f"Inden for {m} måneder",
            sum(str(m) in line.counted for line in lines),
            len(lines),
            add_months(last_day, m),
        )
        for m in months
    )
    back_word = "Nyt ophold på boform" if shelter else "Tilbage i hjemløshed"
    columns = (
        "Flyttede ind",
        back_word,
        "Dage efter indflytningen",
        *(f"Inden for {m} måneder" for m in months),
    )
    return Result(figures, columns, _by_date(lines, 0), tuple(windows))


def returns_any(records: Records, period: Period, params: ParameterSet) -> Result:
    """Of those who moved into own housing in the year: back in any homelessness situation."""
    return _returns(records, period, params, shelter=False)


def returns_shelter(records: Records, period: Period, params: ParameterSet) -> Result:
    """Of those who moved into own housing in the year: a new § 110 stay."""
    return _returns(records, period, params, shelter=True)


# --- Housing kept after support began ----------------------------------------------------------


def _housed_on(records: Records, citizen: int, day: date) -> bool:
    """Return whether the citizen lived in own housing on the day and was not in homelessness."""
    housed = any(t.covers(day) for t in records.tenancies.get(citizen, []))
    homeless = any(s.covers(day) for s in records.situations.get(citizen, []))
    return housed and not homeless


def housing_kept(records: Records, period: Period, params: ParameterSet) -> Result:
    """Of those whose support began in the year, per method: in own housing 12 months after."""
    window, months = _months(params, KEPT_MONTHS, period)
    first: dict[tuple[int, str], date] = {}
    for course in records.courses:  # by citizen and start: the first course of a method wins
        if course.kind in METHODS and period.holds(course.start):
            first.setdefault((course.citizen, course.kind), course.start)
    # "All methods" follows each citizen's first course of the year (a tie: the order of METHODS).
    first_any: dict[int, tuple[date, int]] = {}
    for (citizen, kind), start in first.items():
        mine = (start, METHODS.index(kind))
        first_any[citizen] = min(mine, first_any.get(citizen, mine))
    lines = []
    based: dict[str, int] = defaultdict(int)
    for (citizen, kind), start in sorted(first.items(), key=lambda i: (i[1], i[0])):
        groups = {kind}
        if first_any[citizen] == (start, METHODS.index(kind)):
            groups.add("all")
        for group in groups:
            based[group] += 1
        day = add_months(start, months)
        known = day < records.as_of
        kept = known and _housed_on(records, citizen, day)
        text = ("ja" if kept else "nej") if known else "følges stadig"
        counted = frozenset(groups) if kept else NONE
        lines.append(Line(citizen, (METHOD_LABELS[kind], start, day, text), counted))
    ready_on = add_months(period.end - timedelta(days=1), months) + timedelta(days=1)
    figures = []
    for group in (*METHODS, "all"):
        label = "Alle metoder" if group == "all" else METHOD_LABELS[group]
        count = sum(group in line.counted for line in lines)
        base = based[group]
        figures.append(_cohort_figure(period, records, group, label, count, base, ready_on))
    columns = ("Indsats", "Støtten begyndte", f"Dagen {months} måneder efter", "Bor i egen bolig")
    return Result(tuple(figures), columns, tuple(lines), (window,))


def _cohort_figure(
    period: Period, records: Records, group: str, label: str, count: int, base: int, ready: date
) -> Figure:
    """Return a cohort's share, or NOT_YET before the as-of day has followed all of it."""
    if period.partial or records.as_of < ready:
        return Figure(group, label, "percent", None, None, base, NOT_YET, ready)
    status = OK if base else NO_BASE
    return Figure(group, label, "percent", share(count, base), count, base, status, ready)


# --- First-time homelessness -------------------------------------------------------------------


def first_time(records: Records, period: Period, params: ParameterSet) -> Result:
    """Of those who came onto the list in the year: no homelessness in the 24 months before."""
    window, months = _months(params, LOOKBACK_MONTHS, period)
    entries: dict[int, tuple[date, str]] = {}
    for event in records.events:
        if event.kind == ListEventKind.ENTERED and period.holds(event.day):
            entries.setdefault(event.citizen, (event.day, event.reason))
    labels = dict(ListEventReason.choices)
    lines = []
    for citizen, (day, reason) in entries.items():
        look_from = add_months_clamped(day, -months)
        spans = records.situations.get(citizen, [])
        stays: list[StayRow] = records.stays.get(citizen, [])
        before = any(s.touches(look_from, day) for s in spans) or any(
            s.touches(look_from, day) for s in stays
        )
        first = not before
        lines.append(
            Line(
                citizen,
                (day, str(labels.get(reason, reason)), look_from, first),
                FIRST_TIME if first else NONE,
            )
        )
    figures = _shares(period, [("first_time", "Første gang")], lines, {"first_time": len(lines)})
    columns = ("Kom på listen", "Årsag", f"Set efter fra ({months} måneder før)", "Første gang")
    return Result(figures, columns, _by_date(lines, 0), (window,))


# --- Shelter stays ended by agreement ----------------------------------------------------------


UNKNOWN_REASON = frozenset({"unknown"})
BY_AGREEMENT = frozenset({"agreement"})


def stays_by_agreement(records: Records, period: Period, params: ParameterSet) -> Result:
    """The § 110 stays discharged in the year: the share ended by agreement (known reasons)."""
    labels = {value: str(label) for value, label in ExitReason.choices}
    lines = []
    known = 0
    for stays in records.stays.values():
        for stay in stays:
            if stay.discharged is None or not period.holds(stay.discharged):
                continue
            unknown = stay.exit_reason in ("", ExitReason.UNKNOWN)
            known += not unknown
            if unknown:
                counted = UNKNOWN_REASON
            elif stay.exit_reason == ExitReason.AGREEMENT:
                counted = BY_AGREEMENT
            else:
                counted = NONE
            reason = labels.get(stay.exit_reason or ExitReason.UNKNOWN, "")
            cells = (stay.shelter, stay.admitted, stay.discharged, reason)
            lines.append(Line(stay.citizen, cells, counted))
    figures = _shares(
        period,
        [("agreement", "Efter aftale"), ("unknown", "Uoplyst udflytningsforhold")],
        lines,
        {"agreement": known, "unknown": len(lines)},
    )
    return Result(
        figures, ("Boform", "Indskrevet", "Udskrevet", "Udflytningsforhold"), _by_date(lines, 2)
    )


# --- From admission to offer, and from offer to move-in -----------------------------------------


def _offer_stay(stays: Sequence[StayRow], offered_on: date) -> StayRow | None:
    """Return the stay the offer was made during: the latest admitted by then, not yet ended."""
    latest = None
    for stay in stays:  # oldest first
        if stay.admitted <= offered_on:
            latest = stay
    if latest is None or (latest.discharged is not None and offered_on > latest.discharged):
        return None
    return latest


def admission_to_offer(records: Records, period: Period, params: ParameterSet) -> Result:
    """Days from a § 110 admission to the first housing offer made during the stay."""
    lines = []
    for citizen, offers in records.offers.items():
        stays = records.stays.get(citizen, [])
        offered: dict[int, tuple[StayRow, date]] = {}
        for offered_on in offers:  # oldest first: the stay's first offer wins
            stay = _offer_stay(stays, offered_on)
            if stay is not None:
                offered.setdefault(stay.pk, (stay, offered_on))
        for stay, offered_on in offered.values():
            if period.holds(offered_on):
                days = (offered_on - stay.admitted).days
                lines.append(
                    Line(citizen, (stay.shelter, stay.admitted, offered_on, days), ALL_DAYS)
                )
    figures = _durations(period, [_days(line, 3) for line in lines], "dage")
    return Result(
        figures, ("Boform", "Indskrevet", "Første boligtilbud", "Dage"), _by_date(lines, 2)
    )


def offer_to_move_in(records: Records, period: Period, params: ParameterSet) -> Result:
    """Days from the offer of a dwelling to moving into it, for the moves in the year."""
    lines = []
    for citizen, tenancies in records.tenancies.items():
        for tenancy in tenancies:
            if tenancy.offered_on is not None and period.holds(tenancy.move_in):
                days = (tenancy.move_in - tenancy.offered_on).days
                lines.append(Line(citizen, (tenancy.offered_on, tenancy.move_in, days), ALL_DAYS))
    figures = _durations(period, [_days(line, 2) for line in lines], "dage")
    return Result(figures, ("Tilbudt", "Flyttede ind", "Dage"), _by_date(lines, 1))


ALL_DAYS = frozenset({"mean_days", "median_days"})


Compute = Callable[[Records, Period, ParameterSet], Result]

#: Every measure by its key, in the order the pages and the command line show them.
MEASURES: dict[str, Compute] = {
    "time_homeless": time_homeless,
    "exits_housing": exits_housing,
    "returns_any": returns_any,
    "returns_shelter": returns_shelter,
    "housing_kept": housing_kept,
    "first_time": first_time,
    "stays_by_agreement": stays_by_agreement,
    "admission_to_offer": admission_to_offer,
    "offer_to_move_in": offer_to_move_in,
}

"""Support in numbers: § 85 a courses and persons per method and year, and caseloads over time;
temporary § 107 botilbud stays beside them.

A course counts in a year when it has begun (before today) and its days ``[start, end)`` reach
into the year: a course across New Year counts in both years. A person counts once per method
per year however many courses of the method they had; "§ 85 a i alt" counts each person once
across the four methods. The national figures beside them are the persons the National
Partnership reports (``NATIONAL``).

The caseload of a month is taken on one day, the month's last (today for this month), as the
caseload page counts today: a citizen counts once per worker and method when a course of theirs
is open that day. Per method the page shows the workers with citizens, the mean and the largest
number of citizens per worker, and the fidelity limit in force that day (the municipality's own,
else the method's default parameter, ``support.selectors.caseload_limits``).

A temporary § 107 botilbud stay counts in a year as a course does (begun before today, with days
in the year); the year also counts the stays that began in it, those that ended in it (the last
day in the year and before today: a planned end is not yet an end) and those running on past its
end (past today for this year), so that last year's running plus the started less the ended
are this year's running. Each month counts the citizens in a stay on the month's day.
§ 107 has no caseload limit and a stay no worker, so there is no caseload to hold against one.

Courses and § 107 stays are the municipality's when it was the citizen's acting municipality the
day they began (``stats.stays.acting_on_the_day``): after a handover the old municipality keeps
the courses it began, the new one counts those it begins. docs/statistics.md, "Support in
numbers", says the same in words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, QuerySet

from hjemvej.core.formatting import danish_number
from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.support import methods as method_rules
from hjemvej.stats.stays import acting_on_the_day
from hjemvej.support.models import BotilbudStay, CourseKind, SupportCourse
from hjemvej.support.selectors.caseload import caseload_limits

#: The methods counted, in the page's order: the four § 85 a methods, then § 85 bostøtte.
HOUSING_FIRST: tuple[str, ...] = (CourseKind.CTI, CourseKind.ICM, CourseKind.ACT, CourseKind.M_ACT)
SEL85: str = CourseKind.SEL85
METHODS: tuple[str, ...] = (*HOUSING_FIRST, SEL85)
#: The column of persons with any § 85 a method (each person once).
ALL_HOUSING_FIRST = "sel85a"
LABELS: dict[str, str] = {
    CourseKind.CTI: "CTI",
    CourseKind.ICM: "ICM",
    CourseKind.ACT: "ACT",
    CourseKind.M_ACT: "M-ACT",
    ALL_HOUSING_FIRST: "§ 85 a i alt",
    CourseKind.SEL85: "Bostøtte (§ 85)",
}

NATIONAL_SOURCE = (
    "Det Nationale Partnerskab mod Hjemløshed: Afrapportering 2025, tabel 1 »Modtagere af "
    "indsatser efter § 85 a i serviceloven, 2024« (egne beregninger på Danmarks Statistiks "
    "registerdata): voksne, der i løbet af året modtog en eller flere indsatser efter § 85 a og "
    "kan genfindes i befolkningsregistret; samme person kan have modtaget flere indsatser, så "
    "tabellen kan ikke summeres. I alt modtog »godt 1.800 personer« en eller flere indsatser."
)
#: Persons receiving each § 85 a method in the whole country (``NATIONAL_SOURCE``). M-ACT is not
#: reported apart; the total is "godt 1.800" (a little over 1,800), kept as 1,800 with its words.
NATIONAL: dict[int, dict[str, int]] = {
    2024: {CourseKind.CTI: 844, CourseKind.ICM: 925, CourseKind.ACT: 140, ALL_HOUSING_FIRST: 1_800},
}
NATIONAL_WORDS: dict[tuple[int, str], str] = {(2024, ALL_HOUSING_FIRST): "godt 1.800"}


@dataclass(frozen=True)
class YearCount:
    """One year's courses and persons per method (and persons with any § 85 a method)."""

    year: int
    partial: bool  # the year is not over: counted up to today
    persons: dict[str, int]
    courses: dict[str, int]


def _courses(municipality_id: int) -> QuerySet[SupportCourse]:
    """Return the courses the municipality began: its citizens' on the day of the start."""
    return SupportCourse.objects.filter(citizen__merged_into__isnull=True).filter(
        acting_on_the_day(municipality_id, "start")
    )


def _botilbud(municipality_id: int) -> QuerySet[BotilbudStay]:
    """Return the § 107 stays the municipality began: its citizens' on the day of the start."""
    return BotilbudStay.objects.filter(citizen__merged_into__isnull=True).filter(
        acting_on_the_day(municipality_id, "start")
    )


def per_year(municipality_id: int, *, today: date) -> list[YearCount]:
    """Return the courses and persons per method for every year with a course, up to today."""
    rows = list(
        _courses(municipality_id)
        .filter(
            kind__in=METHODS,
            start__lt=today,  # begun
        )
        .exclude(end=F("start"))  # an empty period holds no day
        .values_list("citizen_id", "kind", "start", "end")
    )
    if not rows:
        return []
    persons: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    courses: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for citizen_id, kind, start, end in rows:
        last = (end - timedelta(days=1)) if end is not None else today - timedelta(days=1)
        for year in range(start.year, min(last, today - timedelta(days=1)).year + 1):
            persons[year][kind].add(citizen_id)
            courses[year][kind] += 1
            if kind in HOUSING_FIRST:
                persons[year][ALL_HOUSING_FIRST].add(citizen_id)
    first = min(start for _c, _k, start, _e in rows).year
    return [
        YearCount(
            year=year,
            partial=year == today.year,
            persons={key: len(persons[year][key]) for key in LABELS},
            courses={key: courses[year][key] for key in METHODS},
        )
        for year in range(first, today.year + 1)
    ]


@dataclass(frozen=True)
class BotilbudYear:
    """One year's temporary § 107 botilbud stays: persons and stays with days in the year."""

    year: int
    partial: bool  # the year is not over: counted up to today, ``running`` is today's
    persons: int
    stays: int
    started: int
    ended: int  # the last day in the year, before today: a planned end is not yet an end
    running: int  # running on past the year's end (today for this year); started - ended adds up


def botilbud_per_year(municipality_id: int, *, today: date) -> list[BotilbudYear]:
    """Return the § 107 stays and persons for every year with a stay, up to today."""
    rows = list(
        _botilbud(municipality_id)
        .filter(start__lt=today)  # begun
        .values_list("citizen_id", "start", "end")
    )
    if not rows:
        return []
    yesterday = today - timedelta(days=1)
    first = min(start for _c, start, _e in rows).year
    found = []
    for year in range(first, today.year + 1):
        # A stay has ended by the year's end (today for this year) or runs on past it.
        begin, bound = date(year, 1, 1), min(date(year + 1, 1, 1), today)
        held = [
            (citizen_id, start, end)
            for citizen_id, start, end in rows
            if start.year <= year and (end is None or end > begin) and start <= yesterday
        ]
        found.append(
            BotilbudYear(
                year=year,
                partial=year == today.year,
                persons=len({citizen_id for citizen_id, _s, _e in held}),
                stays=len(held),
                started=sum(1 for _c, start, _e in held if start.year == year),
                ended=sum(1 for _c, _s, end in held if end is not None and end <= bound),
                running=sum(1 for _c, _s, end in held if end is None or end > bound),
            )
        )
    return found


@dataclass(frozen=True)
class NationalRow:
    """One method's persons nationally and in the municipality in a year."""

    method: str
    label: str
    national: int | None
    national_text: str
    municipal: int

    @property
    def share(self) -> Decimal | None:
        """Return the municipality's persons as a percentage of the nation's (one decimal)."""
        if not self.national:
            return None
        return (Decimal(self.municipal * 100) / self.national).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    @property
    def share_text(self) -> str:
        """Return the share in Danish: 0,4 % (– without a national figure)."""
        return "–" if self.share is None else f"{danish_number(self.share, 1)} %"


def beside_national(years: list[YearCount], year: int) -> list[NationalRow]:
    """Return the municipality's persons per § 85 a method beside the nation's in the year."""
    national = NATIONAL.get(year, {})
    found = next((y for y in years if y.year == year), None)
    rows = []
    for key in (*HOUSING_FIRST, ALL_HOUSING_FIRST):
        number = national.get(key)
        words = NATIONAL_WORDS.get((year, key)) or (
            danish_number(number) if number else "ikke opgjort"
        )
        rows.append(
            NationalRow(key, LABELS[key], number, words, found.persons[key] if found else 0)
        )
    return rows


# --- Caseload over time ------------------------------------------------------------------------


@dataclass(frozen=True)
class MethodMonth:
    """One method's caseload on the month's day: workers, citizens per worker, the limit."""

    method: str
    workers: int  # workers with at least one citizen in the method that day
    citizens: int  # citizens counted once per worker (a citizen with two workers counts twice)
    largest: int
    unassigned: int  # citizens whose course has no worker
    limit: method_rules.CaseloadLimit

    @property
    def label(self) -> str:
        """Return the method's short Danish name."""
        return LABELS[self.method]

    @property
    def mean_text(self) -> str:
        """Return the mean in Danish with one decimal (– without workers)."""
        return "–" if self.mean is None else danish_number(self.mean, 1)

    @property
    def mean(self) -> Decimal | None:
        """Return the mean citizens per worker with one decimal (None without workers)."""
        if not self.workers:
            return None
        return (Decimal(self.citizens) / self.workers).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def over(self) -> bool:
        """Return whether the largest caseload is over the limit."""
        return self.limit.over(self.largest)

    @property
    def percent_of_limit(self) -> Decimal | None:
        """Return the largest caseload as a percentage of the limit (None without a limit)."""
        if not self.limit.limit:
            return None
        return (Decimal(self.largest * 100) / self.limit.limit).quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True)
class CaseloadMonth:
    """The caseloads of one month, counted on ``day``."""

    month: date
    day: date
    partial: bool  # this month: counted today
    methods: list[MethodMonth]
    botilbud: int = 0  # citizens in a temporary § 107 botilbud stay that day (no limit)


def caseload_by_month(municipality_id: int, year: int, *, today: date) -> list[CaseloadMonth]:
    """Return each month of the year up to today's month with its caseloads per method."""
    first, end = date(year, 1, 1), date(year + 1, 1, 1)
    rows = list(
        _courses(municipality_id)
        .filter(kind__in=METHODS, start__lt=min(end, today + timedelta(days=1)))
        .filter(Q(end__isnull=True) | Q(end__gt=first))
        .values_list("worker_id", "citizen_id", "kind", "start", "end")
    )
    stays = list(
        _botilbud(municipality_id)
        .filter(start__lt=min(end, today + timedelta(days=1)))
        .filter(Q(end__isnull=True) | Q(end__gt=first))
        .values_list("citizen_id", "start", "end")
    )
    months = []
    month = first
    while month < end and month <= today:
        last = month_start_plus(month, 1) - timedelta(days=1)
        day = min(last, today)
        limits = {limit.method: limit for limit in caseload_limits(municipality_id, day)}
        open_rows = [r for r in rows if r[3] <= day and (r[4] is None or r[4] > day)]
        months.append(
            CaseloadMonth(
                month=month,
                day=day,
                partial=day == today and day < last,
                methods=[_method_month(kind, open_rows, limits[kind]) for kind in METHODS],
                botilbud=len(
                    {c for c, start, stop in stays if start <= day and (stop is None or stop > day)}
                ),
            )
        )
        month = month_start_plus(month, 1)
    return months


def _method_month(
    kind: str,
    open_rows: Sequence[tuple[int | None, int, str, date, date | None]],
    limit: method_rules.CaseloadLimit,
) -> MethodMonth:
    per_worker: dict[int, set[int]] = defaultdict(set)
    unassigned: set[int] = set()
    for worker_id, citizen_id, row_kind, _start, _end in open_rows:
        if row_kind != kind:
            continue
        if worker_id is None:
            unassigned.add(citizen_id)
        else:
            per_worker[worker_id].add(citizen_id)
    sizes = [len(citizens) for citizens in per_worker.values()]
    return MethodMonth(
        method=kind,
        workers=len(sizes),
        citizens=sum(sizes),
        largest=max(sizes, default=0),
        unassigned=len(unassigned),
        limit=limit,
    )

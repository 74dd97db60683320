"""Support courses and § 107 stays in a year: cost and § 176 a reimbursement per course, method."""

from __future__ import annotations

import hashlib
import pickle
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache

from hjemvej.core import law
from hjemvej.core.formatting import exact_kroner, whole_kroner
from hjemvej.core.law import UsedParameter, problem_in_danish
from hjemvej.economy.selectors.common import (
    SUPPORT_PARAMETERS,
    not_enacted,
    parameters_used,
    year_bounds,
)
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.support import METHOD_LABELS, SupportCourse, support_reimbursement
from hjemvej.rules.support import Stay as SupportStay
from hjemvej.support.models import BotilbudStay
from hjemvej.support.models import SupportCourse as CourseModel
from hjemvej.support.rules_rows import (
    BOTILBUD_COLUMNS,
    COURSE_COLUMNS,
    homeless_at_start,
    rules_botilbud,
    rules_course,
    rules_stays,
)

# --- Support courses (§ 85 a, § 176 a) --------------------------------------------------------


@dataclass(frozen=True)
class CourseLine:
    """One support course's cost and § 176 a reimbursement in the year."""

    course_pk: int  # the support course's pk, or the § 107 stay's (method "sel107")
    citizen_pk: int
    pseudonym: str
    method: str
    method_label: str
    decided_on: date
    start: date
    end: date | None
    monthly_cost: int
    cost: int
    reimbursement: int
    basis: str

    @property
    def monthly_text(self) -> str:
        """Return the monthly cost with øre."""
        return exact_kroner(self.monthly_cost)

    @property
    def net_cost(self) -> int:
        """Return cost − reimbursement in øre."""
        return self.cost - self.reimbursement

    @property
    def text(self) -> dict[str, str]:
        """Return the money in whole kroner for templates."""
        return {k: whole_kroner(v) for k, v in self._money().items()}

    @property
    def exact(self) -> dict[str, str]:
        """Return the money with øre for templates."""
        return {k: exact_kroner(v) for k, v in self._money().items()}

    def _money(self) -> dict[str, int]:
        return {"cost": self.cost, "reimbursement": self.reimbursement, "net_cost": self.net_cost}


@dataclass(frozen=True)
class MethodTotal:
    """The courses of one method (or all) in the year."""

    method: str  # "all" for the total
    label: str
    courses: int
    cost: int
    reimbursement: int

    @property
    def net_cost(self) -> int:
        """Return cost − reimbursement in øre."""
        return self.cost - self.reimbursement

    @property
    def text(self) -> dict[str, str]:
        """Return the money in whole kroner for templates."""
        return {k: whole_kroner(v) for k, v in self._money().items()}

    @property
    def exact(self) -> dict[str, str]:
        """Return the money with øre for templates."""
        return {k: exact_kroner(v) for k, v in self._money().items()}

    def _money(self) -> dict[str, int]:
        return {"cost": self.cost, "reimbursement": self.reimbursement, "net_cost": self.net_cost}


@dataclass
class SupportFigures:
    """The year's support courses: per method and per course, with the rules used."""

    year: int
    as_of: date
    methods: list[MethodTotal]
    total: MethodTotal
    lines: list[CourseLine]
    used: list[UsedParameter]
    problem: str = ""

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the values used that are not enacted law."""
        return not_enacted(self.used)


METHOD_ORDER = ("cti", "icm", "act", "m_act", "sel107", "sel85", "sel99")
#: The method of a temporary § 107 botilbud stay as the rules take it.
BOTILBUD = "sel107"
#: How long a year's support figures are kept for exactly the same inputs (see ``support_figures``).
MEMO_SECONDS = 600
#: A course as the rules take it (a support course, or a § 107 stay as an expense of method
#: "sel107": ``rules_rows``), with the pk of its record and the citizen's pseudonym.
Entry = tuple[SupportCourse, int, str]


def support_figures(
    municipality_id: int,
    *,
    year: int,
    today: date,
    params: ParameterSet | None = None,
    method: str | None = None,
) -> SupportFigures:
    """Return each course's cost and § 176 a reimbursement in the year (costs before ``today``).

    A temporary § 107 botilbud stay counts as a course of method "sel107" (stk. 2) and, as a stay,
    can open the § 85 a period of stk. 1, nr. 2 (``support.rules_rows.rules_botilbud``). The
    citizen's every course, § 107 stay and § 110 stay go into the rules (a period may start from
    an earlier discharge and cover a later course); ``homeless_at_start`` is whether the citizen
    had an open homelessness situation on the day the course began (the § 85 a extension needs
    it).

    The rules' month-by-month money is the slow part; its result is kept a few minutes under a
    hash of every input (the courses, the stays, the situations' answer, the parameter set, the
    day counted to), so the same figures asked again are not computed again and any change to an
    input is a new computation.
    """
    params = params or law.current_parameters()
    start, end = year_bounds(year)
    entries = support_entries(municipality_id)
    in_year = {
        c.course_id
        for c, _, _ in entries
        if c.start < end and (c.end is None or c.end > start) and c.start < today
    }
    citizens = {int(c.citizen_id) for c, _, _ in entries if c.course_id in in_year}
    chosen = [e for e in entries if int(e[0].citizen_id) in citizens]
    stays = rules_stays(citizens)
    used = parameters_used(params, SUPPORT_PARAMETERS, start, min(end, today))
    as_of = min(today, end)
    digest = inputs_digest((year, as_of, method, params.fingerprint), [e[0] for e in chosen], stays)
    digest += hashlib.sha256(pickle.dumps([e[1:] for e in chosen])).hexdigest()[:16]
    memo_key = f"economy:support:{municipality_id}:{digest}"
    memo: tuple[list[CourseLine], str] | None = cache.get(memo_key)
    if memo is None:
        memo = _course_lines(chosen, stays, in_year, start, end, as_of, params, method)
        cache.set(memo_key, memo, MEMO_SECONDS)
    lines, problem = memo
    lines.sort(key=lambda line: (METHOD_ORDER.index(line.method), line.pseudonym, line.start))
    methods = []
    for key in METHOD_ORDER:
        chosen_lines = [line for line in lines if line.method == key]
        if chosen_lines or method is None:
            methods.append(_method_total(key, METHOD_LABELS[key], chosen_lines))
    return SupportFigures(
        year=year,
        as_of=today,
        methods=methods,
        total=_method_total("all", "Alle forløb", lines),
        lines=lines,
        used=used,
        problem=problem,
    )


def inputs_digest(
    head: tuple[object, ...], courses: list[SupportCourse], stays: dict[int, list[SupportStay]]
) -> str:
    """Return a hash of every input of the rules, from plain values (quicker than the objects)."""
    plain = (
        head,
        [
            (
                c.course_id,
                c.citizen_id,
                c.method,
                c.decision_date.toordinal(),
                c.start.toordinal(),
                c.end.toordinal() if c.end else 0,
                c.monthly_cost,
                c.homeless_at_start,
            )
            for c in courses
        ],
        [
            (
                citizen,
                [
                    (
                        s.admitted.toordinal(),
                        s.discharged.toordinal() if s.discharged else 0,
                        s.kind,
                    )
                    for s in rows
                ],
            )
            for citizen, rows in sorted(stays.items())
        ],
    )
    return hashlib.sha256(pickle.dumps(plain, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def support_entries(municipality_id: int) -> list[Entry]:
    """Return the municipality's support courses and § 107 stays as the rules take them.

    The citizens are those the municipality acts for (merged-away records left out); the courses
    first, then the § 107 stays, each ordered by citizen and start.
    """
    live = {
        "citizen__acting_municipality_id": municipality_id,
        "citizen__merged_into__isnull": True,
    }
    entries: list[Entry] = [
        (rules_course(*row[:-1]), row[0], row[-1])
        for row in CourseModel.objects.filter(**live)
        .annotate(homeless_at_start=homeless_at_start())
        .order_by("citizen_id", "start", "pk")
        .values_list(*COURSE_COLUMNS, "citizen__pseudonym")
    ]
    entries += [
        (rules_botilbud(*row[:-1])[0], row[0], row[-1])
        for row in BotilbudStay.objects.filter(**live)
        .order_by("citizen_id", "start", "pk")
        .values_list(*BOTILBUD_COLUMNS, "citizen__pseudonym")
    ]
    return entries


def _course_lines(
    entries: list[Entry],
    stays: dict[int, list[SupportStay]],
    in_year: set[str],
    start: date,
    end: date,
    as_of: date,
    params: ParameterSet,
    method: str | None,
) -> tuple[list[CourseLine], str]:
    """Run § 176 a per citizen and keep each in-year course's months of the year."""
    by_citizen: dict[int, list[SupportCourse]] = defaultdict(list)
    info: dict[str, Entry] = {}
    for entry in entries:
        info[entry[0].course_id] = entry
        by_citizen[int(entry[0].citizen_id)].append(entry[0])
    lines: list[CourseLine] = []
    problem = ""
    for citizen_id, citizen_courses in by_citizen.items():
        try:
            results = support_reimbursement(
                citizen_courses, stays.get(citizen_id, []), as_of=as_of, params=params
            )
        except ValueError as exc:  # ParameterError is a ValueError too
            problem = problem_in_danish(str(exc))
            continue
        for result in results:
            if result.course_id not in in_year or (method is not None and result.method != method):
                continue
            course, pk, pseudonym = info[result.course_id]
            months = [r for r in result.rows if start <= r.month < end]
            lines.append(
                CourseLine(
                    course_pk=pk,
                    citizen_pk=citizen_id,
                    pseudonym=pseudonym,
                    method=result.method,
                    method_label=METHOD_LABELS[result.method],
                    decided_on=course.decision_date,
                    start=course.start,
                    end=course.end,
                    monthly_cost=course.monthly_cost,
                    cost=sum(r.cost for r in months),
                    reimbursement=sum(r.reimbursement for r in months),
                    basis=result.basis,
                )
            )
    return lines, problem


def _method_total(method: str, label: str, lines: list[CourseLine]) -> MethodTotal:
    return MethodTotal(
        method=method,
        label=label[:1].upper() + label[1:],
        courses=len(lines),
        cost=sum(line.cost for line in lines),
        reimbursement=sum(line.reimbursement for line in lines),
    )


# --- Every course as of a day (the budget and its forecast) --------------------------------------


@dataclass(frozen=True)
class CourseOutcome:
    """A course (or § 107 stay, method "sel107") as the rules take it, and § 176 a's money.

    Only what the budget needs of the rules' result, so it is small to keep and to read back:
    the cost and reimbursement (øre) of its months from the period's first month, the days before
    the calculation date, and the day after the last day a period of § 176 a reimburses the
    course (None: no period does).
    """

    course: SupportCourse
    cost: int
    reimbursement: int
    reimbursed_until: date | None


@dataclass(frozen=True)
class SupportMoney:
    """The courses and § 107 stays of a period, and their money month by month."""

    outcomes: list[CourseOutcome]
    #: (first day of the month, whether § 107) → (cost, reimbursement) in øre.
    months: dict[tuple[date, bool], tuple[int, int]]
    problem: str = ""  # Danish: a citizen's courses could not be priced (they are left out)


def support_outcomes(
    municipality_id: int,
    *,
    start: date,
    as_of: date,
    params: ParameterSet | None = None,
    entries: list[Entry] | None = None,
) -> SupportMoney:
    """Return every course and § 107 stay running on a day of ``[start, as_of)``, with its money.

    The months from ``start``'s month on count the costs before ``as_of``; ``reimbursed_until``
    says until when a course is reimbursed, also after ``as_of``. ``problem`` is the Danish
    problem when a citizen's courses cannot be priced (that citizen's courses are then left out).
    Kept a few minutes under a hash of every input, as ``support_figures`` is. ``entries``:
    ``support_entries``'s answer, when the caller has it already.
    """
    params = params or law.current_parameters()
    if entries is None:
        entries = support_entries(municipality_id)
    running = {
        c.course_id for c, _, _ in entries if c.start < as_of and (c.end is None or c.end > start)
    }
    citizens = {int(c.citizen_id) for c, _, _ in entries if c.course_id in running}
    chosen = [e[0] for e in entries if int(e[0].citizen_id) in citizens]
    stays = rules_stays(citizens)
    digest = inputs_digest((start, as_of, params.fingerprint), chosen, stays)
    memo_key = f"economy:support-outcomes:{municipality_id}:{digest}"
    memo: SupportMoney | None = cache.get(memo_key)
    if memo is None:
        memo = _outcomes(chosen, stays, running, start, as_of, params)
        cache.set(memo_key, memo, MEMO_SECONDS)
    return memo


def _outcomes(
    courses: list[SupportCourse],
    stays: dict[int, list[SupportStay]],
    running: set[str],
    start: date,
    as_of: date,
    params: ParameterSet,
) -> SupportMoney:
    by_citizen: dict[int, list[SupportCourse]] = defaultdict(list)
    for course in courses:
        by_citizen[int(course.citizen_id)].append(course)
    found = {course.course_id: course for course in courses}
    outcomes: list[CourseOutcome] = []
    months: dict[tuple[date, bool], tuple[int, int]] = {}
    problem = ""
    first = start.replace(day=1)
    for citizen_id, citizen_courses in by_citizen.items():
        try:
            results = support_reimbursement(
                citizen_courses, stays.get(citizen_id, []), as_of=as_of, params=params
            )
        except ValueError as exc:  # ParameterError is a ValueError too
            problem = problem_in_danish(str(exc))
            continue
        for result in results:
            if result.course_id not in running:
                continue
            botilbud = result.method == BOTILBUD
            cost = reimbursed = 0
            for row in result.rows:
                if row.month < first:
                    continue
                cost += row.cost
                reimbursed += row.reimbursement
                before = months.get((row.month, botilbud), (0, 0))
                months[(row.month, botilbud)] = (
                    before[0] + row.cost,
                    before[1] + row.reimbursement,
                )
            ends = [p.end for p in result.periods if p.covers(result.course_id)]
            outcomes.append(
                CourseOutcome(
                    found[result.course_id], cost, reimbursed, max(ends) if ends else None
                )
            )
    return SupportMoney(outcomes, months, problem)

"""§ 176 a in the council report: the municipality's support courses and § 107 stays, cost and
reimbursement.

A course's reimbursement depends on the citizen's § 110 and § 107 stays and other courses, so
every course and stay of a citizen with a course or § 107 stay in the period is read (six
queries) and the law engine (``support_reimbursement``) runs once per citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hjemvej.accounts.models import Municipality
from hjemvej.rules.parameters import ParameterSet


@dataclass(frozen=True)
class SupportLine:
    """One method's courses, cost and § 176 a reimbursement in a year (øre)."""

    method: str
    label: str
    courses: int
    cost: int
    reimbursement: int

    @property
    def net_cost(self) -> int:
        return self.cost - self.reimbursement


@dataclass(frozen=True)
class SupportFigures:
    """Support courses with cost in the year, per method, with § 176 a reimbursement."""

    lines: list[SupportLine]

    @property
    def courses(self) -> int:
        return sum(line.courses for line in self.lines)

    @property
    def cost(self) -> int:
        return sum(line.cost for line in self.lines)

    @property
    def reimbursement(self) -> int:
        return sum(line.reimbursement for line in self.lines)

    @property
    def net_cost(self) -> int:
        return self.cost - self.reimbursement


def support_figures(
    municipality: Municipality, *, start: date, end: date, as_of: date, params: ParameterSet
) -> SupportFigures:
    """Return cost and § 176 a reimbursement of the municipality's courses in ``[start, end)``.

    A § 107 botilbud stay counts as a course of method "sel107" (stk. 2) and is a stay that can
    open the § 85 a period of stk. 1, nr. 2. A course's reimbursement depends on the citizen's
    stays and other courses, so every course, § 107 stay and § 110 stay of a citizen with a course
    or § 107 stay in the period is read; the engine runs per citizen.
    """
    from hjemvej.rules.support import METHOD_LABELS, support_reimbursement
    from hjemvej.rules.support import SupportCourse as RuleCourse
    from hjemvej.support.models import BotilbudStay, SupportCourse
    from hjemvej.support.rules_rows import (
        BOTILBUD_COLUMNS,
        COURSE_COLUMNS,
        homeless_at_start,
        rules_botilbud,
        rules_course,
        rules_stays,
    )

    stop = min(end, as_of)
    live = {"citizen__acting_municipality": municipality, "citizen__merged_into__isnull": True}
    citizens = set(
        SupportCourse.objects.filter(**live, start__lt=stop)
        .exclude(end__lte=start)
        .values_list("citizen_id", flat=True)
    ) | set(
        BotilbudStay.objects.filter(**live, start__lt=stop)
        .exclude(end__lte=start)
        .values_list("citizen_id", flat=True)
    )
    courses: dict[int, list[RuleCourse]] = {}
    for row in (
        SupportCourse.objects.filter(citizen_id__in=citizens)
        .annotate(homeless_at_start=homeless_at_start())
        .order_by("citizen_id", "start", "pk")
        .values_list(*COURSE_COLUMNS)
    ):
        courses.setdefault(row[1], []).append(rules_course(*row))
    for row in (
        BotilbudStay.objects.filter(citizen_id__in=citizens)
        .order_by("citizen_id", "start", "pk")
        .values_list(*BOTILBUD_COLUMNS)
    ):
        courses.setdefault(row[1], []).append(rules_botilbud(*row)[0])
    stays = rules_stays(citizens)
    totals: dict[str, list[int]] = {}
    for citizen_id, own in courses.items():
        for result in support_reimbursement(
            own, stays.get(citizen_id, []), as_of=stop, params=params
        ):
            rows = [r for r in result.rows if start <= r.month < end]
            if not rows:
                continue
            line = totals.setdefault(result.method, [0, 0, 0])
            line[0] += 1
            line[1] += sum(r.cost for r in rows)
            line[2] += sum(r.reimbursement for r in rows)
    order = list(METHOD_LABELS)
    return SupportFigures(
        [
            SupportLine(method, METHOD_LABELS.get(method, method), *values)
            for method, values in sorted(totals.items(), key=lambda kv: order.index(kv[0]))
        ]
    )

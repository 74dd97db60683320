"""§ 176 a in the council report: the municipality's support courses, cost and reimbursement.

A course's reimbursement depends on the citizen's § 110 stays and other courses, so every course
and stay of a citizen with a course in the period is read (four queries) and the law engine
(``support_reimbursement``) runs once per citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

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

    A course's reimbursement depends on the citizen's stays and other courses, so every course and
    § 110 stay of a citizen with a course in the period is read; the engine runs per citizen.
    """
    from hjemvej.citizens.models import HomelessnessSituation
    from hjemvej.rules.support import METHOD_LABELS, Method, support_reimbursement
    from hjemvej.rules.support import Stay as SupportStay
    from hjemvej.rules.support import SupportCourse as RuleCourse
    from hjemvej.shelters.models import Stay, StayType
    from hjemvej.support.models import SupportCourse

    stop = min(end, as_of)
    live = {"citizen__acting_municipality": municipality, "citizen__merged_into__isnull": True}
    citizens = set(
        SupportCourse.objects.filter(**live, start__lt=stop)
        .exclude(end__lte=start)
        .values_list("citizen_id", flat=True)
    )
    courses: dict[int, list[RuleCourse]] = {}
    situations: dict[int, list[tuple[date, date | None]]] = {}
    for citizen_id, s_start, s_end in HomelessnessSituation.objects.filter(
        citizen_id__in=citizens
    ).values_list("citizen_id", "start", "end"):
        situations.setdefault(citizen_id, []).append((s_start, s_end))

    def homeless_on(citizen_id: int, day: date) -> bool:
        return any(a <= day and (b is None or day < b) for a, b in situations.get(citizen_id, []))

    for pk, citizen_id, kind, decided, c_start, c_end, monthly in (
        SupportCourse.objects.filter(citizen_id__in=citizens)
        .order_by("citizen_id", "start", "pk")
        .values_list("pk", "citizen_id", "kind", "decided_on", "start", "end", "monthly_cost")
    ):
        courses.setdefault(citizen_id, []).append(
            RuleCourse(
                course_id=str(pk),
                citizen_id=str(citizen_id),
                method=cast("Method", kind),
                decision_date=decided,
                start=c_start,
                end=c_end,
                monthly_cost=int(monthly * 100),
                homeless_at_start=homeless_on(citizen_id, c_start),
            )
        )
    stays: dict[int, list[SupportStay]] = {}
    for citizen_id, admitted, discharged in (
        Stay.objects.filter(citizen_id__in=citizens, stay_type=StayType.STAY)
        .order_by("citizen_id", "admitted")
        .values_list("citizen_id", "admitted", "discharged")
    ):
        stays.setdefault(citizen_id, []).append(
            SupportStay(citizen_id=str(citizen_id), admitted=admitted, discharged=discharged)
        )
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

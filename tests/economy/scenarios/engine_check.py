"""An independent recomputation of scenario figures through the law engine, for the tests.

Stays are built from the records row by row (``shelters.rules_rows.stay_row``), not with
``economy.data.load_stays``; ``reimburse_plain`` decides day by day, and its explained
day ranges are cut into calendar years. Support goes through ``support_reimbursement`` itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hjemvej.economy.scenarios.results import Amounts
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter import Readings, StayRow, StayTable, reimburse_plain
from hjemvej.rules.support import Stay as SupportStay
from hjemvej.rules.support import SupportCourse, support_reimbursement
from hjemvej.shelters.models import Stay, StayType
from hjemvej.shelters.rules_rows import StayRecord, rate_schedules, stay_row
from hjemvej.support.models import SupportCourse as CourseRecord

BASIS = 10_000


def stay_rows(municipality_id: int) -> list[StayRow]:
    """Return the municipality's stays as the engine's rows, from the records."""
    stays = list(
        Stay.objects.filter(
            citizen__acting_municipality_id=municipality_id, citizen__merged_into__isnull=True
        )
        .select_related("shelter")
        .order_by("citizen_id", "admitted")
    )
    schedules = rate_schedules(s.shelter_id for s in stays)
    return [stay_row(StayRecord.of(s), schedules) for s in stays]


def shorten(rows: list[StayRow], days: int) -> list[StayRow]:
    """Return the rows with every closed stay ``days`` nights shorter, never under one night."""
    out = []
    for row in rows:
        if row.discharged is None or row.discharged <= row.admitted + timedelta(days=1):
            out.append(row)
            continue
        end = max(row.admitted + timedelta(days=1), row.discharged - timedelta(days=days))
        out.append(replace(row, discharged=end))
    return out


def plain_years(
    rows: list[StayRow], params: ParameterSet, readings: Readings, first: int, last: int
) -> dict[int, Amounts]:
    """Return each year's shelter figures from ``reimburse_plain``'s day ranges."""
    table = StayTable.from_rows(rows)
    results, explanations = reimburse_plain(
        table, as_of=date(last + 1, 1, 1), params=params, readings=readings
    )
    days: dict[int, int] = defaultdict(int)
    gross: dict[int, int] = defaultdict(int)
    own: dict[int, int] = defaultdict(int)
    numerator: dict[int, int] = defaultdict(int)
    for explanation in explanations.values():
        for step in explanation.steps:
            rate = int(str(step.data["rate"]))
            paid = int(str(step.data["own_payment"]))
            percent = next(p for p in step.parameters if p.name == "shelter.reimbursement.rate")
            points = int(Decimal(str(percent.value)) * 100)
            for year in range(first, last + 1):
                lo = max(step.start, date(year, 1, 1))
                hi = min(step.end, date(year + 1, 1, 1))
                n = (hi - lo).days
                if n <= 0:
                    continue
                days[year] += n
                gross[year] += n * rate
                own[year] += n * paid
                if step.kind in ("reimbursed", "no_cap"):
                    numerator[year] += n * (rate - paid) * points
    # The helper itself: its years add up to the plain path's own per-stay totals.
    assert sum(gross.values()) == int(results.gross_cost.sum())
    assert sum(days.values()) == int(results.days.sum())
    return {
        y: Amounts(
            days=days[y],
            gross_cost=gross[y],
            own_payment=own[y],
            reimbursement=(numerator[y] + BASIS // 2) // BASIS,
        )
        for y in range(first, last + 1)
    }


def independent_years(
    municipality_id: int, params: ParameterSet, readings: Readings, first: int, last: int
) -> dict[int, Amounts]:
    """Return each year's shelter figures of the municipality's stays, recomputed."""
    return plain_years(stay_rows(municipality_id), params, readings, first, last)


def independent_support(
    municipality_id: int, params: ParameterSet, as_of: date
) -> Callable[[int], tuple[int, int]]:
    """Return year → (§ 85 a cost, § 176 a reimbursement) through the engine itself."""
    records = list(
        CourseRecord.objects.filter(
            citizen__acting_municipality_id=municipality_id,
            kind__in=["cti", "icm", "act", "m_act"],
        ).select_related("citizen")
    )
    courses = []
    for c in records:
        homeless = (
            c.citizen.situations.filter(start__lte=c.start).exclude(end__lte=c.start).exists()
        )
        courses.append(
            SupportCourse(
                course_id=str(c.pk),
                citizen_id=str(c.citizen_id),
                method=c.kind,  # type: ignore[arg-type]
                decision_date=c.decided_on,
                start=c.start,
                end=c.end,
                monthly_cost=int(c.monthly_cost * 100),
                homeless_at_start=homeless,
            )
        )
    stays = [
        SupportStay(str(s.citizen_id), s.admitted, s.discharged)
        for s in Stay.objects.filter(
            citizen_id__in=[c.citizen_id for c in records], stay_type=StayType.STAY
        )
    ]
    cost: dict[int, int] = defaultdict(int)
    refund: dict[int, int] = defaultdict(int)
    for result in support_reimbursement(courses, stays, as_of=as_of, params=params):
        for row in result.rows:
            cost[row.month.year] += row.cost
            refund[row.month.year] += row.reimbursement
    return lambda year: (cost[year], refund[year])

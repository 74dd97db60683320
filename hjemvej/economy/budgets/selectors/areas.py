"""The budget's areas beside the shelter stays: support, § 107 stays, grants and deposit loans.

Actual money per calendar month, counted before the calculation date ``as_of`` as the shelter
figures are:

- **Support** (``support_*``): the support courses (§§ 85 a, 85, 99) as § 176 a prices them
  (``economy.selectors.support.support_outcomes``): each course-month's cost and reimbursement,
  the costs of the days before ``as_of``. Net = cost − reimbursement.
- **§ 107** (``botilbud_*``): the temporary § 107 botilbud stays, priced the same way (stk. 2).
- **Grants** (``grants``): the granted grants and Housing First follow-up payments (every kind but
  the deposit loan), by the month of the decision, decided before ``as_of``.
- **Deposit loans** (``deposit_loans``): the granted deposit loans, the same way. A loan is paid
  back, so it is not part of the total net cost.
- **Total** (``total_net_cost``): the shelter stays' net cost + support's + § 107's + grants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hjemvej.economy.budgets.models import Measure
from hjemvej.economy.selectors.support import (
    CourseOutcome,
    support_entries,
    support_outcomes,
)
from hjemvej.housing.models import LOAN_KINDS, Grant, GrantDecision
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.support import SupportCourse
from hjemvej.stats.measures import counted_period

#: The measures this module gives (the total also needs the shelter stays' net cost).
AREA_MEASURES = (
    Measure.SUPPORT_NET_COST,
    Measure.SUPPORT_GROSS_COST,
    Measure.BOTILBUD_NET_COST,
    Measure.BOTILBUD_GROSS_COST,
    Measure.GRANTS,
    Measure.DEPOSIT_LOANS,
)
#: The net measures that add up to the total with the shelter stays' net cost.
NET_PARTS = (Measure.SUPPORT_NET_COST, Measure.BOTILBUD_NET_COST, Measure.GRANTS)


@dataclass
class AreaActuals:
    """Money (øre) per calendar month (its first day) and measure, counted before ``as_of``."""

    as_of: date
    months: dict[date, dict[str, int]] = field(default_factory=dict)
    outcomes: list[CourseOutcome] = field(default_factory=list)
    #: Each granted decision of the period: (decided on, whether a loan, amount in øre).
    granted: list[tuple[date, bool, int]] = field(default_factory=list)
    courses: list[SupportCourse] = field(default_factory=list)  # every one recorded
    problem: str = ""  # Danish: a citizen's courses could not be priced (they are left out)

    def add(self, month: date, measure: str, amount: int) -> None:
        """Add an amount to a month's measure."""
        row = self.months.setdefault(month, {})
        row[measure] = row.get(measure, 0) + amount

    def amount(self, measure: str, start: date, end: date) -> int | None:
        """Return a measure's money over ``[start, end)`` (None: no day of it is counted yet)."""
        if not counted_period(start, end, as_of=self.as_of).counted_days:
            return None
        return sum(row.get(measure, 0) for m, row in self.months.items() if start <= m < end)


def area_actuals(
    municipality_id: int, *, start: date, end: date, as_of: date, params: ParameterSet
) -> AreaActuals:
    """Return the support, § 107, grant and loan money of the months of ``[start, end)``."""
    counted_end = min(end, as_of)
    result = AreaActuals(as_of=as_of)
    if counted_end <= start:
        return result
    entries = support_entries(municipality_id)
    result.courses = [entry[0] for entry in entries]
    money = support_outcomes(
        municipality_id, start=start, as_of=counted_end, params=params, entries=entries
    )
    result.outcomes, result.problem = money.outcomes, money.problem
    for (month, botilbud), (cost, reimbursement) in money.months.items():
        if start <= month < end:
            gross = Measure.BOTILBUD_GROSS_COST if botilbud else Measure.SUPPORT_GROSS_COST
            net = Measure.BOTILBUD_NET_COST if botilbud else Measure.SUPPORT_NET_COST
            result.add(month, gross, cost)
            result.add(month, net, cost - reimbursement)
    result.granted = _granted(municipality_id, start, counted_end)
    for decided_on, loan, amount in result.granted:
        measure = Measure.DEPOSIT_LOANS if loan else Measure.GRANTS
        result.add(decided_on.replace(day=1), measure, amount)
    return result


def _granted(municipality_id: int, start: date, end: date) -> list[tuple[date, bool, int]]:
    """Return each decision granted in ``[start, end)``: its day, whether a loan, øre (one query).

    The actuals sum them by month; the forecast draws from the last 12 months of them.
    """
    rows = Grant.objects.filter(
        citizen__acting_municipality_id=municipality_id,
        decision=GrantDecision.GRANTED,
        decided_on__gte=start,
        decided_on__lt=end,
    ).values_list("decided_on", "kind", "amount")
    return [(day, kind in LOAN_KINDS, int(amount * 100)) for day, kind, amount in rows]

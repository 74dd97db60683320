"""§ 176 a: a course's cost and reimbursement per calendar month, in whole øre.

Cost of a course in a calendar month = monthly cost × the course's days in that month / the month's
days. Reimbursement = rate × the cost of the days inside a reimbursement period. Both are computed
exactly (``Fraction``) and rounded once per course and month, half up, to whole øre in
``month_row``; every total is a sum of those rounded months.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from hjemvej.rules.dates import add_months
from hjemvej.rules.parameters import Parameter, ParameterError, ParameterValue
from hjemvej.rules.support.model import Interval, MonthRow, SupportCourse, clip


def month_rows(
    course: SupportCourse, reimbursable: list[Interval], rate: Parameter, stop: date
) -> tuple[MonthRow, ...]:
    """Return one row per calendar month with days of the course before ``stop``."""
    rows: list[MonthRow] = []
    month = course.start.replace(day=1)
    while month < stop:
        next_month = add_months(month, 1)
        lo, hi = max(course.start, month), min(stop, next_month)
        if lo < hi:
            rows.append(
                month_row(course, month, (next_month - month).days, lo, hi, reimbursable, rate)
            )
        month = next_month
    return tuple(rows)


def month_row(
    course: SupportCourse,
    month: date,
    month_days: int,
    lo: date,
    hi: date,
    reimbursable: list[Interval],
    rate: Parameter,
) -> MonthRow:
    """Return a month's cost and reimbursement, each rounded once, half up, to whole øre."""
    per_day = Fraction(course.monthly_cost, month_days)
    reimbursed_days = 0
    reimbursement = Fraction(0)
    for a, b in clip(reimbursable, lo, hi):
        reimbursed_days += (b - a).days
        for value in rate.between(a, b):
            s, e = max(a, value.valid_from), min(b, value.valid_to or b)
            reimbursement += _fraction(value) / 100 * per_day * (e - s).days
    return MonthRow(
        month=month,
        days=(hi - lo).days,
        cost=_half_up(per_day * (hi - lo).days),
        reimbursed_days=reimbursed_days,
        reimbursement=_half_up(reimbursement),
    )


def _half_up(amount: Fraction) -> int:
    """Round a non-negative amount of øre to a whole øre, half up."""
    return int((amount * 2 + 1) // 2)


def _fraction(value: ParameterValue) -> Fraction:
    """Return a percentage parameter's value exactly, or raise a Danish ``ParameterError``."""
    if isinstance(value.value, Decimal):
        return Fraction(value.value)
    raise ParameterError([f"{value.name}: værdien {value.display!r} er ikke en procentsats"])

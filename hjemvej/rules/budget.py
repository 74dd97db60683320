"""Budget language: full-year persons and a year's shelter figures by month (docs/rules.md)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.aggregate import monthly_figures
from hjemvej.rules.shelter.model import Readings, StayTable


def full_year_persons(days: int, period_days: int) -> Decimal:
    """Return stay days as full-year persons: days / days in the period, to two decimals."""
    if period_days <= 0:
        raise ValueError("perioden skal have mindst én dag")
    return (Decimal(days) / Decimal(period_days)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class BudgetLine:
    """One period's figures; money in øre."""

    start: date
    end: date  # closed-open
    days: int
    reimbursed_days: int
    gross_cost: int
    own_payment: int
    reimbursement: int
    counted_days: int  # the period's days before the as-of date

    @property
    def net_cost(self) -> int:
        """Return gross cost − own payment − reimbursement."""
        return self.gross_cost - self.own_payment - self.reimbursement

    @property
    def period_days(self) -> int:
        """Return the number of calendar days in the period."""
        return (self.end - self.start).days

    @property
    def full_year_persons(self) -> Decimal:
        """Return the stay days as full-year persons of the days counted (none: 0)."""
        if not self.counted_days:
            return Decimal("0.00")
        return full_year_persons(self.days, self.counted_days)


def budget_year(
    table: StayTable,
    *,
    year: int,
    as_of: date,
    params: ParameterSet,
    readings: Readings | None = None,
) -> tuple[BudgetLine, list[BudgetLine]]:
    """Return the year's shelter figures and the same per month (SEL §§ 110, 177).

    Each reported cell is rounded once: the year's reimbursement is the rounded sum over the
    year, not the sum of rounded months.
    """
    figures = monthly_figures(
        table,
        start=date(year, 1, 1),
        end=date(year + 1, 1, 1),
        as_of=as_of,
        params=params,
        readings=readings,
    )
    bounds = [*figures.months, date(year + 1, 1, 1)]

    def counted(start: date, end: date) -> int:
        return max(0, (min(end, as_of) - start).days)

    months = [
        BudgetLine(
            start=bounds[m],
            end=bounds[m + 1],
            days=int(figures.days[0, m]),
            reimbursed_days=int(figures.reimbursed_days[0, m]),
            gross_cost=int(figures.gross_cost[0, m]),
            own_payment=int(figures.own_payment[0, m]),
            reimbursement=int(figures.reimbursement[0, m]),
            counted_days=counted(bounds[m], bounds[m + 1]),
        )
        for m in range(len(figures.months))
    ]
    total = figures.total()
    whole = BudgetLine(
        start=bounds[0],
        end=bounds[-1],
        days=total["days"],
        reimbursed_days=total["reimbursed_days"],
        gross_cost=total["gross_cost"],
        own_payment=total["own_payment"],
        reimbursement=total["reimbursement"],
        counted_days=counted(bounds[0], bounds[-1]),
    )
    return whole, months


def days_in_year(year: int) -> int:
    """Return 366 in a leap year, else 365."""
    return 366 if calendar.isleap(year) else 365

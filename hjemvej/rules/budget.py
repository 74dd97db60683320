"""Budget language: full-year persons and a year's shelter figures by month (domain.md § 2.4)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.batch import reimbursed_periods
from hjemvej.rules.shelter.model import IntArray, Readings, StayTable
from hjemvej.rules.shelter.money import Pieces, Prices, round_reimbursement
from hjemvej.rules.shelter.periods import counted_periods


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
        """Return the period's stay days as full-year persons (helårspersoner)."""
        return full_year_persons(self.days, self.period_days)


def month_starts(year: int) -> list[date]:
    """Return the first day of each month of the year and of the next year."""
    return [date(year, m, 1) for m in range(1, 13)] + [date(year + 1, 1, 1)]


def budget_year(
    table: StayTable,
    *,
    year: int,
    as_of: date,
    params: ParameterSet,
    readings: Readings | None = None,
) -> tuple[BudgetLine, list[BudgetLine]]:
    """Return the year's shelter figures and the same per month (SEL §§ 110, 177).

    Reimbursement depends on the citizen's whole history (the windows), so it is computed over
    all stays and then cut to the year. Each reported cell is rounded once: the year's
    reimbursement is the rounded sum over the year, not the sum of rounded months.
    """
    readings = readings or Readings()
    order, start, end = counted_periods(table, as_of=as_of.toordinal(), days=readings.days)
    prices = Prices(table, params)
    bounds = np.array([d.toordinal() for d in month_starts(year)], dtype=np.int64)
    y0, y1 = int(bounds[0]), int(bounds[-1])

    def in_year(stay: IntArray, lo: IntArray, hi: IntArray) -> Pieces:
        lo = np.clip(lo, y0, y1)
        hi = np.clip(hi, y0, y1)
        keep = hi > lo
        return prices.pieces(stay[keep], lo[keep], hi[keep], extra_points=bounds)

    stays = in_year(order, start[order], end[order])
    reimbursed = reimbursed_periods(table, order, start, end, params=params, readings=readings)
    paid = in_year(reimbursed.stay, reimbursed.start, reimbursed.end)
    month_of_stays = np.searchsorted(bounds, stays.start, side="right") - 1
    month_of_paid = np.searchsorted(bounds, paid.start, side="right") - 1

    def by_month(month: IntArray, values: IntArray) -> IntArray:
        total = np.zeros(12, dtype=np.int64)
        np.add.at(total, month, values)
        return total

    days = by_month(month_of_stays, stays.days)
    gross = by_month(month_of_stays, stays.gross())
    own = by_month(month_of_stays, stays.own_payment())
    paid_days = by_month(month_of_paid, paid.days)
    numerator = by_month(month_of_paid, paid.reimbursement_numerator())
    reimbursement = round_reimbursement(numerator)
    starts = month_starts(year)
    months = [
        BudgetLine(
            start=starts[m],
            end=starts[m + 1],
            days=int(days[m]),
            reimbursed_days=int(paid_days[m]),
            gross_cost=int(gross[m]),
            own_payment=int(own[m]),
            reimbursement=int(reimbursement[m]),
        )
        for m in range(12)
    ]
    whole = BudgetLine(
        start=starts[0],
        end=starts[12],
        days=int(days.sum()),
        reimbursed_days=int(paid_days.sum()),
        gross_cost=int(gross.sum()),
        own_payment=int(own.sum()),
        reimbursement=int(round_reimbursement(np.array([numerator.sum()]))[0]),
    )
    return whole, months


def days_in_year(year: int) -> int:
    """Return 366 in a leap year, else 365."""
    return 366 if calendar.isleap(year) else 365

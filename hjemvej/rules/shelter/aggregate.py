"""Shelter figures by month and by any grouping of stays (shelter, inside/outside, citizen …).

Reimbursement depends on each citizen's whole history (the windows), so it is computed over all
stays and then cut to the months asked for. Each reported cell (a group's month) is rounded once;
a sum over cells is the rounded sum of their exact amounts (``Figures.total``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.batch import counted_and_reimbursed
from hjemvej.rules.shelter.model import IntArray, Readings, StayTable
from hjemvej.rules.shelter.money import Pieces, Prices, round_reimbursement


def month_starts(first: date, end: date) -> list[date]:
    """Return the first day of every month from ``first``'s month up to and including ``end``."""
    months = [first.replace(day=1)]
    while months[-1] < end:
        months.append(month_start_plus(months[-1], 1))
    return months


@dataclass
class Figures:
    """Figures per group and month: arrays of shape ``(groups, months)``; money in øre."""

    months: list[date]  # month starts; len(months) == shape[1]
    days: IntArray
    reimbursed_days: IntArray
    gross_cost: IntArray
    own_payment: IntArray
    numerator: IntArray  # reimbursement × 10,000 (øre × basis points), exact

    @property
    def reimbursement(self) -> IntArray:
        """Return each cell's reimbursement, rounded once per cell."""
        return round_reimbursement(self.numerator)

    @property
    def net_cost(self) -> IntArray:
        """Return gross cost − own payment − reimbursement per cell."""
        result: IntArray = self.gross_cost - self.own_payment - self.reimbursement
        return result

    def total(
        self, groups: IntArray | slice | None = None, months: slice | None = None
    ) -> dict[str, int]:
        """Return the sums over the chosen groups and months, reimbursement rounded once."""
        rows = slice(None) if groups is None else groups
        cols = months or slice(None)

        def add(values: IntArray) -> int:
            return int(values[rows][:, cols].sum())

        reimbursement = int(round_reimbursement(np.array([add(self.numerator)]))[0])
        gross, own = add(self.gross_cost), add(self.own_payment)
        return {
            "days": add(self.days),
            "reimbursed_days": add(self.reimbursed_days),
            "gross_cost": gross,
            "own_payment": own,
            "reimbursement": reimbursement,
            "net_cost": gross - own - reimbursement,
        }


def monthly_figures(
    table: StayTable,
    *,
    start: date,
    end: date,
    as_of: date,
    params: ParameterSet,
    readings: Readings | None = None,
    groups: IntArray | None = None,
    n_groups: int | None = None,
) -> Figures:
    """Return days, cost, own payment and § 177 reimbursement per group and month of [start, end).

    ``groups[i]`` is stay row i's group (0..n_groups-1); without groups there is one group.
    """
    readings = readings or Readings()
    if groups is None:
        groups = np.zeros(len(table), dtype=np.int64)
        n_groups = 1
    n_groups = n_groups if n_groups is not None else int(groups.max(initial=-1)) + 1
    months = [m for m in month_starts(start, end) if m < end]
    bounds = np.array(
        [max(m, start).toordinal() for m in months] + [end.toordinal()], dtype=np.int64
    )
    lo, hi = int(bounds[0]), int(bounds[-1])
    order, first_day, stop, paid_periods = counted_and_reimbursed(
        table, as_of=as_of.toordinal(), params=params, readings=readings
    )
    prices = Prices(table, params)

    def in_span(stay: IntArray, a: IntArray, b: IntArray) -> Pieces:
        a, b = np.clip(a, lo, hi), np.clip(b, lo, hi)
        keep = b > a
        return prices.pieces(stay[keep], a[keep], b[keep], extra_points=bounds)

    stays = in_span(order, first_day[order], stop[order])
    paid = in_span(paid_periods.stay, paid_periods.start, paid_periods.end)
    shape = (n_groups, len(bounds) - 1)

    def cells(pieces: Pieces, values: IntArray) -> IntArray:
        month = np.searchsorted(bounds, pieces.start, side="right") - 1
        out = np.zeros(shape, dtype=np.int64)
        np.add.at(out, (groups[pieces.stay], month), values)
        return out

    return Figures(
        months=[date.fromordinal(int(b)) for b in bounds[:-1]],
        days=cells(stays, stays.days),
        reimbursed_days=cells(paid, paid.days),
        gross_cost=cells(stays, stays.gross()),
        own_payment=cells(stays, stays.own_payment()),
        numerator=cells(paid, paid.reimbursement_numerator()),
    )

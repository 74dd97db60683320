"""What days cost: daily rates, own payment and the reimbursable amount, by piece of a period.

A *piece* is a run of days of one stay on which the daily rate, the statutory own payment and the
reimbursement rate are all constant, so its money is ``days × value`` in exact integer øre.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.model import MISSING, IntArray, StayTable
from hjemvej.rules.shelter.periods import OWN_PAYMENT, RATE, STRIDE, Schedule, split_at

#: Basis points in one whole: reimbursement numerators are øre × basis points.
BASIS = 10_000


@dataclass
class Pieces:
    """Runs of days with constant prices; all arrays have one element per piece."""

    stay: IntArray  # row index into the StayTable
    start: IntArray
    end: IntArray
    rate: IntArray  # øre per day
    own: IntArray  # øre per day the citizen pays: min(own payment, rate)
    basis_points: IntArray  # reimbursement rate, 5000 = 50 %

    @property
    def days(self) -> IntArray:
        """Return the number of days per piece."""
        result: IntArray = self.end - self.start
        return result

    def gross(self) -> IntArray:
        """Return the gross cost per piece in øre."""
        result: IntArray = self.days * self.rate
        return result

    def own_payment(self) -> IntArray:
        """Return the citizen's own payment per piece in øre."""
        result: IntArray = self.days * self.own
        return result

    def reimbursement_numerator(self) -> IntArray:
        """Return the reimbursable amount × basis points per piece (§ 177: rate of net cost)."""
        result: IntArray = self.days * (self.rate - self.own) * self.basis_points
        return result


class Prices:
    """The price schedules of one calculation: shelters' rates, own payment, reimbursement rate."""

    def __init__(self, table: StayTable, params: ParameterSet) -> None:
        self.table = table
        self.own_schedule = Schedule.of(params, OWN_PAYMENT)
        self.rate_schedule = Schedule.of(params, RATE)
        self._own_values = self.own_schedule.int_values()
        self._basis_points = self.rate_schedule.basis_points()
        stride = STRIDE
        keys: list[int] = []
        rates: list[int] = []
        for code, schedule in enumerate(table.rate_schedules):
            keys.extend(code * int(stride) + s for s in schedule.starts)
            rates.extend(schedule.rates)
        self._stride = stride
        self._shelter_keys = np.array(keys, dtype=np.int64)
        self._shelter_rates = np.array(rates, dtype=np.int64)
        starts = [self.own_schedule.change_points(), self.rate_schedule.change_points()]
        starts.extend(
            np.array(schedule.starts, dtype=np.int64) for schedule in table.rate_schedules
        )
        self.breakpoints = np.unique(np.concatenate(starts))

    def pieces(
        self, stay: IntArray, start: IntArray, end: IntArray, extra_points: IntArray | None = None
    ) -> Pieces:
        """Split the periods ``[start, end)`` of the given stays into constant-price pieces."""
        points = self.breakpoints
        if extra_points is not None and len(extra_points):
            points = np.union1d(points, extra_points)
        owner, p_start, p_end = split_at(start, end, points)
        p_stay = stay[owner]
        # Empty pieces carry no money; drop them so no lookup happens for days that do not count.
        keep = p_end > p_start
        p_stay, p_start, p_end = p_stay[keep], p_start[keep], p_end[keep]
        rate = self.table.daily_rate[p_stay]
        uses_schedule = rate == MISSING
        if uses_schedule.any():
            shelter = self.table.shelter[p_stay[uses_schedule]]
            keys = shelter * self._stride + p_start[uses_schedule]
            idx = np.searchsorted(self._shelter_keys, keys, side="right") - 1
            found = idx >= 0
            found[found] = self._shelter_keys[idx[found]] // self._stride == shelter[found]
            if not found.all():
                bad = int(np.flatnonzero(uses_schedule)[~found][0])
                raise ValueError(
                    f"ophold {self.table.stay_id[int(p_stay[bad])]}: boformen har ingen takst "
                    "på opholdets første dag"
                )
            rate = rate.copy()
            rate[uses_schedule] = self._shelter_rates[idx]
        own = self.table.own_payment[p_stay]
        statutory = own == MISSING
        if statutory.any():
            own = own.copy()
            own[statutory] = self._own_values[self.own_schedule.index(p_start[statutory])]
        own = np.minimum(own, rate)
        basis_points = self._basis_points[self.rate_schedule.index(p_start)]
        return Pieces(
            stay=p_stay,
            start=p_start,
            end=p_end,
            rate=rate,
            own=own,
            basis_points=basis_points,
        )


def per_stay(n: int, stay: IntArray, values: IntArray) -> IntArray:
    """Return the sum of ``values`` per stay index (exact int64)."""
    total = np.zeros(n, dtype=np.int64)
    np.add.at(total, stay, values)
    return total


def round_reimbursement(numerator: IntArray) -> IntArray:
    """Round reimbursement numerators (øre × basis points) half up to whole øre.

    This is the one rounding point of § 177 reimbursement: once per stay (or per reported cell).
    """
    result: IntArray = (numerator + BASIS // 2) // BASIS
    return result

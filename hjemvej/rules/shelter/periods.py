"""Counted days of stays, interval splitting and parameter schedules, shared by both paths.

Everything here works on proleptic ordinals (``date.toordinal()``) in int64 numpy arrays.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np

from hjemvej.rules.dates import add_months
from hjemvej.rules.parameters import ParameterError, ParameterSet, ParameterValue
from hjemvej.rules.shelter.model import MISSING, DaysReading, IntArray, StayTable

CAP = "shelter.reimbursement.day_cap"
RATE = "shelter.reimbursement.rate"
OWN_PAYMENT = "shelter.own_payment.daily"

_EPOCH = date(1970, 1, 1).toordinal()
#: Separates citizens (or shelters) on one number line: key = code × STRIDE + ordinal.
STRIDE = np.int64(1 << 22)


def counted_periods(
    table: StayTable, *, as_of: int, days: DaysReading
) -> tuple[IntArray, IntArray, IntArray]:
    """Return ``(order, start, end)``: stays sorted by citizen and admission, and the counted days.

    ``[start, end)`` (input order) holds the dates a stay counts (docs/rules.md, Days). Reading
    ``nights``: admitted ≤ d < discharged, a same-day stay counts its one date. Reading ``dates``:
    the discharge date counts too, except where the citizen's next stay begins that same date
    (a transfer): the date then belongs to the earlier stay only. Only dates before ``as_of`` count.
    The table's ``others`` take part in that transfer rule (a stay split where the paying
    municipality changed is such a transfer); only the table's own rows come back.
    """
    if days == "dates" and table.others is not None and len(table.others):
        n = len(table)
        order, start, end = counted_periods(table.joined(), as_of=as_of, days=days)
        return order[order < n], start[:n], end[:n]
    admitted = table.admitted
    discharged = table.discharged
    if days == "nights":
        end = night_ends(admitted, discharged, as_of=as_of)
    else:
        end = np.minimum(np.where(discharged == MISSING, as_of, discharged + 1), as_of)
    start = admitted.copy()
    key = table.citizen * STRIDE + admitted
    # Exports are usually sorted already; checking is much cheaper than sorting.
    order = (
        np.arange(len(key), dtype=np.int64)
        if bool(np.all(key[1:] >= key[:-1]))
        else np.argsort(key)  # keys are unique: a citizen's stays never start on one date
    )
    if days == "dates" and len(order) > 1:
        s_sorted = start[order]
        e_sorted = end[order]
        citizens = table.citizen[order]
        same = citizens[1:] == citizens[:-1]
        s_sorted[1:] = np.where(same, np.maximum(s_sorted[1:], e_sorted[:-1]), s_sorted[1:])
        start[order] = s_sorted
    end = np.maximum(end, start)
    return order, start, end


def night_ends(admitted: IntArray, discharged: IntArray, *, as_of: int) -> IntArray:
    """Return where each stay's nights end: its nights are the dates ``[admitted, end)``.

    A night is a date d with admitted ≤ d < discharged; a stay admitted and discharged on the same
    date counts that date; an open stay (``MISSING``) runs up to, not including, ``as_of``, and no
    date from ``as_of`` on counts. The one definition of a night (docs/statistics.md).
    """
    end = np.where(discharged > admitted, discharged, admitted + 1)
    found: IntArray = np.minimum(np.where(discharged == MISSING, as_of, end), as_of)
    return found


def split_at(lo: IntArray, hi: IntArray, points: IntArray) -> tuple[IntArray, IntArray, IntArray]:
    """Split each ``[lo[i], hi[i])`` at the sorted ``points`` that lie strictly inside it.

    Return ``(owner, start, end)``: for every piece the index of the interval it came from, in
    order. An empty interval gives one empty piece, so every interval owns at least one piece.
    """
    first = np.searchsorted(points, lo, side="right")
    inside = np.maximum(np.searchsorted(points, hi, side="left") - first, 0)
    split = np.flatnonzero(inside)
    if not len(split):  # the common case: nothing to split
        return np.arange(len(lo), dtype=np.int64), lo, hi
    counts = inside + 1
    owner = np.repeat(np.arange(len(lo), dtype=np.int64), counts)
    start = lo[owner]
    end = hi[owner]
    # Only the intervals that are split need their inner boundaries set.
    inner = inside[split]
    base = (np.cumsum(counts) - counts)[split]
    which = np.repeat(np.arange(len(split), dtype=np.int64), inner)
    j = np.arange(len(which), dtype=np.int64) - (np.cumsum(inner) - inner)[which]
    position = base[which] + j
    point = points[first[split][which] + j]
    end[position] = point
    start[position + 1] = point
    return owner, start, end


def anniversary(ordinals: IntArray) -> IntArray:
    """Return the same date one year later; the anniversary of 29 February is 1 March."""
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    years = days.astype("datetime64[Y]")
    month_index = months - years.astype("datetime64[M]")
    day_offset = days - months.astype("datetime64[D]")
    # Adding the day offset to next year's month start turns 29 Feb into 1 Mar by itself.
    next_month = (years + 1).astype("datetime64[M]") + month_index
    result = next_month.astype("datetime64[D]") + day_offset
    found: IntArray = result.astype(np.int64) + _EPOCH
    return found


def anniversary_of(day: date) -> date:
    """Return the anniversary of one date (the plain path's version of ``anniversary``)."""
    return add_months(day, 12)


@dataclass(frozen=True)
class Schedule:
    """A parameter's values over a span as arrays: ``values[i]`` from ``starts[i]``."""

    name: str
    starts: IntArray
    entries: tuple[ParameterValue, ...]

    @classmethod
    def of(cls, params: ParameterSet, name: str) -> Schedule:
        """Return the schedule of one parameter."""
        entries = params[name].values
        starts = np.array([e.valid_from.toordinal() for e in entries], dtype=np.int64)
        return cls(name=name, starts=starts, entries=entries)

    def index(self, days: IntArray) -> IntArray:
        """Return per day the index of the entry in force; raise for a day before the first."""
        idx = np.searchsorted(self.starts, days, side="right") - 1
        if len(idx) and int(idx.min()) < 0:
            first_bad = int(days[idx < 0].min())
            raise ParameterError(
                [
                    f"{self.name}: ingen værdi den {date.fromordinal(first_bad).isoformat()} "
                    f"(første værdi gælder fra {self.entries[0].valid_from.isoformat()})"
                ]
            )
        return idx

    def entry(self, day: int) -> ParameterValue:
        """Return the entry in force on one day (the plain path's lookup: no numpy per day)."""
        i = bisect.bisect_right(self._starts, day) - 1
        if i < 0:
            self.index(np.array([day], dtype=np.int64))  # raises the Danish error
        return self.entries[i]

    @cached_property
    def _starts(self) -> list[int]:
        return [int(s) for s in self.starts]

    def change_points(self) -> IntArray:
        """Return the start dates where the value differs from the one before."""
        values = [e.value for e in self.entries]
        keep = [i for i in range(len(values)) if i == 0 or values[i] != values[i - 1]]
        return self.starts[keep]

    def int_values(self, missing: int = MISSING) -> IntArray:
        """Return the values as int64 (øre, days); None becomes ``missing``."""
        return np.array(
            [missing if e.value is None else int(e.value) for e in self.entries],  # type: ignore[arg-type]
            dtype=np.int64,
        )

    def basis_points(self) -> IntArray:
        """Return percentage values in hundredths of a percent (50 % → 5000)."""
        out: list[int] = []
        for e in self.entries:
            scaled = (e.value * 100) if e.value is not None else None  # type: ignore[operator]
            if scaled is None or scaled != int(scaled):
                raise ParameterError([f"{self.name}: {e.display} har mere end to decimaler"])
            out.append(int(scaled))
        return np.array(out, dtype=np.int64)

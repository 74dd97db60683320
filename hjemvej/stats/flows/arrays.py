"""The list over time's arithmetic on columns (numpy): events to states, and the months' ends.

A national list is some 23,000 citizens, 50,000 list events and 175,000 situations, and a year
of month ends some 200,000 (citizen, month) pairs on the list: as Python objects that is seconds,
as columns a few milliseconds. Days are numbers (``days``: the date's ordinal).

* ``Events``: a citizen's state after each event is the event's kind (an entry puts the citizen
  on the list, or keeps them there); an event changes the state when its kind differs from the
  citizen's previous event's (the first: when it is an entry).
* ``on_at_ends``: a citizen is on the list at the end of a day when their last event up to it is
  an entry.
* ``situations_on``: the situation that holds a day, ``[start, end)``, the latest begun.
* ``age_bands``: whole years on a day; a birthday on 29 February falls on 1 March in other years.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

import numpy as np
import numpy.typing as npt

from hjemvej.stats.long_term import OPEN

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def days(values: Sequence[date | None]) -> Ints:
    """Return dates as day numbers (``date.toordinal``); None as ``OPEN``.

    (numpy's own conversion of date objects takes a hundred times longer.)
    """
    if None not in values:
        known = cast(Sequence[date], values)
        return np.fromiter(map(date.toordinal, known), dtype=np.int64, count=len(known))
    return np.array([OPEN if d is None else d.toordinal() for d in values], dtype=np.int64)


@dataclass(frozen=True)
class Events:
    """The list events in citizen, date and record order, as columns."""

    citizens: Ints  # the citizen's id
    days: Ints
    entered: Bools  # an entry (else an exit)
    reasons: Ints  # the reason's code (``codes``)

    @classmethod
    def of(
        cls, rows: list[tuple[int, date, str, str]], entry: str, codes: dict[str, int]
    ) -> Events:
        """Return the columns of ``(citizen_id, date, kind, reason)`` rows sorted as above."""
        if not rows:
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, np.zeros(0, dtype=bool), empty)
        ids, dates, kinds, reasons = zip(*rows, strict=True)
        return cls(
            np.array(ids, dtype=np.int64),
            days(dates),
            np.array([kind == entry for kind in kinds], dtype=bool),
            np.array([codes.get(reason, -1) for reason in reasons], dtype=np.int64),
        )

    def changes(self) -> Bools:
        """Return whether each event changed its citizen's state (on or off the list)."""
        before = np.zeros(len(self.days), dtype=bool)
        before[1:] = self.entered[:-1]
        first = np.ones(len(self.days), dtype=bool)
        first[1:] = self.citizens[1:] != self.citizens[:-1]
        before[first] = False
        return np.asarray(self.entered != before, dtype=bool)

    def on_at_ends(self, ends: Ints) -> tuple[Ints, Bools]:
        """Return the citizens with events and whether each is on the list at each day's end.

        The result is a citizens × days table, in the order of ``ends``.
        """
        citizens = np.unique(self.citizens)
        if not len(citizens):
            return citizens, np.zeros((0, len(ends)), dtype=bool)
        span = int(max(self.days.max(), ends.max())) + 2
        keys = self.citizens * span + self.days + 1  # days shifted by one: never negative
        asked = (citizens[:, None] * span + ends[None, :] + 1).ravel()
        last = np.searchsorted(keys, asked, side="right") - 1
        safe = np.maximum(last, 0)
        owner = np.repeat(citizens, len(ends))
        on = (last >= 0) & (self.citizens[safe] == owner) & self.entered[safe]
        return citizens, on.reshape(len(citizens), len(ends))


def situations_on(
    owners: Ints,
    starts: Ints,
    ends: Ints,
    codes: Ints,
    order_ids: Ints,
    asked_owners: Ints,
    asked_days: Ints,
    none: int,
) -> Ints:
    """Return the situation (its code) each owner is in on each day, or ``none``.

    The latest begun that holds the day (``[start, end)``; an empty ``[d, d)`` holds none). The
    services keep a citizen's situations apart, so that is nearly always the latest begun; when
    that has ended, earlier ones are looked through.
    """
    result = np.full(len(asked_days), none, dtype=np.int64)
    keep = (ends == OPEN) | (ends > starts)
    order = np.lexsort((order_ids[keep], starts[keep], owners[keep]))
    o, s, e, c = (column[keep][order] for column in (owners, starts, ends, codes))
    if not len(o) or not len(asked_days):
        return result
    span = int(max(asked_days.max(), s.max())) + 2
    found = np.searchsorted(o * span + s + 1, asked_owners * span + asked_days + 1, "right") - 1
    safe = np.maximum(found, 0)
    holds = (found >= 0) & (o[safe] == asked_owners) & ((e[safe] == OPEN) | (e[safe] > asked_days))
    result[holds] = c[safe[holds]]
    for i in np.flatnonzero(~holds & (found >= 0)):
        j = int(found[i]) - 1
        while j >= 0 and o[j] == asked_owners[i]:
            if e[j] == OPEN or e[j] > asked_days[i]:
                result[i] = c[j]
                break
            j -= 1
    return result


def birth_columns(births: Sequence[date | None]) -> Ints:
    """Return birth dates as rows of (year, month, day); a missing one as (-1, 0, 0)."""
    rows = [(b.year, b.month, b.day) if b else (-1, 0, 0) for b in births]
    return np.array(rows, dtype=np.int64).reshape(len(rows), 3)


def age_bands(born: Ints, on: Ints, lows: Sequence[int]) -> Ints:
    """Return the band of each birth (row of ``born``) on its day (row of ``on``, y/m/d).

    The band is the index of the last of ``lows`` at or below the age in whole years; a missing
    birth date gets ``len(lows)`` (unknown).
    """
    before_birthday = on[:, 1] * 100 + on[:, 2] < born[:, 1] * 100 + born[:, 2]
    age = on[:, 0] - born[:, 0] - before_birthday
    band = np.searchsorted(np.array(lows, dtype=np.int64), np.maximum(age, 0), side="right") - 1
    return np.where(born[:, 0] < 0, len(lows), band).astype(np.int64)


def per_month(months: Ints, values: Ints, count: int, kinds: int) -> Ints:
    """Return how many of each month's items have each value: a months × kinds table."""
    table = np.bincount(months * kinds + values, minlength=count * kinds)
    return table.reshape(count, kinds).astype(np.int64)

"""The § 177 window a citizen is in today, and its reimbursed days before today (SEL § 177).

The anchored reading (docs/rules.md, The cap): a window opens on the first counted day (a
registered shelter, a cap in force) on or after the previous window's anniversary and runs a year;
the rolling reading looks at the 365 days before today. The vectorised engine (``batch.py``) finds
the reimbursed days; the windows are walked period by period, not day by day. The plain engine
(``plain.py``) walks the same days one by one; a test holds the two to the same answer.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.batch import reimbursed_periods
from hjemvej.rules.shelter.model import IntArray, Readings, StayTable
from hjemvej.rules.shelter.money import Prices
from hjemvej.rules.shelter.periods import (
    CAP,
    Schedule,
    anniversary_of,
    counted_periods,
    split_at,
)

#: A window ``[opened, closes)`` and the reimbursed days in it before today.
Window = tuple[date, date, int]


def current_windows(
    table: StayTable, *, today: date, params: ParameterSet, readings: Readings
) -> dict[str, Window]:
    """Return per citizen the window today's day falls in and its reimbursed days before today.

    Anchored reading: the window of the last counted day before today if it is still open on
    today, else the window today's day would open; rolling reading: the 365 days before today
    (and today). Raise ValueError where the plain engine does (a day without a rate or a
    parameter value).
    """
    as_of = today.toordinal()
    order, start, end = counted_periods(table, as_of=as_of, days=readings.days)
    # The plain engine prices every counted day and looks up its cap, whether or not it counts.
    Prices(table, params).pieces(order, start[order], end[order])
    caps = Schedule.of(params, CAP)
    cap_values = caps.int_values()
    caps.index(start[end > start])
    n = int(table.citizen.max()) + 1 if len(table) else 0
    fresh_start, fresh_end, _ = window_without_days(today, readings)
    lo = np.full(n, fresh_start.toordinal(), dtype=np.int64)
    hi = np.full(n, fresh_end.toordinal(), dtype=np.int64)
    if readings.window == "anchored":
        for code, (opened, closes) in _last_windows(table, order, start, end, caps).items():
            if closes > as_of:
                lo[code], hi[code] = opened, closes
    paid = reimbursed_periods(table, order, start, end, params=params, readings=readings)
    # Days without a cap in force are reimbursed but not counted ("no_cap"): never "used".
    capped = (paid.end > paid.start) & (cap_values[caps.index(paid.start)] >= 0)
    owner = table.citizen[paid.stay[capped]]
    inside = np.minimum(paid.end[capped], hi[owner]) - np.maximum(paid.start[capped], lo[owner])
    used = np.zeros(n, dtype=np.int64)
    np.add.at(used, owner, np.maximum(inside, 0))
    found: dict[str, Window] = {}
    for row, code in enumerate(table.citizen.tolist()):
        found.setdefault(
            table.citizen_id[row],
            (
                date.fromordinal(int(lo[code])),
                date.fromordinal(int(hi[code])),
                int(used[code]),
            ),
        )
    return found


def window_without_days(today: date, readings: Readings) -> Window:
    """Return the window of a citizen without counted days before today: nothing used in it."""
    if readings.window == "anchored":
        return today, anniversary_of(today), 0  # today's day opens it
    return today - timedelta(days=365), today + timedelta(days=1), 0


def _last_windows(
    table: StayTable, order: IntArray, start: IntArray, end: IntArray, caps: Schedule
) -> dict[int, tuple[int, int]]:
    """Return per citizen (code) the last anchored window ``[opened, closes)`` as ordinals.

    A window opens on the first counted day (a registered shelter, a cap in force) on or after
    the previous window's anniversary; the walk jumps from window to window, not day to day.
    """
    rows = order[table.qualifies[order] & (end[order] > start[order])]
    owner, p_start, p_end = split_at(start[rows], end[rows], caps.change_points())
    keep = (p_end > p_start) & (caps.int_values()[caps.index(p_start)] >= 0)
    last: dict[int, tuple[int, int]] = {}
    for code, day, stop in zip(
        table.citizen[rows[owner[keep]]].tolist(),
        p_start[keep].tolist(),
        p_end[keep].tolist(),
        strict=True,
    ):
        opened, closes = last.get(code, (0, 0))
        while day < stop:
            if day >= closes:
                opened, closes = day, anniversary_of(date.fromordinal(day)).toordinal()
            day = closes
        last[code] = (opened, closes)
    return last

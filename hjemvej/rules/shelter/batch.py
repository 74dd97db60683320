"""§ 177 reimbursement for whole populations: vectorised over citizens, exact in øre.

The plain path (``plain.py``) walks day by day; this path works on periods and gives the same
results. The idea: per citizen, the days that count towards the cap form a sorted set of periods.
Number those days consecutively ("count coordinates"), globally across citizens; a window's
reimbursed days are then a range of counts, found with ``searchsorted`` for all citizens at once,
one window round at a time (a citizen has a handful of windows).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

import numpy as np

from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.model import IntArray, Readings, StayResults, StayTable
from hjemvej.rules.shelter.money import Prices, per_stay, round_reimbursement
from hjemvej.rules.shelter.periods import (
    CAP,
    STRIDE,
    Schedule,
    anniversary,
    counted_periods,
    split_at,
)

#: A cap above this can never bind: no 365-day span holds more days.
NEVER_BINDS = 366


@dataclass
class Reimbursed:
    """Reimbursed periods: per period the stay row and ``[start, end)``."""

    stay: IntArray
    start: IntArray
    end: IntArray


def reimburse(
    table: StayTable,
    *,
    as_of: date,
    params: ParameterSet,
    readings: Readings | None = None,
) -> StayResults:
    """Compute days, cost, own payment and § 177 reimbursement per stay (SEL § 177, stk. 1)."""
    readings = readings or Readings()
    n = len(table)
    order, start, end, reimbursed = counted_and_reimbursed(
        table, as_of=as_of.toordinal(), params=params, readings=readings
    )
    prices = Prices(table, params)
    all_days = prices.pieces(order, start[order], end[order])
    paid = prices.pieces(reimbursed.stay, reimbursed.start, reimbursed.end)
    return StayResults(
        days=end - start,
        reimbursed_days=per_stay(n, paid.stay, paid.days),
        gross_cost=per_stay(n, all_days.stay, all_days.gross()),
        own_payment=per_stay(n, all_days.stay, all_days.own_payment()),
        reimbursement=round_reimbursement(per_stay(n, paid.stay, paid.reimbursement_numerator())),
    )


def counted_and_reimbursed(
    table: StayTable, *, as_of: int, params: ParameterSet, readings: Readings
) -> tuple[IntArray, IntArray, IntArray, Reimbursed]:
    """Return the table's counted periods (``counted_periods``) and its reimbursed periods.

    The windows count each citizen's days across all stays (SEL § 177): the table's ``others``
    (days someone else pays) fill them as well, but only the table's own rows come back.
    """
    full = table.joined()
    order, start, end = counted_periods(full, as_of=as_of, days=readings.days)
    reimbursed = reimbursed_periods(full, order, start, end, params=params, readings=readings)
    if full is table:
        return order, start, end, reimbursed
    n = len(table)
    own = reimbursed.stay < n
    return (
        order[order < n],
        start[:n],
        end[:n],
        Reimbursed(stay=reimbursed.stay[own], start=reimbursed.start[own], end=reimbursed.end[own]),
    )


def reimbursed_periods(
    table: StayTable,
    order: IntArray,
    start: IntArray,
    end: IntArray,
    *,
    params: ParameterSet,
    readings: Readings,
) -> Reimbursed:
    """Return the periods of days that earn reimbursement, per stay row."""
    qualifying = order[table.qualifies[order] & (end[order] > start[order])]
    caps = Schedule.of(params, CAP)
    cap_values = caps.int_values()
    owner, p_start, p_end = split_at(start[qualifying], end[qualifying], caps.change_points())
    p_stay = qualifying[owner]
    cap = cap_values[caps.index(p_start)]
    uncapped = cap < 0  # no cap in force: every day earns reimbursement and none is counted
    capped = ~uncapped & (p_end > p_start)
    stays = [p_stay[uncapped]]
    starts = [p_start[uncapped]]
    ends = [p_end[uncapped]]
    pieces = _CappedDays(
        citizen=table.citizen[p_stay[capped]],
        stay=p_stay[capped],
        start=p_start[capped],
        end=p_end[capped],
    )
    if len(pieces.start):
        if readings.window == "anchored":
            found = _anchored(pieces, caps, cap_values, per_day=readings.cap == "per_day")
        else:
            found = _rolling365(pieces, cap_values[caps.index(pieces.start)])
        stays.append(found.stay)
        starts.append(found.start)
        ends.append(found.end)
    return Reimbursed(
        stay=np.concatenate(stays), start=np.concatenate(starts), end=np.concatenate(ends)
    )


@dataclass
class _CappedDays:
    """Periods of days under a cap, sorted by citizen and date, never empty."""

    citizen: IntArray
    stay: IntArray
    start: IntArray
    end: IntArray


def _anchored(
    pieces: _CappedDays, caps: Schedule, cap_values: IntArray, *, per_day: bool
) -> Reimbursed:
    """Apply the anchored one-year windows (Social- og Boligstyrelsen's reading of § 177).

    A window opens on the first counted day on or after the previous window's anniversary. Per
    day reading: a day is reimbursed while fewer days than the cap in force that day have been
    reimbursed in its window; window-start reading: the cap in force when the window opened.
    """
    key_start = pieces.citizen * STRIDE + pieces.start
    length = pieces.end - pieces.start
    before = np.concatenate(([0], np.cumsum(length)))  # counts before each piece

    def count_before(key: IntArray) -> IntArray:
        """Return how many counted days lie before each key (global count coordinate)."""
        i = np.searchsorted(key_start, key, side="right") - 1
        j = np.maximum(i, 0)
        inside = np.clip(key - key_start[j], 0, length[j])
        return np.where(i < 0, 0, before[j] + inside)

    def key_of_count(count: IntArray) -> IntArray:
        """Return the key of the counted day with the given global count."""
        i = np.searchsorted(before, count, side="right") - 1
        result: IntArray = key_start[i] + (count - before[i])
        return result

    new_citizen = np.flatnonzero(np.diff(pieces.citizen, prepend=-1) != 0)
    citizen = pieces.citizen[new_citizen]
    limit = np.append(before[new_citizen[1:]], before[-1])  # count at the citizen's end
    window_key = key_start[new_citizen]
    periods = [
        (
            int(s),
            int(caps.entries[i + 1].valid_from.toordinal()) if i + 1 < len(caps.entries) else None,
            int(v),
        )
        for i, (s, v) in enumerate(zip(caps.starts, cap_values, strict=True))
    ]
    first_counts: list[IntArray] = []
    sizes: list[IntArray] = []
    while len(citizen):
        offset = citizen * STRIDE
        opened = window_key - offset
        closes_key = offset + anniversary(opened)
        window_cap = cap_values[caps.index(opened)]
        used = np.zeros(len(citizen), dtype=np.int64)
        for period_start, period_end, value in periods:
            if value < 0:
                continue  # uncapped days were taken out before
            lo = np.maximum(window_key, offset + period_start)
            hi = closes_key if period_end is None else np.minimum(closes_key, offset + period_end)
            lo_count = count_before(lo)
            available = np.where(lo < hi, count_before(hi) - lo_count, 0)
            cap = value if per_day else window_cap
            granted = np.clip(np.minimum(available, cap - used), 0, None)
            has = granted > 0
            first_counts.append(lo_count[has])
            sizes.append(granted[has])
            used += granted
        next_count = count_before(closes_key)
        more = next_count < limit
        citizen, limit = citizen[more], limit[more]
        window_key = key_of_count(next_count[more])
    first = np.concatenate(first_counts) if first_counts else np.empty(0, dtype=np.int64)
    size = np.concatenate(sizes) if sizes else np.empty(0, dtype=np.int64)
    # Back from counts to dates: split each granted range where a piece ends.
    _, c_start, c_end = split_at(first, first + size, before[1:-1])
    piece = np.searchsorted(before, c_start, side="right") - 1
    day_start = pieces.start[piece] + (c_start - before[piece])
    return Reimbursed(stay=pieces.stay[piece], start=day_start, end=day_start + (c_end - c_start))


def _rolling365(pieces: _CappedDays, cap: IntArray) -> Reimbursed:
    """Apply the rolling reading: a day is reimbursed when fewer than the cap were in 365 days.

    Works on runs, not days: while reimbursing, the count in the trailing 365 days rises by one a
    day except where an earlier reimbursed day leaves the span; while not, it only falls as days
    leave. Each piece has one cap (pieces are split where the cap changes).
    """
    out_stay: list[int] = []
    out_start: list[int] = []
    out_end: list[int] = []
    citizens = pieces.citizen.tolist()
    starts = pieces.start.tolist()
    ends = pieces.end.tolist()
    stays = pieces.stay.tolist()
    caps = cap.tolist()
    i = 0
    n = len(citizens)
    while i < n:
        j = i
        while j < n and citizens[j] == citizens[i]:
            j += 1
        r_start: list[int] = []  # reimbursed runs of this citizen, in date order
        r_end: list[int] = []
        r_before: list[int] = []  # reimbursed days before each run
        for k in range(i, j):
            day, stop, limit = starts[k], ends[k], caps[k]
            while day < stop:
                count = _count_in(r_start, r_end, r_before, day - 365, day)
                if limit >= NEVER_BINDS or count < limit:
                    run_end = (
                        stop
                        if limit >= NEVER_BINDS
                        else _run_end(r_start, r_end, day, count, limit, stop)
                    )
                    out_stay.append(stays[k])
                    out_start.append(day)
                    out_end.append(run_end)
                    if r_end and r_end[-1] == day:
                        r_end[-1] = run_end  # a run that goes on into the next stay
                    else:
                        r_before.append(r_before[-1] + r_end[-1] - r_start[-1] if r_end else 0)
                        r_start.append(day)
                        r_end.append(run_end)
                    day = run_end
                else:
                    day = min(stop, _pause_end(r_start, r_end, day, count, limit))
        i = j
    return Reimbursed(
        stay=np.array(out_stay, dtype=np.int64),
        start=np.array(out_start, dtype=np.int64),
        end=np.array(out_end, dtype=np.int64),
    )


def _count_in(r_start: list[int], r_end: list[int], r_before: list[int], lo: int, hi: int) -> int:
    """Return how many reimbursed days lie in ``[lo, hi)``."""

    def upto(x: int) -> int:
        k = bisect.bisect_right(r_start, x) - 1
        if k < 0:
            return 0
        return r_before[k] + min(x, r_end[k]) - r_start[k]

    return upto(hi) - upto(lo)


def _run_end(
    r_start: list[int], r_end: list[int], day: int, count: int, cap: int, stop: int
) -> int:
    """Return the first day from ``day`` on that is not reimbursed (or ``stop``)."""
    # A reimbursed day x leaves the trailing span on day x + 365 + 1; moving from position p to
    # p + 1 drops p - 365. Positions in [x + 365, y + 365) keep the count level, others add one.
    k = bisect.bisect_right(r_end, day - 365)
    p = day
    while p < stop:
        shifted_start = r_start[k] + 365 if k < len(r_start) else stop
        shifted_end = r_end[k] + 365 if k < len(r_start) else stop
        if p < shifted_start:
            step = min(cap - count, shifted_start - p, stop - p)
            p += step
            count += step
            if count >= cap:
                return p
        else:
            p = min(shifted_end, stop)
            k += 1
    return stop


def _pause_end(r_start: list[int], r_end: list[int], day: int, count: int, cap: int) -> int:
    """Return the first day from ``day`` on whose trailing count is below the cap again."""
    need = count - cap + 1
    k = bisect.bisect_right(r_end, day - 365)
    p = day
    while need > 0:
        if k >= len(r_start):
            return 1 << 40  # never within the data
        leave_from = max(p, r_start[k] + 365)
        leave_to = r_end[k] + 365
        available = leave_to - leave_from
        if available >= need:
            return leave_from + need
        need -= available
        p = leave_to
        k += 1
    return p

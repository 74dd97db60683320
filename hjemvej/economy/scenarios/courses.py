"""A municipality's § 85 a courses and § 107 stays under § 176 a, per year, fast enough for a
scenario.

Which days are reimbursed is the law engine's: ``citizen_periods`` and ``extension_periods`` of
``hjemvej.rules.support`` find each course's periods exactly as ``support_reimbursement`` does, and
the same glue picks a course's periods. The money is priced here with integer numpy arithmetic
instead of the engine's exact ``Fraction`` per month (4–5 s for the national demo's 4,600 courses
to the horizon): a month's cost is ``monthly × days / month's days`` and its reimbursement
``Σ percent/100 × monthly / month's days × days`` over the rate's values, each rounded once per
course and month, half up, to whole øre — the engine's rounding point (``rules/support/money.py``).
Tests and the scenario benchmark hold this to ``support_reimbursement`` month by month; where a
percentage has more than six decimals the engine itself is used.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.model import IntArray
from hjemvej.rules.shelter.periods import split_at
from hjemvej.rules.support import (
    HOUSING_FIRST_METHODS,
    Stay,
    SupportCourse,
    SupportReadings,
    support_reimbursement,
)
from hjemvej.rules.support.model import BOTILBUD_RATE, RATE, clip, merge
from hjemvej.rules.support.periods import citizen_periods, course_periods
from hjemvej.support.models import BotilbudStay
from hjemvej.support.models import SupportCourse as CourseRecord
from hjemvej.support.rules_rows import (
    BOTILBUD_COLUMNS,
    COURSE_COLUMNS,
    homeless_at_start,
    rules_botilbud,
    rules_course,
    rules_stays,
)

#: Separates courses on one number line of months: key = course × _MONTH_KEY + month.
_MONTH_KEY = 100_000
#: Products below this stay exact in int64 (2 × numerator + denominator must fit).
_INT64_SAFE = 2**62
#: Percentages are scaled to whole numbers with this many decimals (int64 stays exact).
_DECIMALS = 6


@dataclass(frozen=True)
class SupportData:
    """The municipality's § 85 a courses and § 107 stays (as expenses of method "sel107") and its
    citizens' § 110 and § 107 stays, as the engine takes them."""

    courses: tuple[SupportCourse, ...]  # sorted by citizen
    stays: dict[str, list[Stay]]  # by citizen id


@dataclass(frozen=True)
class YearMoney:
    """One year's § 85 a and § 107 cost and § 176 a reimbursement, in øre."""

    cost: int = 0
    reimbursement: int = 0


def load_support(municipality_id: int, *, until: date | None = None) -> SupportData:
    """Return the § 85 a courses and § 107 stays of the municipality's live citizens.

    § 85 a courses are CTI, ICM, ACT and M-ACT; a temporary § 107 botilbud stay is both an
    expense of method "sel107" (§ 176 a, stk. 2) and a stay that can open the § 85 a period of
    stk. 1, nr. 2 (``support.rules_rows.rules_botilbud``). A course counts as begun in
    homelessness (the 2025 extension) when one of the citizen's homelessness situations covers
    its first day. Four queries.
    """
    live = {
        "citizen__acting_municipality_id": municipality_id,
        "citizen__merged_into__isnull": True,
    }
    courses = CourseRecord.objects.filter(**live, kind__in=sorted(HOUSING_FIRST_METHODS))
    botilbud = BotilbudStay.objects.filter(**live)
    if until is not None:
        courses = courses.filter(start__lt=until)
        botilbud = botilbud.filter(start__lt=until)
    found = [
        rules_course(*row)
        for row in courses.annotate(homeless_at_start=homeless_at_start())
        .order_by("citizen_id", "start", "pk")
        .values_list(*COURSE_COLUMNS)
    ]
    found += [
        rules_botilbud(*row)[0]
        for row in botilbud.order_by("citizen_id", "start", "pk").values_list(*BOTILBUD_COLUMNS)
    ]
    # Sorted by citizen (``SupportData``); a stable sort keeps each citizen's own order.
    found.sort(key=lambda c: int(c.citizen_id))
    stays = rules_stays(int(c.citizen_id) for c in found)
    return SupportData(
        courses=tuple(found),
        stays={str(citizen_id): own for citizen_id, own in stays.items()},
    )


def _reimbursable(
    data: SupportData, params: ParameterSet, readings: SupportReadings
) -> tuple[IntArray, IntArray, IntArray]:
    """Return ``(course index, start, end)`` ordinals of every course's reimbursable days."""
    in_force = params[RATE].first_date
    owner: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    index = 0
    courses = data.courses
    while index < len(courses):
        first = index
        citizen = courses[index].citizen_id
        while index < len(courses) and courses[index].citizen_id == citizen:
            index += 1
        group = list(courses[first:index])
        periods = citizen_periods(group, data.stays.get(citizen, []), params, readings)
        for offset, course in enumerate(group):
            # The glue of ``support_reimbursement``'s ``_course_result`` itself.
            _, chosen = course_periods(course, periods, params)
            for a, b in clip(merge((p.start, p.end) for p in chosen), in_force, date.max):
                owner.append(first + offset)
                starts.append(a.toordinal())
                ends.append(min(b, date(9999, 1, 1)).toordinal())
    return (
        np.array(owner, dtype=np.int64),
        np.array(starts, dtype=np.int64),
        np.array(ends, dtype=np.int64),
    )


class _Months:
    """Calendar months as ordinals: month number ``y × 12 + m − 1`` → its first day."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        firsts = [date(n // 12, n % 12 + 1, 1).toordinal() for n in range(first, last + 2)]
        self.starts = np.array(firsts, dtype=np.int64)

    def number(self, ordinals: IntArray) -> IntArray:
        """Return the month number of each day."""
        result: IntArray = np.searchsorted(self.starts, ordinals, side="right") - 1 + self.first
        return result

    def start(self, numbers: IntArray) -> IntArray:
        result: IntArray = self.starts[numbers - self.first]
        return result

    def length(self, numbers: IntArray) -> IntArray:
        result: IntArray = self.starts[numbers - self.first + 1] - self.starts[numbers - self.first]
        return result


def _half_up(numerator: IntArray, denominator: IntArray) -> IntArray:
    """Return non-negative ``numerator / denominator`` rounded half up to a whole number."""
    result: IntArray = (2 * numerator + denominator) // (2 * denominator)
    return result


def _by_year(years: IntArray, values: IntArray, first_year: int, last_year: int) -> list[int]:
    totals = np.zeros(last_year - first_year + 1, dtype=np.int64)
    keep = (years >= first_year) & (years <= last_year)
    np.add.at(totals, years[keep] - first_year, values[keep])
    return [int(v) for v in totals]


def support_by_year(
    data: SupportData,
    *,
    first_year: int,
    last_year: int,
    as_of: date,
    params: ParameterSet,
    readings: SupportReadings | None = None,
) -> dict[int, YearMoney]:
    """Return each year's § 85 a and § 107 cost and § 176 a reimbursement, counted before ``as_of``.

    ``readings`` are the readings of § 176 a (``SupportReadings``; the defaults when None).
    """
    readings = SupportReadings() if readings is None else readings
    years = range(first_year, last_year + 1)
    if not data.courses:
        return {y: YearMoney() for y in years}
    # § 85 a courses are reimbursed at § 176 a, stk. 1's rate, § 107 stays at stk. 2's.
    rates = (params[RATE], params[BOTILBUD_RATE])
    scale = _percent_scale([v.value for rate in rates for v in rate.values])
    largest = max(c.monthly_cost for c in data.courses)
    if scale is None or 2 * 31 * 100 * scale * largest >= _INT64_SAFE:
        # Too many decimals or amounts too large for exact int64 arithmetic: the engine itself.
        return _by_engine(
            data,
            first_year=first_year,
            last_year=last_year,
            as_of=as_of,
            p=params,
            readings=readings,
        )
    start = np.array([c.start.toordinal() for c in data.courses], dtype=np.int64)
    end = np.array([min(c.end or as_of, as_of).toordinal() for c in data.courses], dtype=np.int64)
    stop = np.maximum(end, start)
    monthly = np.array([c.monthly_cost for c in data.courses], dtype=np.int64)
    first_day = date.fromordinal(int(start.min()))
    months = _Months(
        first_day.year * 12 + first_day.month - 1,
        max(as_of.year * 12 + as_of.month - 1, first_day.year * 12 + first_day.month - 1),
    )
    cost = _costs(start, stop, monthly, months, first_year, last_year)
    owner, lo, hi = _reimbursable(data, params, readings)
    lo = np.maximum(lo, start[owner])  # inside the course's life and before ``as_of``
    hi = np.minimum(hi, stop[owner])
    keep = hi > lo
    owner, lo, hi = owner[keep], lo[keep], hi[keep]
    changes = [
        np.array([v.valid_from.toordinal() for v in rate.values], dtype=np.int64) for rate in rates
    ]
    piece, p_lo, p_hi = split_at(lo, hi, np.union1d(months.starts, np.union1d(*changes)))
    course = owner[piece]
    number = months.number(p_lo)
    botilbud = np.array([c.method == "sel107" for c in data.courses], dtype=bool)
    scaled_by_rate = [
        np.array([_scaled(v.value, scale) for v in rate.values], dtype=np.int64)[
            np.searchsorted(change, p_lo, side="right") - 1
        ]
        for rate, change in zip(rates, changes, strict=True)
    ]
    scaled = np.where(botilbud[course], scaled_by_rate[1], scaled_by_rate[0])
    numerator = scaled * monthly[course] * (p_hi - p_lo)
    # One rounding per course and month: add up the month's pieces first.
    key = course * _MONTH_KEY + (number - months.first)
    unique, inverse = np.unique(key, return_inverse=True)
    summed = np.zeros(len(unique), dtype=np.int64)
    np.add.at(summed, inverse, numerator)
    month_number = unique % _MONTH_KEY + months.first
    refund = _half_up(summed, 100 * scale * months.length(month_number))
    refunds = _by_year(month_number // 12, refund, first_year, last_year)
    return {y: YearMoney(cost=cost[i], reimbursement=refunds[i]) for i, y in enumerate(years)}


def _costs(
    start: IntArray,
    stop: IntArray,
    monthly: IntArray,
    months: _Months,
    first_year: int,
    last_year: int,
) -> list[int]:
    """Return each year's cost: every course month ``monthly × days / month days``, half up."""
    live = stop > start
    s, e, m = start[live], stop[live], monthly[live]
    first = months.number(s)
    count = months.number(e - 1) - first + 1
    course = np.repeat(np.arange(len(s), dtype=np.int64), count)
    offset = np.arange(int(count.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(count) - count, count
    )
    number = first[course] + offset
    month_start = months.start(number)
    length = months.length(number)
    days = np.minimum(e[course], month_start + length) - np.maximum(s[course], month_start)
    return _by_year(number // 12, _half_up(m[course] * days, length), first_year, last_year)


def _percent_scale(values: list[object]) -> int | None:
    """Return 10^k so that every percentage × 10^k is whole (k ≤ 6), or None."""
    decimals = 0
    for value in values:
        if not isinstance(value, Decimal):
            return None
        exponent = value.normalize().as_tuple().exponent
        if not isinstance(exponent, int):
            return None
        decimals = max(decimals, -exponent)
    return 10**decimals if decimals <= _DECIMALS else None


def _scaled(value: object, scale: int) -> int:
    assert isinstance(value, Decimal)
    return int(value * scale)


def _by_engine(
    data: SupportData,
    *,
    first_year: int,
    last_year: int,
    as_of: date,
    p: ParameterSet,
    readings: SupportReadings,
) -> dict[int, YearMoney]:
    """Return the years' money through ``support_reimbursement`` itself (slow, exact)."""
    cost: dict[int, int] = defaultdict(int)
    refund: dict[int, int] = defaultdict(int)
    index = 0
    courses = data.courses
    while index < len(courses):
        first = index
        citizen = courses[index].citizen_id
        while index < len(courses) and courses[index].citizen_id == citizen:
            index += 1
        for result in support_reimbursement(
            courses[first:index],
            data.stays.get(citizen, []),
            as_of=as_of,
            params=p,
            readings=readings,
        ):
            for row in result.rows:
                cost[row.month.year] += row.cost
                refund[row.month.year] += row.reimbursement
    return {
        y: YearMoney(cost=cost[y], reimbursement=refund[y])
        for y in range(first_year, last_year + 1)
    }

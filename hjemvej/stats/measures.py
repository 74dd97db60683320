"""One definition per number: the counted period, nights, persons, full-year persons and costs.

The start page, the economy's figures page and dashboard, the council report and the statistics
all take these numbers from here (docs/statistics.md, "One definition per number"):

- **the counted period**: a period's days before the as-of date (``counted_period``); a period
  that is not over is marked with one Danish note (``CountedPeriod.incomplete_note``);
- **nights**: the dates d with admitted ≤ d < discharged of a stay of type ophold (a same-day stay
  counts its date, an open stay counts up to the as-of date), the rule of
  ``rules.shelter.periods.night_ends``; efterforsorg has no nights at the shelter;
- **persons**: the distinct citizens with at least one night in the period; a person's nights are
  the union of their stays' nights, so a date is counted once (``person_nights``);
- **full-year persons** (helårspersoner): the nights in the period ÷ the period's counted days;
- **costs**: the law engine's days and money per group × month (``shelter_figures``), over the
  stays ``hjemvej.stats.stays.load_stays`` reads, with each cell's nights beside them.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from hjemvej.core.formatting import MONTHS, period_text
from hjemvej.rules.budget import full_year_persons as persons_of_days
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.aggregate import Figures, monthly_figures
from hjemvej.rules.shelter.model import IntArray, Readings
from hjemvej.rules.shelter.periods import STRIDE, night_ends
from hjemvej.stats.stays import MunicipalityStays

NO_PERSONS = Decimal("0.00")

# --- The counted period -------------------------------------------------------------------------


@dataclass(frozen=True)
class CountedPeriod:
    """A closed-open period ``[start, end)`` counted as of a day: the days before ``as_of``."""

    start: date
    end: date
    as_of: date

    @property
    def counted_end(self) -> date:
        """Return the day after the last day counted (``start`` when none is)."""
        return max(self.start, min(self.end, self.as_of))

    @property
    def counted_days(self) -> int:
        """Return the number of the period's days before ``as_of``."""
        return (self.counted_end - self.start).days

    @property
    def period_days(self) -> int:
        """Return the number of calendar days in the whole period."""
        return (self.end - self.start).days

    @property
    def complete(self) -> bool:
        """Return whether the period is over as of ``as_of`` (every day counted)."""
        return self.as_of >= self.end

    @property
    def counted_text(self) -> str:
        """Return the days counted as "01.01.–05.12.2026" ('' when none is)."""
        if not self.counted_days:
            return ""
        return period_text(self.start, self.counted_end)

    @property
    def name(self) -> str:
        """Return the period in Danish: "året 2026", "december 2026" or "perioden"."""
        if (self.start.month, self.start.day) == (1, 1) and self.end == date(
            self.start.year + 1, 1, 1
        ):
            return f"året {self.start.year}"
        last = calendar.monthrange(self.start.year, self.start.month)[1]
        if self.start.day == 1 and (self.end - self.start).days == last:
            return f"{MONTHS[self.start.month - 1]} {self.start.year}"
        return "perioden"

    @property
    def incomplete_note(self) -> str:
        """Return the Danish note every page shows beside a period's numbers until it is over.

        '' for a period that is over. The one wording of an incomplete period: the figures page,
        the dashboard, the start page, the council report and the statistics all show it.
        """
        if self.complete:
            return ""
        name = self.name[0].upper() + self.name[1:]
        if not self.counted_days:
            return f"{name} er ikke begyndt: der er endnu ingen dage at tælle."
        return (
            f"{name} er ikke slut: tallene omfatter dagene {self.counted_text}, "
            f"{self.counted_days} af periodens {self.period_days} dage."
        )


def counted_period(start: date, end: date, *, as_of: date) -> CountedPeriod:
    """Return ``[start, end)`` counted as of ``as_of``: the days before it."""
    if end < start:
        raise ValueError(f"perioden {start}–{end} slutter før den begynder")
    return CountedPeriod(start, end, as_of)


def year_period(year: int, *, as_of: date) -> CountedPeriod:
    """Return the calendar year counted as of ``as_of``."""
    return counted_period(date(year, 1, 1), date(year + 1, 1, 1), as_of=as_of)


# --- Full-year persons --------------------------------------------------------------------------


def full_year_persons(nights: int, period: CountedPeriod) -> Decimal:
    """Return nights as full-year persons: nights ÷ the period's counted days, two decimals.

    A period not over is divided by the days counted so far, so the figure is the average number
    of persons on a shelter in those days and is comparable with a whole year's. A period with no
    day counted yet has none.
    """
    if not period.counted_days:
        return NO_PERSONS
    return persons_of_days(nights, period.counted_days)


# --- Nights -------------------------------------------------------------------------------------


def night_bounds(
    admitted: IntArray, discharged: IntArray, *, as_of: date
) -> tuple[IntArray, IntArray]:
    """Return each stay's nights as ordinals ``[lo, hi)`` (``discharged`` MISSING when open)."""
    return admitted, night_ends(admitted, discharged, as_of=as_of.toordinal())


def nights_in(lo: IntArray, hi: IntArray, start: date, end: date) -> IntArray:
    """Return each stay's nights inside ``[start, end)``."""
    found: IntArray = np.maximum(
        np.minimum(hi, end.toordinal()) - np.maximum(lo, start.toordinal()), 0
    )
    return found


def nights_per_month(
    lo: IntArray,
    hi: IntArray,
    *,
    months: Sequence[date],
    end: date,
    groups: IntArray,
    n_groups: int,
) -> IntArray:
    """Return the nights per group × month; ``months`` are month starts, the last cut at ``end``."""
    bounds = [*months, end]
    cells = np.zeros((max(n_groups, 1), len(months)), dtype=np.int64)
    for index in range(len(months)):
        nights = nights_in(lo, hi, bounds[index], bounds[index + 1])
        cells[:, index] = np.bincount(groups, weights=nights, minlength=max(n_groups, 1))[
            : max(n_groups, 1)
        ].astype(np.int64)
    return cells


@dataclass(frozen=True)
class PersonNights:
    """Each person's nights in a period: ``person[i]`` had ``nights[i]`` (> 0) nights."""

    person: IntArray
    nights: IntArray

    @property
    def persons(self) -> int:
        """Return the number of persons with at least one night."""
        return len(self.person)

    @property
    def total(self) -> int:
        """Return all the persons' nights."""
        return int(self.nights.sum())


def person_nights(
    person: IntArray, lo: IntArray, hi: IntArray, start: date, end: date
) -> PersonNights:
    """Return each person's nights in ``[start, end)``: a date two stays share counts once."""
    first = np.maximum(lo, start.toordinal())
    last = np.minimum(hi, end.toordinal())
    keep = last > first
    person, first, last = person[keep], first[keep], last[keep]
    if not len(person):
        empty = np.zeros(0, dtype=np.int64)
        return PersonNights(empty, empty)
    order = np.lexsort((first, person))
    person, first, last = person[order], first[order], last[order]
    # The furthest end so far within the person: one running maximum over person-shifted ends.
    reach = np.maximum.accumulate(person * STRIDE + last) - person * STRIDE
    before = np.empty_like(reach)
    before[0] = first[0]
    before[1:] = np.where(person[1:] == person[:-1], reach[:-1], first[1:])
    new = np.maximum(last - np.maximum(first, before), 0)
    starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]])
    return PersonNights(person[starts], np.add.reduceat(new, starts).astype(np.int64))


# --- Costs --------------------------------------------------------------------------------------


@dataclass
class StayFigures(Figures):
    """The law engine's figures per group × month, with the nights of each cell beside them.

    ``days`` are the days the municipality pays for (the reading ``days`` decides); ``nights``
    the nights of stays of type ophold, from which full-year persons are computed.
    """

    nights: IntArray

    def total(
        self, groups: IntArray | slice | None = None, months: slice | None = None
    ) -> dict[str, int]:
        """Return the sums over the chosen groups and months (``Figures.total``) and the nights."""
        found = super().total(groups, months)
        rows = slice(None) if groups is None else groups
        found["nights"] = int(self.nights[rows][:, months or slice(None)].sum())
        return found


def shelter_figures(
    stays: MunicipalityStays,
    *,
    start: date,
    end: date,
    as_of: date,
    params: ParameterSet,
    readings: Readings | None = None,
    groups: IntArray | None = None,
    n_groups: int | None = None,
) -> StayFigures:
    """Return the days, money and nights per group and month of ``[start, end)``.

    The one computation of a municipality's shelter costs (SEL §§ 110, 177): the engine's
    ``monthly_figures`` over its stays; it raises ValueError (Danish) when a stay cannot be priced.
    """
    if groups is None:
        groups = np.zeros(len(stays), dtype=np.int64)
        n_groups = 1
    assert n_groups is not None
    figures = monthly_figures(
        stays.table,
        start=start,
        end=end,
        as_of=as_of,
        params=params,
        readings=readings,
        groups=groups,
        n_groups=n_groups,
    )
    lo, hi = night_bounds(stays.table.admitted, stays.table.discharged, as_of=as_of)
    hi = np.where(stays.is_stay, hi, lo)  # efterforsorg: no nights
    nights = nights_per_month(
        lo, hi, months=figures.months, end=end, groups=groups, n_groups=n_groups
    )
    return StayFigures(
        months=figures.months,
        days=figures.days,
        reimbursed_days=figures.reimbursed_days,
        gross_cost=figures.gross_cost,
        own_payment=figures.own_payment,
        numerator=figures.numerator,
        nights=nights[: figures.days.shape[0]],
    )

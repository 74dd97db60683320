"""The figures of the managers' dashboard and the council report, straight from the law engine.

One pass of the engine (``stats.measures.shelter_figures``: costs and nights) over the
municipality's stays gives every cell the pages need: per month × (shelter, length band of the
stay). A second pass without the day cap gives what the cap costs. Periods (years, months) are
sums over those cells, each rounded once (``Figures.total``), so a year's figure is the same
here as in ``hjemvej budget``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from hjemvej.accounts.models import Municipality
from hjemvej.core.formatting import MONTHS, long_date
from hjemvej.core.law import UsedParameter
from hjemvej.rules import change
from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.parameters import Override, ParameterSet, default_parameters
from hjemvej.rules.shelter.aggregate import Figures
from hjemvej.rules.shelter.model import IntArray, Readings
from hjemvej.rules.shelter.periods import CAP, OWN_PAYMENT, RATE, counted_periods
from hjemvej.stats.measures import (
    CountedPeriod,
    StayFigures,
    counted_period,
    full_year_persons,
    night_bounds,
    person_nights,
    shelter_figures,
)
from hjemvej.stats.stays import MunicipalityStays, ShelterInfo, load_stays

#: The day the § 177 day cap came in (hjemløshedsreformen).
CAP_START = date(2023, 10, 1)
#: Length bands of a stay (its counted days as of the calculation date): ≤120, 121–365, >365.
LONG_STAY_LIMITS = (120, 365)
N_BANDS = len(LONG_STAY_LIMITS) + 1
#: Parameters the shelter figures use.
SHELTER_PARAMETERS = (RATE, CAP, OWN_PAYMENT)
#: Parameters of § 176 a that the report's account of the rules describes.
SUPPORT_PARAMETERS = (
    "support.reimbursement.rate",
    "support.reimbursement.period_months",
    "support.botilbud.reimbursement.rate",
    "support.botilbud.reimbursement.period_months",
    "support.botilbud.reimbursement.within_months",
    "support.extension.all_situations",
    "support.extension.period_months",
)
TOP_SHELTERS = 10


@dataclass(frozen=True)
class Amounts:
    """Days and money (øre) of a set of cells."""

    days: int = 0
    reimbursed_days: int = 0
    gross_cost: int = 0
    own_payment: int = 0
    reimbursement: int = 0
    net_cost: int = 0
    nights: int = 0  # of stays of type ophold: what full-year persons count

    @classmethod
    def of(cls, total: dict[str, int]) -> Amounts:
        """Return the amounts of a ``Figures.total`` dict."""
        return cls(**total)


@dataclass(frozen=True)
class Period:
    """A period's figures: a year, the year to date or a month; ``[start, end)``."""

    label: str
    start: date
    end: date
    partial: bool  # ends before the calendar period does (the year or month to date)
    total: Amounts
    external: Amounts
    calendar_end: date | None = None  # the whole period's end (None: ``end``)

    @property
    def counted(self) -> CountedPeriod:
        """Return the calendar period counted up to ``end`` (the as-of date when partial)."""
        return counted_period(self.start, self.calendar_end or self.end, as_of=self.end)

    @property
    def incomplete_note(self) -> str:
        """Return the note that marks a period not over ('' when it is)."""
        return self.counted.incomplete_note

    @property
    def last_day(self) -> date:
        """Return the period's last day (``end`` is the day after)."""
        return self.end - timedelta(days=1)

    @property
    def during(self) -> str:
        """Return "i 2025", or "i perioden 1. januar–20. november 2026" for a year to date."""
        return f"i perioden {self.label}" if self.partial else f"i {self.label}"

    def month_text(self) -> str:
        """Return a month as Danish text, a part of a month with its days: "december 2026 (1.–4.)".

        A month counted only up to the report's date is not drawn or read as a whole month.
        """
        text = f"{MONTHS[self.start.month - 1]} {self.start.year}"
        if self.partial:
            text += f" ({self.start.day}.–{self.last_day.day}.)"
        return text

    @property
    def period_days(self) -> int:
        """Return the number of calendar days in the period."""
        return (self.end - self.start).days

    @property
    def full_year_persons(self) -> Decimal:
        """Return the period's nights as full-year persons (helårspersoner)."""
        return full_year_persons(self.total.nights, self.counted)

    @property
    def external_full_year_persons(self) -> Decimal:
        """Return full-year persons on shelters outside the municipality."""
        return full_year_persons(self.external.nights, self.counted)


@dataclass(frozen=True)
class ShelterRow:
    """One shelter's figures in a period (no citizens: figures only)."""

    shelter: ShelterInfo
    amounts: Amounts
    full_year_persons: Decimal


@dataclass(frozen=True)
class Drivers:
    """What drives the costs in a period."""

    days: int
    gross_cost: int
    net_cost: int
    days_over_120: int  # days in stays longer than 120 days
    days_over_365: int
    external_days: int
    external_net_cost: int
    external_gross_cost: int
    external_full_year_persons: Decimal
    full_year_persons: Decimal
    qualifying_days_in_cap_era: int  # days on Tilbudsportalen shelters from 1.10.2023
    days_past_cap: int  # of those, days not reimbursed because the cap was reached
    reimbursement_lost: int  # øre the state would have paid without the cap
    cost_past_cap: int  # those days' cost after own payment, none of it reimbursed (øre)
    non_qualifying_days: int  # days on shelters not registered on Tilbudsportalen


@dataclass(frozen=True)
class CostChange:
    """Why the gross cost changed between two whole years (``rules.change``), and the net cost."""

    before: Period
    after: Period
    split: change.Split | None  # None: a year without nights (no split is defined)

    @property
    def own_payment_change(self) -> int:
        """Return the change of the own payment collected, in øre."""
        return self.after.total.own_payment - self.before.total.own_payment

    @property
    def reimbursement_change(self) -> int:
        """Return the change of the state's reimbursement, in øre."""
        return self.after.total.reimbursement - self.before.total.reimbursement

    @property
    def net_change(self) -> int:
        """Return the change of the net cost, in øre."""
        return self.after.total.net_cost - self.before.total.net_cost


@dataclass
class Overview:
    """The engine's cells for a municipality over ``[start, end)``; periods are sums of cells."""

    municipality: Municipality
    as_of: date
    start: date
    end: date
    params: ParameterSet
    readings: Readings
    stays: MunicipalityStays
    figures: StayFigures  # groups: shelter × length band
    uncapped: Figures  # the same without the day cap
    months: list[date] = field(default_factory=list)  # bounds: month starts and ``end``

    # -- cell selection ---------------------------------------------------------------------

    @property
    def n_shelters(self) -> int:
        return len(self.stays.shelters)

    def _groups(self, *, external: bool | None = None, qualifies: bool | None = None) -> IntArray:
        shelters = [
            i
            for i, s in enumerate(self.stays.shelters)
            if (external is None or s.external == external)
            and (qualifies is None or s.on_tilbudsportalen == qualifies)
        ]
        return np.array([i * N_BANDS + b for i in shelters for b in range(N_BANDS)], dtype=np.int64)

    def _bands(self, *bands: int) -> IntArray:
        return np.array(
            [i * N_BANDS + b for i in range(self.n_shelters) for b in bands], dtype=np.int64
        )

    def _shelter(self, index: int) -> IntArray:
        return np.arange(index * N_BANDS, (index + 1) * N_BANDS, dtype=np.int64)

    def _months(self, start: date, end: date) -> slice:
        bounds = self.months
        first = next((i for i, m in enumerate(bounds[:-1]) if m >= start), len(bounds) - 1)
        last = next((i for i, m in enumerate(bounds[:-1]) if m >= end), len(bounds) - 1)
        return slice(first, last)

    def amounts(
        self, start: date, end: date, groups: IntArray | None = None, *, uncapped: bool = False
    ) -> Amounts:
        """Return the sums over the months of ``[start, end)`` and the chosen groups."""
        figures = self.uncapped if uncapped else self.figures
        if groups is not None and not len(groups):
            return Amounts()
        return Amounts.of(figures.total(groups, self._months(start, end)))

    # -- periods ----------------------------------------------------------------------------

    def period(self, start: date, end: date, label: str) -> Period:
        """Return the figures of ``[start, end)`` cut to the overview's end (month-aligned)."""
        cut = min(end, self.end)
        return Period(
            label=label,
            start=start,
            end=cut,
            partial=cut < end,
            total=self.amounts(start, cut),
            external=self.amounts(start, cut, self._groups(external=True)),
            calendar_end=end,
        )

    def year(self, year: int) -> Period:
        """Return a calendar year's figures (to date, when it has not ended)."""
        start, end = date(year, 1, 1), date(year + 1, 1, 1)
        period = self.period(start, end, str(year))
        if period.partial:
            last = period.end - timedelta(days=1)
            label = f"1. januar–{long_date(last)}"  # a period shows its first and last day
            return Period(label, period.start, period.end, True, period.total, period.external, end)
        return period

    def monthly(self, start: date | None = None, end: date | None = None) -> list[Period]:
        """Return every month of ``[start, end)`` (default: the whole overview)."""
        start = start or self.start
        end = end or self.end
        bounds = self.months
        result: list[Period] = []
        for i, month in enumerate(bounds[:-1]):
            if month < start or month >= end:
                continue
            calendar_end = month_start_plus(month, 1)
            period = self.period(month, min(bounds[i + 1], calendar_end), month.isoformat()[:7])
            result.append(
                Period(
                    period.label,
                    period.start,
                    period.end,
                    period.end < calendar_end,
                    period.total,
                    period.external,
                    calendar_end,
                )
            )
        return result

    def shelters(
        self, start: date, end: date, limit: int | None = TOP_SHELTERS
    ) -> list[ShelterRow]:
        """Return the shelters with days in the period, highest net cost first."""
        cut = min(end, self.end)
        counted = counted_period(start, end, as_of=cut)
        rows = []
        for index, info in enumerate(self.stays.shelters):
            amounts = self.amounts(start, cut, self._shelter(index))
            if amounts.days:
                rows.append(ShelterRow(info, amounts, full_year_persons(amounts.nights, counted)))
        rows.sort(key=lambda r: (-r.amounts.net_cost, r.shelter.name))
        return rows if limit is None else rows[:limit]

    def drivers(self, start: date, end: date) -> Drivers:
        """Return long stays, external shelters and days past the cap in the period."""
        cut = min(end, self.end)
        total = self.amounts(start, cut)
        external = self.amounts(start, cut, self._groups(external=True))
        qualifying = self._groups(qualifies=True)
        cap_start = max(start, CAP_START)
        capped = Amounts()
        if cap_start < cut:
            capped = self.amounts(cap_start.replace(day=1), cut, qualifying)
        # Without the cap every qualifying day is reimbursed; the difference between the two
        # passes is the days past the cap and what they would have earned. Their cost after own
        # payment is the difference of the exact numerators divided by the rate in basis points.
        months = self._months(start, cut)
        free = self.amounts(start, cut, qualifying, uncapped=True)
        paid = self.amounts(start, cut, qualifying)
        extra = int(
            self.uncapped.numerator[qualifying][:, months].sum()
            - self.figures.numerator[qualifying][:, months].sum()
        )
        basis_points = int(self.params.percent(RATE, cut - timedelta(days=1)) * 100)
        counted = counted_period(start, end, as_of=cut)
        return Drivers(
            days=total.days,
            gross_cost=total.gross_cost,
            net_cost=total.net_cost,
            days_over_120=self.amounts(start, cut, self._bands(1, 2)).days,
            days_over_365=self.amounts(start, cut, self._bands(2)).days,
            external_days=external.days,
            external_net_cost=external.net_cost,
            external_gross_cost=external.gross_cost,
            external_full_year_persons=full_year_persons(external.nights, counted),
            full_year_persons=full_year_persons(total.nights, counted),
            qualifying_days_in_cap_era=capped.days,
            days_past_cap=free.reimbursed_days - paid.reimbursed_days,
            reimbursement_lost=free.reimbursement - paid.reimbursement,
            cost_past_cap=extra // basis_points if basis_points else 0,
            non_qualifying_days=self.amounts(start, cut, self._groups(qualifies=False)).days,
        )

    def persons(self, start: date, end: date) -> int:
        """Return the persons with a night on a shelter in ``[start, end)``."""
        cut = min(end, self.end)
        table = self.stays.table
        lo, hi = night_bounds(table.admitted, table.discharged, as_of=self.as_of)
        hi = np.where(self.stays.is_stay, hi, lo)  # efterforsorg: no nights
        return person_nights(self.stays.citizen_pk, lo, hi, start, cut).persons

    def cost_change(self, before: Period, after: Period) -> CostChange:
        """Return why the gross cost changed from ``before`` to ``after``: volume, length, price."""

        def year(period: Period) -> change.Year:
            return change.Year(
                persons=self.persons(period.start, period.end),
                nights=period.total.nights,
                gross_cost=period.total.gross_cost,
            )

        return CostChange(before, after, change.split_change(year(before), year(after)))

    # -- what the figures rest on ------------------------------------------------------------

    def parameters_used(
        self, names: Sequence[str] = SHELTER_PARAMETERS, until: date | None = None
    ) -> list[UsedParameter]:
        """Return every value of the named parameters in force on a day of the figures."""
        return parameters_in_force(self.params, names, self.start, until or self.end)


def parameters_in_force(
    params: ParameterSet, names: Sequence[str], start: date, end: date
) -> list[UsedParameter]:
    """Return the values of the named parameters in force on some day of ``[start, end)``."""
    used: list[UsedParameter] = []
    for name in names:
        if name not in params:
            continue
        parameter = params[name]
        used.extend(UsedParameter(v, parameter.title) for v in parameter.between(start, end))
    return used


def stay_bands(stays: MunicipalityStays, as_of: date, readings: Readings) -> IntArray:
    """Return each stay's length band: 0 up to 120 counted days, 1 up to 365, 2 over 365."""
    table = stays.table
    if not len(table):
        return np.zeros(0, dtype=np.int64)
    _, first, stop = counted_periods(table, as_of=as_of.toordinal(), days=readings.days)
    length = np.maximum(stop - first, 0)
    bands: IntArray = np.searchsorted(np.array(LONG_STAY_LIMITS), length, side="left").astype(
        np.int64
    )
    return bands


def overview(
    municipality: Municipality,
    *,
    start: date,
    end: date,
    as_of: date,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
) -> Overview:
    """Run the engine once (and once without the cap) over the municipality's stays.

    ``start`` must be the first of a month; ``end`` is the day after the last day counted (at most
    ``as_of``: open stays count up to, not including, ``as_of``).
    """
    params = params or default_parameters()
    readings = readings or Readings()
    end = min(end, as_of)
    stays = load_stays(municipality.pk, until=end)
    groups = stays.shelter_code * N_BANDS + stay_bands(stays, as_of, readings)
    n_groups = max(len(stays.shelters), 1) * N_BANDS

    def run(with_params: ParameterSet) -> StayFigures:
        return shelter_figures(
            stays,
            start=start,
            end=end,
            as_of=as_of,
            params=with_params,
            readings=readings,
            groups=groups,
            n_groups=n_groups,
        )

    figures = run(params)
    rates = params[RATE].between(start, end) if end > start else []
    if len(rates) == 1 and rates[0].value is not None:
        # One reimbursement rate over the whole span: without the cap every day on a registered
        # shelter is reimbursed, so the uncapped cells follow from the capped pass's own cells.
        qualifying = np.array([s.on_tilbudsportalen for s in stays.shelters] or [False])
        mask = np.repeat(qualifying, N_BANDS)[:, None]
        basis_points = int(params.percent(RATE, start) * 100)
        uncapped = Figures(
            months=figures.months,
            days=figures.days,
            reimbursed_days=np.where(mask, figures.days, 0),
            gross_cost=figures.gross_cost,
            own_payment=figures.own_payment,
            numerator=np.where(mask, (figures.gross_cost - figures.own_payment) * basis_points, 0),
        )
    else:  # the rate changes inside the span (a scenario): ask the engine again
        uncapped = run(params.with_overrides([Override(CAP, None)]))
    return Overview(
        municipality=municipality,
        as_of=as_of,
        start=start,
        end=end,
        params=params,
        readings=readings,
        stays=stays,
        figures=figures,
        uncapped=uncapped,
        months=[*figures.months, end],
    )


@dataclass
class Dashboard:
    """What the managers' dashboard shows: this year to date and the three years before."""

    overview: Overview
    years: list[Period]  # oldest first; the last is the year to date
    months: list[Period]
    drivers: list[tuple[Period, Drivers]]  # the year to date and last year
    shelters: list[ShelterRow]  # the year to date, highest net cost first
    parameters: list[UsedParameter]

    @property
    def current(self) -> Period:
        return self.years[-1]

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the values used that are an agreement or an assumption, not law."""
        return [p for p in self.parameters if not p.enacted]


def dashboard(
    municipality: Municipality,
    *,
    today: date,
    years_back: int = 3,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
) -> Dashboard:
    """Return this year's figures to date, the ``years_back`` years before, months and drivers."""
    first = today.year - years_back
    view = overview(
        municipality,
        start=date(first, 1, 1),
        end=today,
        as_of=today,
        params=params,
        readings=readings,
    )
    years = [view.year(y) for y in range(first, today.year + 1)]
    current, previous = years[-1], years[-2]
    return Dashboard(
        overview=view,
        years=years,
        months=view.monthly(),
        drivers=[
            (current, view.drivers(current.start, current.end)),
            (previous, view.drivers(previous.start, previous.end)),
        ],
        shelters=view.shelters(current.start, current.end),
        parameters=view.parameters_used(),
    )

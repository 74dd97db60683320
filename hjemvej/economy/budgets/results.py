"""What the budget and forecast selectors return: plain dataclasses with per-month rows.

Units, everywhere below: an ``Amount`` is **øre (int)** for the money measures (``gross_cost``,
``net_cost``) and **full-year persons (Decimal, two decimals)** for the person measures
(``full_year_persons``, ``full_year_persons_external``). Full-year persons of a period are its stay
days divided by its calendar days (for a period not yet over: by the days counted so far). Periods
are closed-open ``[start, end)``; "counted" days are those before the calculation date ``as_of``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hjemvej.core.law import UsedParameter
from hjemvej.economy.budgets.models import AREAS, MONEY_MEASURES, Area, Measure

Amount = int | Decimal


def is_money(measure: str) -> bool:
    """Return whether a measure is money (øre) rather than full-year persons."""
    return measure in MONEY_MEASURES


# --- Budget against actuals -------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One measure over one period: the budget, what has happened so far, and the outlook.

    ``budget``: the whole period's budget (None: no budget set). ``budget_to_date``: the part of
    it that belongs to the counted days (money pro rata by days; persons: the day-weighted mean of
    the months' budgets), so it can be held against ``actual``. ``actual``: the counted days'
    figure (None: the period has not begun). ``forecast``: the whole period's expected figure,
    actual so far plus the forecast's median for the rest (None: the period is over, or beyond
    the forecast).
    """

    start: date
    end: date
    counted_days: int
    budget: Amount | None
    budget_to_date: Amount | None
    actual: Amount | None
    forecast: Amount | None = None

    @property
    def period_days(self) -> int:
        """Return the calendar days of the period."""
        return (self.end - self.start).days

    @property
    def complete(self) -> bool:
        """Return whether every day of the period is counted."""
        return self.counted_days >= self.period_days

    @property
    def difference(self) -> Amount | None:
        """Return actual − budget to date (positive: more than budgeted)."""
        if self.actual is None or self.budget_to_date is None:
            return None
        return self.actual - self.budget_to_date

    @property
    def percent(self) -> Decimal | None:
        """Return the difference in percent of the budget to date, one decimal."""
        difference = self.difference
        if difference is None or not self.budget_to_date:
            return None
        share = Decimal(difference) * 100 / Decimal(self.budget_to_date)
        return share.quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def forecast_difference(self) -> Amount | None:
        """Return the forecast for the whole period − its budget."""
        if self.forecast is None or self.budget is None:
            return None
        return self.forecast - self.budget


@dataclass(frozen=True)
class MeasureComparison:
    """One measure of a year: each month, the year to date and the whole year."""

    measure: str
    label: str
    months: list[Comparison]  # January … December
    year_to_date: Comparison  # 1 January up to as_of (the whole year once it is over)
    year: Comparison  # the whole year; ``forecast`` is where the year is expected to land
    budget_source: str  # "months", "year" (a year total split evenly) or "" (no budget)

    @property
    def is_money(self) -> bool:
        """Return whether the amounts are øre (else full-year persons)."""
        return is_money(self.measure)


@dataclass(frozen=True)
class BudgetComparison:
    """A municipality's budget against actuals for a year, per measure (see the module doc)."""

    municipality_id: int
    year: int
    as_of: date
    measures: list[MeasureComparison]  # net cost, gross cost, full-year persons, … external
    parameter_set: str  # the fingerprint of the parameter values used
    readings: str  # the § 177 readings used
    parameters: list[UsedParameter]  # every value in force on a day of the year
    forecast_problem: str = ""  # Danish: why there is no forecast, when there is none
    area_problem: str = ""  # Danish: support or § 107 figures incomplete, or no forecast for them
    forecast_runs: int = 0  # 0: no forecast used

    def measure(self, measure: str) -> MeasureComparison:
        """Return one measure's comparison."""
        return next(m for m in self.measures if m.measure == measure)

    @property
    def areas(self) -> list[tuple[str, list[MeasureComparison]]]:
        """Return the measures grouped by area (its Danish label), in the pages' order."""
        groups: dict[str, list[MeasureComparison]] = {}
        for m in self.measures:
            groups.setdefault(str(Area(AREAS[m.measure]).label), []).append(m)
        return list(groups.items())

    @property
    def has_budget(self) -> bool:
        """Return whether any measure has a budget for the year."""
        return any(m.budget_source for m in self.measures)

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the values used that are not enacted law."""
        return [p for p in self.parameters if not p.enacted]


# --- The forecast -----------------------------------------------------------------------------

#: The measures the shelter simulation gives (fields of the forecast's months and years).
SHELTER_BANDS = frozenset(
    {
        Measure.FULL_YEAR_PERSONS,
        Measure.FULL_YEAR_PERSONS_EXTERNAL,
        Measure.GROSS_COST,
        Measure.NET_COST,
    }
)


@dataclass(frozen=True)
class Band:
    """The 10th, 50th (median) and 90th percentile over the simulation's runs."""

    p10: Amount
    p50: Amount
    p90: Amount


@dataclass(frozen=True)
class OtherBand:
    """A measure beside the shelter stays' (support, § 107, grants, loans, total) and its band."""

    measure: str
    label: str
    band: Band


@dataclass(frozen=True)
class ActualMonth:
    """A month's actual figures up to ``as_of`` (``partial`` for the current month)."""

    month: date
    counted_days: int
    partial: bool
    full_year_persons: Decimal  # days / counted days
    full_year_persons_external: Decimal
    gross_cost: int
    net_cost: int
    others: dict[str, int] = field(default_factory=dict)  # the other areas' money and the total

    def value(self, measure: str) -> Amount:
        """Return the figure of one measure."""
        if measure in self.others:
            return self.others[measure]
        return getattr(self, measure)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ForecastMonth:
    """A month from the calculation date's month on: the band of the whole month.

    The current month's band includes its actual days before ``as_of`` (``actual_days``).
    """

    month: date
    days: int  # calendar days
    actual_days: int
    full_year_persons: Band
    full_year_persons_external: Band
    gross_cost: Band
    net_cost: Band
    others: dict[str, Band] = field(default_factory=dict)  # the other areas' money and the total

    def band(self, measure: str) -> Band:
        """Return the band of one measure (KeyError: the forecast has none for it, see ``has``)."""
        if measure in self.others:
            return self.others[measure]
        if measure in SHELTER_BANDS:
            return getattr(self, measure)  # type: ignore[no-any-return]
        raise KeyError(measure)

    def has(self, measure: str) -> bool:
        """Return whether the forecast has a band for the measure."""
        return measure in self.others or measure in SHELTER_BANDS

    @property
    def other_bands(self) -> list[OtherBand]:
        """Return the other areas' and the total's bands in the pages' order."""
        found = [m for m in AREAS if m in self.others]
        return [OtherBand(m, str(Measure(m).label), self.others[m]) for m in found]


@dataclass(frozen=True)
class ForecastYear:
    """A calendar year's band: actuals before ``as_of`` plus the simulated rest of the year."""

    year: int
    actual_days: int  # calendar days of the year before as_of
    full_year_persons: Band
    full_year_persons_external: Band
    gross_cost: Band
    net_cost: Band
    others: dict[str, Band] = field(default_factory=dict)  # the other areas' money and the total

    def band(self, measure: str) -> Band:
        """Return the band of one measure (KeyError: the forecast has none for it, see ``has``)."""
        if measure in self.others:
            return self.others[measure]
        if measure in SHELTER_BANDS:
            return getattr(self, measure)  # type: ignore[no-any-return]
        raise KeyError(measure)

    def has(self, measure: str) -> bool:
        """Return whether the forecast has a band for the measure."""
        return measure in self.others or measure in SHELTER_BANDS

    @property
    def other_bands(self) -> list[OtherBand]:
        """Return the other areas' and the total's bands in the pages' order."""
        found = [m for m in AREAS if m in self.others]
        return [OtherBand(m, str(Measure(m).label), self.others[m]) for m in found]


@dataclass(frozen=True)
class ForecastBasis:
    """What the simulation was fed, for the page's account of the model."""

    history_start: date  # the 12 months ``[history_start, history_end)``
    history_end: date
    open_stays: int
    open_external: int
    admissions_per_month: Decimal  # the 12 months' mean, one decimal
    completed_stays: int
    mean_length: Decimal  # nights, one decimal
    median_length: int
    mean_daily_rate: int  # øre, day-weighted over the completed stays
    calibration: Decimal  # law engine's reimbursed days ÷ the model's, three decimals
    engine_reimbursed_days: int
    model_reimbursed_days: int

    @property
    def last_history_month(self) -> date:
        """Return the first day of the last of the 12 months."""
        end = self.history_end
        return date(end.year - 1, 12, 1) if end.month == 1 else date(end.year, end.month - 1, 1)


@dataclass(frozen=True)
class ForecastResult:
    """The forecast of a municipality's shelter days and costs, with uncertainty bands."""

    municipality_id: int
    as_of: date
    years: int  # whole calendar years after as_of's year
    runs: int
    seed: int
    history: list[ActualMonth]  # the 12 months before as_of's month, then that month to date
    months: list[ForecastMonth]  # as_of's month … December of the last year
    year_bands: list[ForecastYear]  # as_of's year and the ``years`` after it
    parameter_set: str
    readings: str
    parameters: list[UsedParameter] = field(default_factory=list)
    basis: ForecastBasis | None = None
    problem: str = ""  # Danish; when set, there is no forecast (months and years are empty)
    area_problem: str = ""  # Danish; when set, the other areas' bands are missing or incomplete

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the values used that are not enacted law."""
        return [p for p in self.parameters if not p.enacted]

    def month(self, month: date) -> ForecastMonth | None:
        """Return the forecast of a month (its first day), if it is in the forecast."""
        return next((m for m in self.months if m.month == month), None)

    def year(self, year: int) -> ForecastYear | None:
        """Return the forecast of a calendar year, if it is in the forecast."""
        return next((y for y in self.year_bands if y.year == year), None)


#: Every measure of the budget, area by area (``models.AREAS``), the total last.
MEASURES: tuple[str, ...] = tuple(AREAS)

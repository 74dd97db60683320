"""Budget against actuals (and the forecast) per month, year to date and whole year."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hjemvej.economy.budgets.models import BudgetLine, Measure
from hjemvej.economy.budgets.results import (
    MEASURES,
    Amount,
    BudgetComparison,
    Comparison,
    ForecastResult,
    MeasureComparison,
    is_money,
)
from hjemvej.economy.budgets.selectors.actuals import _Actuals, _actuals
from hjemvej.economy.budgets.selectors.common import (
    CENT,
    MAX_YEARS,
    parameters_used,
)
from hjemvej.economy.budgets.selectors.forecast import _forecast
from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.parameters import ParameterSet, default_parameters
from hjemvej.rules.shelter.model import Readings
from hjemvej.stats.stays import load_stays


def _oere(kroner: Decimal) -> int:
    return int((kroner * 100).to_integral_value(ROUND_HALF_UP))


def budget_months(municipality_id: int, year: int) -> dict[str, tuple[list[Amount], str]]:
    """Return each budgeted measure's twelve monthly amounts and where they come from.

    ``"months"``: entered month by month. ``"year"``: a year total split evenly: money in twelfths
    (the øre left over go to the first months, so the months add up to the total); full-year
    persons the same in every month (they are an average, not a sum).
    """
    result: dict[str, tuple[list[Amount], str]] = {}
    lines = BudgetLine.objects.filter(municipality_id=municipality_id, year=year)
    by_measure: dict[str, dict[int | None, Decimal]] = {}
    for line in lines:
        by_measure.setdefault(line.measure, {})[line.month] = line.amount
    for measure, amounts in by_measure.items():
        money = is_money(measure)
        if all(m in amounts for m in range(1, 13)):
            months: list[Amount] = [
                _oere(amounts[m]) if money else amounts[m] for m in range(1, 13)
            ]
            result[measure] = (months, "months")
        elif None in amounts:
            total = amounts[None]
            if money:
                whole, rest = divmod(_oere(total), 12)
                months = [whole + (1 if m < rest else 0) for m in range(12)]
            else:
                months = [total] * 12
            result[measure] = (months, "year")
    return result


def _budget_over(
    measure: str, months: list[Amount], bounds: list[date], weights: Sequence[int]
) -> Amount:
    """Return the budget of the months weighted by days (money: pro rata; persons: mean)."""
    days = [(bounds[i + 1] - bounds[i]).days for i in range(12)]
    if is_money(measure):
        total = sum(
            (Decimal(months[i]) * weights[i] / days[i] for i in range(12) if weights[i]),
            Decimal(0),
        )
        return int(total.to_integral_value(ROUND_HALF_UP))
    counted = sum(weights)
    total = sum((Decimal(months[i]) * weights[i] for i in range(12)), Decimal(0))
    return (total / counted).quantize(CENT, ROUND_HALF_UP) if counted else Decimal(0)


def budget_vs_actual(
    municipality_id: int,
    year: int,
    as_of: date,
    *,
    with_forecast: bool = True,
    runs: int = 500,
    seed: int = 1,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
) -> BudgetComparison:
    """Return the year's budget against actuals per month, year to date and whole year.

    Actuals count the days before ``as_of``. With ``with_forecast`` (and the year not over, at
    most ``MAX_YEARS`` ahead), each unfinished month and the year get the forecast: actual so far
    plus the simulation's median for the rest. DomainError when the stays cannot be priced.
    """
    params = params or default_parameters()
    readings = readings or Readings()
    bounds = [date(year, m, 1) for m in range(1, 13)] + [date(year + 1, 1, 1)]
    stays = load_stays(municipality_id)
    history_start = month_start_plus(as_of, -12)
    start = min(bounds[0], history_start)
    end = max(bounds[-1], month_start_plus(as_of, 1))
    actuals = _actuals(
        stays,
        municipality_id=municipality_id,
        start=start,
        end=end,
        as_of=as_of,
        params=params,
        readings=readings,
    )
    budgets = budget_months(municipality_id, year)
    forecast: ForecastResult | None = None
    wants_forecast = as_of < bounds[-1] and year <= as_of.year + MAX_YEARS
    if with_forecast and wants_forecast:
        forecast = _forecast(
            stays,
            actuals,
            municipality_id=municipality_id,
            as_of=as_of,
            years=max(2, year - as_of.year),
            runs=runs,
            seed=seed,
            params=params,
            readings=readings,
        )
    measures = [
        _measure_comparison(measure, budgets.get(measure), bounds, actuals, forecast)
        for measure in MEASURES
    ]
    return BudgetComparison(
        municipality_id=municipality_id,
        year=year,
        as_of=as_of,
        measures=measures,
        parameter_set=params.fingerprint,
        readings=readings.describe(),
        parameters=parameters_used(params, bounds[0], bounds[-1]),
        forecast_problem=forecast.problem if forecast else "",
        area_problem=(forecast.area_problem if forecast else "") or actuals.areas.problem,
        forecast_runs=forecast.runs if forecast and not forecast.problem else 0,
    )


def _measure_comparison(
    measure: str,
    budget: tuple[list[Amount], str] | None,
    bounds: list[date],
    actuals: _Actuals,
    forecast: ForecastResult | None,
) -> MeasureComparison:
    months_budget, source = budget if budget is not None else ([], "")
    counted = [actuals.counted_days(bounds[i], bounds[i + 1]) for i in range(12)]
    full = [(bounds[i + 1] - bounds[i]).days for i in range(12)]

    def compare(start: date, end: date, weights: list[int], whole: list[int]) -> Comparison:
        counted_days = sum(weights)
        has = bool(months_budget)
        outlook: Amount | None = None
        if forecast is not None and not forecast.problem and end > actuals.as_of:
            whole_year = end == start.replace(year=start.year + 1) and start.month == 1
            found = forecast.year(start.year) if whole_year else forecast.month(start)
            if found is not None and found.has(measure):
                outlook = found.band(measure).p50
        return Comparison(
            start=start,
            end=end,
            counted_days=counted_days,
            budget=_budget_over(measure, months_budget, bounds, whole) if has else None,
            budget_to_date=(
                _budget_over(measure, months_budget, bounds, weights)
                if has and counted_days
                else None
            ),
            actual=actuals.amount(measure, start, end),
            forecast=outlook,
        )

    months = [
        compare(
            bounds[i],
            bounds[i + 1],
            [counted[i] if j == i else 0 for j in range(12)],
            [full[i] if j == i else 0 for j in range(12)],
        )
        for i in range(12)
    ]
    year_end = bounds[-1]
    to_date = min(year_end, max(actuals.as_of, bounds[0]))
    year_to_date = compare(bounds[0], to_date, counted, counted)
    year_to_date = Comparison(
        start=bounds[0],
        end=to_date,
        counted_days=year_to_date.counted_days,
        budget=year_to_date.budget_to_date,
        budget_to_date=year_to_date.budget_to_date,
        actual=year_to_date.actual,
    )
    return MeasureComparison(
        measure=measure,
        label=str(Measure(measure).label),
        months=months,
        year_to_date=year_to_date,
        year=compare(bounds[0], year_end, counted, full),
        budget_source=source,
    )

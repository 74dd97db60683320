"""Budget against actuals, and the forecast with its uncertainty, for one municipality.

Actuals come from the law engine (``monthly_figures`` on ``load_stays``): every cell is a month ×
inside/outside the municipality, rounded once. The forecast is the pure simulation in
``hjemvej.rules.forecast``, fed here from the same stays. Public functions (the reports use them):

- ``budget_vs_actual(municipality_id, year, as_of) -> BudgetComparison``
- ``forecast_for(municipality_id, as_of, years=2, runs=500, seed=1) -> ForecastResult``

See ``hjemvej.economy.budgets.results`` for the fields and their units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from hjemvej.core.errors import DomainError
from hjemvej.economy.budgets.models import BudgetLine, Measure
from hjemvej.economy.budgets.results import (
    MEASURES,
    ActualMonth,
    Amount,
    Band,
    BudgetComparison,
    Comparison,
    ForecastBasis,
    ForecastMonth,
    ForecastResult,
    ForecastYear,
    MeasureComparison,
    UsedParameter,
    is_money,
)
from hjemvej.economy.data import MunicipalityStays, load_stays
from hjemvej.rules import forecast as model
from hjemvej.rules.budget import full_year_persons
from hjemvej.rules.parameters import ParameterSet, default_parameters
from hjemvej.rules.shelter.aggregate import Figures, monthly_figures
from hjemvej.rules.shelter.model import MISSING, IntArray, RateSchedule, Readings
from hjemvej.rules.shelter.periods import CAP, OWN_PAYMENT, RATE

#: The parameters the budget figures and the forecast use.
PARAMETERS = (RATE, CAP, OWN_PAYMENT)
CENT = Decimal("0.01")
MAX_RUNS = 5000
MAX_YEARS = 5


def month_start(day: date) -> date:
    """Return the first day of the day's month."""
    return day.replace(day=1)


def add_months(month: date, months: int) -> date:
    """Return the first day of the month ``months`` after (or before) ``month``'s."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _persons(days: float | int, period_days: int) -> Decimal:
    """Return days as full-year persons, two decimals (half up)."""
    if isinstance(days, int):
        return full_year_persons(days, period_days)
    return (Decimal(days) / Decimal(period_days)).quantize(CENT, ROUND_HALF_UP)


def parameters_used(params: ParameterSet, start: date, end: date) -> list[UsedParameter]:
    """Return the values of the shelter parameters in force on some day of ``[start, end)``."""
    used: list[UsedParameter] = []
    for name in PARAMETERS:
        parameter = params[name]
        used.extend(UsedParameter(name, parameter.title, v) for v in parameter.between(start, end))
    return used


# --- Actuals ---------------------------------------------------------------------------------


@dataclass
class _Actuals:
    """The engine's figures per month and inside (group 0) / outside (group 1) the municipality."""

    figures: Figures
    as_of: date

    def _slice(self, start: date, end: date) -> slice:
        months = self.figures.months
        first = next((i for i, m in enumerate(months) if m >= start), len(months))
        last = next((i for i, m in enumerate(months) if m >= end), len(months))
        return slice(first, last)

    def totals(self, start: date, end: date) -> tuple[dict[str, int], dict[str, int]]:
        """Return the sums of the months of ``[start, end)``: all stays, and external ones."""
        months = self._slice(start, end)
        return (
            self.figures.total(months=months),
            self.figures.total(np.array([1], dtype=np.int64), months),
        )

    def counted_days(self, start: date, end: date) -> int:
        """Return the days of ``[start, end)`` before ``as_of``."""
        return max(0, (min(end, self.as_of) - start).days)

    def amount(self, measure: str, start: date, end: date) -> Amount | None:
        """Return a measure's actual figure over the counted days of ``[start, end)``."""
        counted = self.counted_days(start, end)
        if counted <= 0:
            return None
        total, external = self.totals(start, end)
        if measure == Measure.FULL_YEAR_PERSONS:
            return full_year_persons(total["days"], counted)
        if measure == Measure.FULL_YEAR_PERSONS_EXTERNAL:
            return full_year_persons(external["days"], counted)
        return total[measure]


def _actuals(
    stays: MunicipalityStays,
    *,
    start: date,
    end: date,
    as_of: date,
    params: ParameterSet,
    readings: Readings,
) -> _Actuals:
    """Run the engine once over ``[start, end)`` (whole months), grouped inside/outside.

    Raise DomainError (Danish) when the data cannot be priced, e.g. a shelter has no rate yet on
    a day of a stay, or a parameter has no value on a day.
    """
    try:
        figures = monthly_figures(
            stays.table,
            start=start,
            end=end,
            as_of=as_of,
            params=params,
            readings=readings,
            groups=stays.external.astype(np.int64),
            n_groups=2,
        )
    except ValueError as exc:  # the engine's Danish message names the stay or the parameter
        raise DomainError(f"Tallene kan ikke beregnes: {exc}") from exc
    return _Actuals(figures=figures, as_of=as_of)


# --- Budgets ---------------------------------------------------------------------------------


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
    history_start = add_months(month_start(as_of), -12)
    start = min(bounds[0], history_start)
    end = max(bounds[-1], add_months(month_start(as_of), 1))
    actuals = _actuals(stays, start=start, end=end, as_of=as_of, params=params, readings=readings)
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
            if end == start.replace(year=start.year + 1) and start.month == 1:
                found_year = forecast.year(start.year)
                outlook = found_year.band(measure).p50 if found_year else None
            else:
                found_month = forecast.month(start)
                outlook = found_month.band(measure).p50 if found_month else None
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


# --- The forecast ----------------------------------------------------------------------------


def forecast_for(
    municipality_id: int,
    as_of: date,
    years: int = 2,
    runs: int = 500,
    seed: int = 1,
    *,
    seasonal: bool = False,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
) -> ForecastResult:
    """Return the forecast from ``as_of`` to the end of the year and ``years`` more years.

    The model is described in ``hjemvej.rules.forecast``; its bands are the 10th, 50th and 90th
    percentile of ``runs`` simulated futures drawn with ``numpy.random.default_rng(seed)``.
    ``seasonal``: admissions follow the same calendar month a year ago instead of the mean.
    DomainError when the stays cannot be priced; ``problem`` when no forecast can be made.
    """
    params = params or default_parameters()
    readings = readings or Readings()
    stays = load_stays(municipality_id)
    history_start = add_months(month_start(as_of), -12)
    actuals = _actuals(
        stays,
        start=history_start,
        end=add_months(month_start(as_of), 1),
        as_of=as_of,
        params=params,
        readings=readings,
    )
    return _forecast(
        stays,
        actuals,
        municipality_id=municipality_id,
        as_of=as_of,
        years=years,
        runs=runs,
        seed=seed,
        params=params,
        readings=readings,
        seasonal=seasonal,
    )


def _history(actuals: _Actuals, as_of: date) -> list[ActualMonth]:
    """Return the actual months from 12 months before ``as_of``'s month up to ``as_of``."""
    rows: list[ActualMonth] = []
    current = month_start(as_of)
    for k in range(-12, 1):
        month = add_months(current, k)
        following = add_months(month, 1)
        counted = actuals.counted_days(month, following)
        if counted <= 0:
            continue
        total, external = actuals.totals(month, following)
        rows.append(
            ActualMonth(
                month=month,
                counted_days=counted,
                partial=counted < (following - month).days,
                full_year_persons=full_year_persons(total["days"], counted),
                full_year_persons_external=full_year_persons(external["days"], counted),
                gross_cost=total["gross_cost"],
                net_cost=total["net_cost"],
            )
        )
    return rows


def _rate_today(schedule: RateSchedule, ordinal: int) -> int:
    """Return a shelter's rate on the day (its first rate if none is in force yet; 0 if none)."""
    try:
        return schedule.rate_on(ordinal)
    except ValueError:
        return schedule.rates[0] if schedule.rates else 0


def _prices_today(
    stays: MunicipalityStays, as_of: date, params: ParameterSet
) -> tuple[IntArray, IntArray, IntArray]:
    """Return each stay's daily rate, own payment and reimbursable amount at today's prices."""
    table = stays.table
    ordinal = as_of.toordinal()
    rate = table.daily_rate.copy()
    uses_schedule = rate == MISSING
    if uses_schedule.any():
        by_shelter = np.array(
            [_rate_today(s, ordinal) for s in table.rate_schedules] or [0], dtype=np.int64
        )
        rate[uses_schedule] = by_shelter[table.shelter[uses_schedule]]
    own = table.own_payment.copy()
    own[own == MISSING] = params.money(OWN_PAYMENT, as_of)
    own = np.minimum(own, rate)
    reimbursable = np.where(table.qualifies, rate - own, 0).astype(np.int64)
    return rate, own, reimbursable


def cap_steps(params: ParameterSet) -> tuple[model.CapStep, ...]:
    """Return the § 177 day cap's values over time as the forecast's steps."""
    steps: list[model.CapStep] = []
    for value in params[CAP].values:
        cap = value.value
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int)):
            raise ValueError(f"{CAP}: {value.display} er ikke et antal dage")
        steps.append(model.CapStep(value.valid_from, cap))
    return tuple(steps)


def forecast_input(
    stays: MunicipalityStays,
    actuals_reimbursed_days: int,
    *,
    as_of: date,
    end: date,
    params: ParameterSet,
) -> tuple[model.ForecastInput, ForecastBasis]:
    """Return the simulation's input from the stays, and what it rests on (for the page)."""
    table = stays.table
    ordinal = as_of.toordinal()
    history_end = month_start(as_of)
    history_start = add_months(history_end, -12)
    lo, hi = history_start.toordinal(), history_end.toordinal()
    rate, own, reimbursable = _prices_today(stays, as_of, params)
    admitted = table.admitted
    discharged = table.discharged
    is_open = (admitted <= ordinal) & ((discharged == MISSING) | (discharged > ordinal))
    completed = (discharged != MISSING) & (discharged >= lo) & (discharged < hi)
    edges = np.array([add_months(history_start, k).toordinal() for k in range(13)], dtype=np.int64)
    admissions = np.diff(np.searchsorted(np.sort(admitted), edges, side="left"))
    lengths = np.maximum(discharged[completed] - admitted[completed], 1)
    caps = cap_steps(params)
    # Calibrate the model's reimbursed days against the engine's over the same 12 months.
    stop = np.where(discharged == MISSING, ordinal, np.maximum(discharged, admitted + 1))
    stop = np.minimum(stop, ordinal)
    eligible = table.qualifies & (stop > admitted)
    model_days = model.model_reimbursed_days(admitted[eligible], stop[eligible], lo, hi, caps)
    calibration = actuals_reimbursed_days / model_days if model_days else 1.0
    data = model.ForecastInput(
        start=as_of,
        end=end,
        open_stays=model.OpenStays(
            age=(ordinal - admitted[is_open]).astype(np.int64),
            external=stays.external[is_open],
            rate=rate[is_open],
            own=own[is_open],
            reimbursable=reimbursable[is_open],
        ),
        history=model.History(
            monthly_admissions=admissions.astype(np.int64),
            first_month=history_start.month,
            lengths=lengths.astype(np.int64),
            external=stays.external[completed],
            rate=rate[completed],
            own=own[completed],
            reimbursable=reimbursable[completed],
        ),
        caps=caps,
        basis_points=int(params.percent(RATE, as_of) * 100),
        calibration=calibration,
    )
    weight = lengths.astype(np.float64)
    mean_rate = float((rate[completed] * weight).sum() / weight.sum()) if len(weight) else 0.0
    basis = ForecastBasis(
        history_start=history_start,
        history_end=history_end,
        open_stays=int(is_open.sum()),
        open_external=int((is_open & stays.external).sum()),
        admissions_per_month=Decimal(float(admissions.mean())).quantize(Decimal("0.1")),
        completed_stays=len(lengths),
        mean_length=(
            Decimal(float(lengths.mean())).quantize(Decimal("0.1")) if len(lengths) else Decimal(0)
        ),
        median_length=int(np.median(lengths)) if len(lengths) else 0,
        mean_daily_rate=round(mean_rate),
        calibration=Decimal(calibration).quantize(Decimal("0.001"), ROUND_HALF_UP),
        engine_reimbursed_days=actuals_reimbursed_days,
        model_reimbursed_days=model_days,
    )
    return data, basis


def _forecast(
    stays: MunicipalityStays,
    actuals: _Actuals,
    *,
    municipality_id: int,
    as_of: date,
    years: int,
    runs: int,
    seed: int,
    params: ParameterSet,
    readings: Readings,
    seasonal: bool = False,
) -> ForecastResult:
    if not 1 <= runs <= MAX_RUNS:
        raise ValueError(f"antal kørsler skal være mellem 1 og {MAX_RUNS}")
    if not 0 <= years <= MAX_YEARS:
        raise ValueError(f"antal år skal være mellem 0 og {MAX_YEARS}")
    end = date(as_of.year + years + 1, 1, 1)
    current = month_start(as_of)
    history_start = add_months(current, -12)
    months = actuals.figures.months
    in_history = [i for i, m in enumerate(months) if history_start <= m < current]
    engine_days = int(actuals.figures.reimbursed_days[:, in_history].sum())
    result = ForecastResult(
        municipality_id=municipality_id,
        as_of=as_of,
        years=years,
        runs=runs,
        seed=seed,
        history=_history(actuals, as_of),
        months=[],
        year_bands=[],
        parameter_set=params.fingerprint,
        readings=readings.describe(),
        parameters=parameters_used(params, history_start, end),
    )
    data, basis = forecast_input(stays, engine_days, as_of=as_of, end=end, params=params)
    data = replace(data, seasonal=seasonal)
    try:
        simulation = model.simulate(data, runs=runs, rng=np.random.default_rng(seed))
    except ValueError as exc:
        return replace(result, basis=basis, problem=f"Der kan ikke laves en prognose: {exc}.")
    return replace(
        result,
        basis=basis,
        months=_forecast_months(simulation, actuals, as_of),
        year_bands=_forecast_years(simulation, actuals, as_of),
    )


def _money_band(values: model.FloatArray, offset: int = 0) -> Band:
    p10, p50, p90 = model.percentiles(values[:, None])[:, 0]
    return Band(round(p10) + offset, round(p50) + offset, round(p90) + offset)


def _persons_band(days: model.FloatArray, offset: int, period_days: int) -> Band:
    p10, p50, p90 = model.percentiles(days[:, None] + offset)[:, 0]
    return Band(
        _persons(float(p10), period_days),
        _persons(float(p50), period_days),
        _persons(float(p90), period_days),
    )


def _bands(
    simulation: model.Simulation,
    columns: list[int],
    totals: tuple[dict[str, int], dict[str, int]] | None,
    period_days: int,
) -> dict[str, Band]:
    """Return the four measures' bands over the given months, plus the actuals in ``totals``."""
    total, external = totals or ({}, {})

    def summed(values: model.FloatArray) -> model.FloatArray:
        return values[:, columns].sum(axis=1)  # type: ignore[no-any-return]

    return {
        Measure.FULL_YEAR_PERSONS: _persons_band(
            summed(simulation.days), total.get("days", 0), period_days
        ),
        Measure.FULL_YEAR_PERSONS_EXTERNAL: _persons_band(
            summed(simulation.external_days), external.get("days", 0), period_days
        ),
        Measure.GROSS_COST: _money_band(summed(simulation.gross_cost), total.get("gross_cost", 0)),
        Measure.NET_COST: _money_band(summed(simulation.net_cost), total.get("net_cost", 0)),
    }


def _forecast_months(
    simulation: model.Simulation, actuals: _Actuals, as_of: date
) -> list[ForecastMonth]:
    rows: list[ForecastMonth] = []
    for i, month in enumerate(simulation.months):
        following = add_months(month, 1)
        counted = actuals.counted_days(month, following) if i == 0 else 0
        totals = actuals.totals(month, following) if counted else None
        days = int(simulation.month_days[i])
        bands = _bands(simulation, [i], totals, days)
        rows.append(
            ForecastMonth(
                month=month,
                days=days,
                actual_days=counted,
                full_year_persons=bands[Measure.FULL_YEAR_PERSONS],
                full_year_persons_external=bands[Measure.FULL_YEAR_PERSONS_EXTERNAL],
                gross_cost=bands[Measure.GROSS_COST],
                net_cost=bands[Measure.NET_COST],
            )
        )
    return rows


def _forecast_years(
    simulation: model.Simulation, actuals: _Actuals, as_of: date
) -> list[ForecastYear]:
    rows: list[ForecastYear] = []
    for year in sorted({m.year for m in simulation.months}):
        start, end = date(year, 1, 1), date(year + 1, 1, 1)
        columns = [i for i, m in enumerate(simulation.months) if m.year == year]
        counted = actuals.counted_days(start, end)
        totals = actuals.totals(start, end) if counted else None
        bands = _bands(simulation, columns, totals, (end - start).days)
        rows.append(
            ForecastYear(
                year=year,
                actual_days=counted,
                full_year_persons=bands[Measure.FULL_YEAR_PERSONS],
                full_year_persons_external=bands[Measure.FULL_YEAR_PERSONS_EXTERNAL],
                gross_cost=bands[Measure.GROSS_COST],
                net_cost=bands[Measure.NET_COST],
            )
        )
    return rows

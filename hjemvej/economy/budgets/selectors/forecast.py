"""The forecast with its bands per month and per year: actuals so far plus the simulated rest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from hjemvej.economy.budgets.models import Measure
from hjemvej.economy.budgets.results import (
    ActualMonth,
    Band,
    ForecastMonth,
    ForecastResult,
    ForecastYear,
)
from hjemvej.economy.budgets.selectors.actuals import _Actuals, _actuals
from hjemvej.economy.budgets.selectors.area_forecast import area_simulation
from hjemvej.economy.budgets.selectors.areas import AREA_MEASURES, NET_PARTS
from hjemvej.economy.budgets.selectors.common import (
    MAX_RUNS,
    MAX_YEARS,
    _persons,
    month_start,
    parameters_used,
)
from hjemvej.economy.budgets.selectors.forecast_input import forecast_input
from hjemvej.rules import forecast as model
from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.parameters import ParameterSet, default_parameters
from hjemvej.rules.shelter.model import Readings
from hjemvej.stats import measures
from hjemvej.stats.stays import MunicipalityStays, load_stays

#: The measures beside the shelter simulation's: the other areas and the total.
OTHER_MEASURES = (*AREA_MEASURES, Measure.TOTAL_NET_COST)


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
    history_start = month_start_plus(as_of, -12)
    actuals = _actuals(
        stays,
        municipality_id=municipality_id,
        start=history_start,
        end=month_start_plus(as_of, 1),
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
        month = month_start_plus(current, k)
        following = month_start_plus(month, 1)
        period = measures.counted_period(month, following, as_of=as_of)
        counted = period.counted_days
        if counted <= 0:
            continue
        total, external = actuals.totals(month, following)
        rows.append(
            ActualMonth(
                month=month,
                counted_days=counted,
                partial=counted < (following - month).days,
                full_year_persons=measures.full_year_persons(total["nights"], period),
                full_year_persons_external=measures.full_year_persons(external["nights"], period),
                gross_cost=total["gross_cost"],
                net_cost=total["net_cost"],
                others={m: int(actuals.amount(m, month, following) or 0) for m in OTHER_MEASURES},
            )
        )
    return rows


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
    history_start = month_start_plus(current, -12)
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
    others: dict[str, model.FloatArray] = {}
    area_problem = ""
    try:
        others = area_simulation(
            actuals.areas,
            start=as_of,
            end=end,
            runs=runs,
            seed=seed,
            params=params,
            seasonal=seasonal,
        ).measures
    except ValueError as exc:
        area_problem = f"Der kan ikke laves en prognose for bostøtte, botilbud og hjælp: {exc}."
    else:
        others[Measure.TOTAL_NET_COST] = simulation.net_cost + sum(others[m] for m in NET_PARTS)
    return replace(
        result,
        basis=basis,
        months=_forecast_months(simulation, others, actuals, as_of),
        year_bands=_forecast_years(simulation, others, actuals, as_of),
        area_problem=area_problem or actuals.areas.problem,
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


def _other_bands(
    others: dict[str, model.FloatArray],
    columns: list[int],
    actuals: _Actuals,
    period: tuple[date, date] | None,
) -> dict[str, Band]:
    """Return the other areas' and the total's bands over the months, plus the actuals so far."""
    bands: dict[str, Band] = {}
    for measure, values in others.items():
        offset = actuals.amount(measure, *period) if period else None
        bands[measure] = _money_band(values[:, columns].sum(axis=1), int(offset or 0))
    return bands


def _forecast_months(
    simulation: model.Simulation,
    others: dict[str, model.FloatArray],
    actuals: _Actuals,
    as_of: date,
) -> list[ForecastMonth]:
    rows: list[ForecastMonth] = []
    for i, month in enumerate(simulation.months):
        following = month_start_plus(month, 1)
        counted = actuals.counted_days(month, following) if i == 0 else 0
        totals = actuals.totals(month, following) if counted else None
        days = int(simulation.month_days[i])
        bands = _bands(simulation, [i], totals, days)
        period = (month, following) if counted else None
        rows.append(
            ForecastMonth(
                month=month,
                days=days,
                actual_days=counted,
                full_year_persons=bands[Measure.FULL_YEAR_PERSONS],
                full_year_persons_external=bands[Measure.FULL_YEAR_PERSONS_EXTERNAL],
                gross_cost=bands[Measure.GROSS_COST],
                net_cost=bands[Measure.NET_COST],
                others=_other_bands(others, [i], actuals, period),
            )
        )
    return rows


def _forecast_years(
    simulation: model.Simulation,
    others: dict[str, model.FloatArray],
    actuals: _Actuals,
    as_of: date,
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
                others=_other_bands(others, columns, actuals, (start, end) if counted else None),
            )
        )
    return rows

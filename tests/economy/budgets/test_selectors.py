"""Budget against actuals, checked against the law engine on the same stays; the forecast."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from hjemvej.economy.budgets.models import Measure
from hjemvej.economy.budgets.results import ForecastMonth, ForecastYear
from hjemvej.economy.budgets.selectors import (
    budget_months,
    budget_vs_actual,
    forecast_for,
)
from hjemvej.economy.budgets.services import budget_set
from hjemvej.rules.budget import full_year_persons
from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.shelter import StayResults, StayTable, reimburse
from hjemvej.shelters.models import Stay
from hjemvej.shelters.rules_rows import StayRecord, rate_schedules, stay_row
from tests.economy.budgets.conftest import TODAY, World

YEAR = 2026


def engine_by_month(world: World, as_of: date) -> tuple[list[dict[str, int]], list[dict[str, int]]]:
    """Recompute each month of the year independently: the engine's totals up to each boundary.

    ``reimburse(as_of=X)`` counts every day before X, so a month is the difference between its
    end and its start. The table is built row by row from the records (not ``load_stays``).
    """
    stays = list(Stay.objects.select_related("shelter").order_by("citizen_id", "admitted"))
    schedules = rate_schedules(s.shelter_id for s in stays)
    table = StayTable.from_rows([stay_row(StayRecord.of(s), schedules) for s in stays])
    external = np.array(
        [s.shelter.municipality_id != s.citizen.acting_municipality_id for s in stays]
    )
    params = default_parameters()
    bounds = [date(YEAR, m, 1) for m in range(1, 13)] + [date(YEAR + 1, 1, 1)]
    cuts = [min(b, as_of) for b in bounds]
    results: list[StayResults] = [reimburse(table, as_of=c, params=params) for c in cuts]

    def sums(r: StayResults, rows: np.ndarray) -> dict[str, int]:
        return {
            "days": int(r.days[rows].sum()),
            "gross_cost": int(r.gross_cost[rows].sum()),
            "own_payment": int(r.own_payment[rows].sum()),
            "reimbursement": int(r.reimbursement[rows].sum()),
            "net_cost": int(r.net_cost[rows].sum()),
        }

    everything = np.ones(len(stays), dtype=bool)
    totals: list[dict[str, int]] = []
    outside: list[dict[str, int]] = []
    for i in range(12):
        for rows, out in ((everything, totals), (external, outside)):
            before, after = sums(results[i], rows), sums(results[i + 1], rows)
            out.append({k: after[k] - before[k] for k in before})
    return totals, outside


@pytest.mark.django_db
def test_actuals_agree_with_the_law_engine_month_by_month(world: World) -> None:
    municipality = world.users["manager"].municipality_id
    assert municipality is not None
    comparison = budget_vs_actual(municipality, YEAR, TODAY, with_forecast=False)
    totals, outside = engine_by_month(world, TODAY)
    tolerance = len(world.stays)  # øre: per-stay rounding against per-cell rounding
    for i in range(12):
        month = comparison.measure(Measure.NET_COST).months[i]
        start = date(YEAR, i + 1, 1)
        counted = max(0, (min(month_start_plus(start, 1), TODAY) - start).days)
        assert month.counted_days == counted
        if not counted:
            assert month.actual is None
            continue
        assert comparison.measure(Measure.GROSS_COST).months[i].actual == totals[i]["gross_cost"]
        assert abs(int(month.actual) - totals[i]["net_cost"]) <= tolerance  # type: ignore[arg-type]
        persons = comparison.measure(Measure.FULL_YEAR_PERSONS).months[i].actual
        assert persons == full_year_persons(totals[i]["days"], counted)
        external = comparison.measure(Measure.FULL_YEAR_PERSONS_EXTERNAL).months[i].actual
        assert external == full_year_persons(outside[i]["days"], counted)
    # The year to date adds the months up (money) or averages them by days (persons).
    ytd = comparison.measure(Measure.GROSS_COST).year_to_date
    assert ytd.actual == sum(t["gross_cost"] for t in totals)
    days = sum(t["days"] for t in totals)
    elapsed = (TODAY - date(YEAR, 1, 1)).days
    assert comparison.measure(Measure.FULL_YEAR_PERSONS).year_to_date.actual == (
        full_year_persons(days, elapsed)
    )
    net = comparison.measure(Measure.NET_COST).year_to_date.actual
    assert abs(int(net) - sum(t["net_cost"] for t in totals)) <= tolerance  # type: ignore[arg-type]
    # The reimbursement cap bit: some days of the year went unreimbursed.
    assert sum(t["reimbursement"] for t in totals) < (
        sum(t["gross_cost"] - t["own_payment"] for t in totals) // 2
    )


@pytest.mark.django_db
def test_a_finished_year_is_complete_and_has_no_forecast(world: World) -> None:
    municipality = world.users["economist"].municipality_id
    assert municipality is not None
    comparison = budget_vs_actual(municipality, 2025, TODAY)
    persons = comparison.measure(Measure.FULL_YEAR_PERSONS)
    assert persons.year.complete
    assert persons.year.forecast is None
    assert all(m.complete and m.forecast is None for m in persons.months)
    assert comparison.forecast_runs == 0


def money_budget(world: World, total: str) -> None:
    manager = world.users["manager"]
    assert manager.municipality is not None
    budget_set(
        actor=manager,
        municipality=manager.municipality,
        year=YEAR,
        measure=Measure.NET_COST,
        year_total=Decimal(total),
    )


@pytest.mark.django_db
def test_a_year_total_is_split_evenly_to_the_oere(world: World) -> None:
    money_budget(world, "1000000.00")
    manager = world.users["manager"]
    budget_set(
        actor=manager,
        municipality=manager.municipality,  # type: ignore[arg-type]
        year=YEAR,
        measure=Measure.FULL_YEAR_PERSONS,
        year_total=Decimal("2.50"),
    )
    months = budget_months(manager.municipality_id or 0, YEAR)
    net, source = months[Measure.NET_COST]
    assert source == "year"
    assert sum(net) == 100_000_000  # øre
    assert net[:4] == [8_333_334] * 4
    assert net[4:] == [8_333_333] * 8
    persons, _ = months[Measure.FULL_YEAR_PERSONS]
    assert persons == [Decimal("2.50")] * 12


@pytest.mark.django_db
def test_budget_to_date_is_pro_rata_and_the_difference_signed(world: World) -> None:
    manager = world.users["manager"]
    municipality = manager.municipality
    assert municipality is not None
    monthly = [Decimal("31000.00")] * 12
    budget_set(
        actor=manager,
        municipality=municipality,
        year=YEAR,
        measure=Measure.GROSS_COST,
        months=monthly,
    )
    budget_set(
        actor=manager,
        municipality=municipality,
        year=YEAR,
        measure=Measure.FULL_YEAR_PERSONS,
        months=[Decimal("1.00")] * 6 + [Decimal("3.00")] * 6,
    )
    comparison = budget_vs_actual(municipality.pk, YEAR, TODAY, with_forecast=False)
    gross = comparison.measure(Measure.GROSS_COST)
    november = gross.months[10]
    assert november.budget == 3_100_000
    assert november.budget_to_date == 2_066_667  # 20 of 30 days counted, rounded half up
    assert november.difference == int(november.actual) - november.budget_to_date  # type: ignore[arg-type]
    assert gross.year.budget == 12 * 3_100_000
    december = gross.months[11]
    assert december.actual is None
    assert december.budget_to_date is None
    assert december.budget == 3_100_000
    january = gross.months[0]
    assert january.actual is not None
    share = Decimal(int(january.actual) - 3_100_000) * 100 / 3_100_000
    expected = share.quantize(Decimal("0.1"), ROUND_HALF_UP)
    assert january.percent == expected
    persons = comparison.measure(Measure.FULL_YEAR_PERSONS)
    # Persons are an average: the year is the day-weighted mean of its months.
    first_half = (date(YEAR, 7, 1) - date(YEAR, 1, 1)).days
    assert persons.year.budget == (
        (1 * first_half + 3 * (365 - first_half)) / Decimal(365)
    ).quantize(Decimal("0.01"))
    elapsed = (TODAY - date(YEAR, 1, 1)).days
    assert persons.year_to_date.budget_to_date == (
        (1 * first_half + 3 * (elapsed - first_half)) / Decimal(elapsed)
    ).quantize(Decimal("0.01"))
    assert comparison.has_budget


@pytest.mark.django_db
def test_the_year_lands_at_actual_plus_the_forecast_median(world: World) -> None:
    municipality = world.users["manager"].municipality_id
    assert municipality is not None
    comparison = budget_vs_actual(municipality, YEAR, TODAY, runs=200)
    forecast = forecast_for(municipality, TODAY, runs=200)
    assert comparison.forecast_runs == 200
    year = forecast.year(YEAR)
    assert year is not None
    for measure in (Measure.NET_COST, Measure.FULL_YEAR_PERSONS):
        outlook = comparison.measure(measure).year
        assert outlook.forecast == year.band(measure).p50
    november = forecast.month(date(YEAR, 11, 1))
    assert november is not None
    assert comparison.measure(Measure.GROSS_COST).months[10].forecast == november.gross_cost.p50
    # The landing is at least what has already happened.
    gross = comparison.measure(Measure.GROSS_COST).year
    assert gross.forecast is not None
    assert gross.actual is not None
    assert gross.forecast >= gross.actual


@pytest.mark.django_db
def test_forecast_months_years_and_history(world: World) -> None:
    municipality = world.users["economist"].municipality_id
    assert municipality is not None
    result = forecast_for(municipality, TODAY, runs=100, seed=3)
    assert result.problem == ""
    assert [m.month for m in result.months][:3] == [
        date(2026, 11, 1),
        date(2026, 12, 1),
        date(2027, 1, 1),
    ]
    assert result.months[-1].month == date(2028, 12, 1)
    assert [y.year for y in result.year_bands] == [2026, 2027, 2028]
    assert result.months[0].actual_days == 20
    assert result.months[1].actual_days == 0
    assert next(h.month for h in result.history) == date(2025, 11, 1)
    assert result.history[-1].month == date(2026, 11, 1)
    assert result.history[-1].partial
    rows: list[ForecastMonth | ForecastYear] = [*result.months, *result.year_bands]
    for row in rows:
        for measure in (Measure.FULL_YEAR_PERSONS, Measure.NET_COST, Measure.GROSS_COST):
            band = row.band(measure)
            assert band.p10 <= band.p50 <= band.p90
    basis = result.basis
    assert basis is not None
    assert basis.open_stays == 2  # Bent outside, Carl inside
    assert basis.open_external == 1
    assert basis.completed_stays == 5  # discharged from November 2025 to October 2026
    assert basis.calibration > 0
    # Parameters: the cap of the agreement is used, and said to be no law.
    assert any(p.value.status == "agreed" for p in result.not_enacted)
    again = forecast_for(municipality, TODAY, runs=100, seed=3)
    assert again == result
    other = forecast_for(municipality, TODAY, runs=100, seed=4)
    assert other.months != result.months


@pytest.mark.django_db
def test_a_municipality_without_stays_forecasts_zero() -> None:
    result = forecast_for(1, date(2026, 6, 15), years=0, runs=20)
    assert result.problem == ""
    assert all(m.net_cost == type(m.net_cost)(0, 0, 0) for m in result.months)
    assert all(m.full_year_persons.p90 == Decimal("0.00") for m in result.months)


@pytest.mark.django_db
def test_open_stays_without_completed_ones_cannot_be_forecast(world: World) -> None:
    municipality = world.users["manager"].municipality_id
    assert municipality is not None
    # Before any stay in the year before was completed there is nothing to draw lengths from.
    result = forecast_for(municipality, date(2024, 6, 1), runs=10)
    assert "ingen afsluttede ophold" in result.problem
    assert result.months == []
    assert result.year_bands == []

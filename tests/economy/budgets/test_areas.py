"""The whole budget: support courses, § 107 stays, grants and deposit loans beside the stays.

A world of stays (``conftest.world``) with, through the services:
- an ICM course for Carl, decided and started 10.02.2026, 12,000 kr. a month, still running. Carl
  had no § 110 discharge before it, so § 176 a, stk. 1 reimburses nothing; the 2025 agreement's
  extension to every homelessness situation (an ``assumed`` parameter from 01.07.2026) reimburses
  half from July;
- a § 107 placement for Anna, decided 10.03.2026 before her discharge on 15.03.2026, running
  15.03–15.06.2026 at 30,000 kr. a month: § 176 a, stk. 2 reimburses half of it;
- grants and a deposit loan, one refused, one in another municipality, one decided today.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from hjemvej.economy.budgets.models import AREAS, BudgetLine, Measure
from hjemvej.economy.budgets.results import ForecastMonth, ForecastYear
from hjemvej.economy.budgets.selectors import budget_vs_actual, forecast_for
from hjemvej.economy.reports.extras import budget_extra, forecast_extra
from hjemvej.housing import services as housing
from hjemvej.housing.models import GrantDecision, GrantKind
from hjemvej.support.botilbud import botilbud_stay_add
from tests import factories
from tests.economy.budgets.conftest import TODAY, World
from tests.economy.builders import course

YEAR = 2026


def grant(
    world: World, citizen_index: int, kind: str, amount: str, on: date, **extra: object
) -> None:
    data = housing.GrantData(
        kind=kind,
        amount=Decimal(amount),
        decided_on=on,
        household_income_year=Decimal(120000) if kind == GrantKind.DEPOSIT_LOAN else None,
        **extra,  # type: ignore[arg-type]
    )
    actor = world.users[Role.CASE_WORKER]
    housing.grant_create(actor=actor, citizen=world.citizens[citizen_index], data=data, today=TODAY)


@pytest.fixture
def areas(world: World) -> World:
    worker = world.users[Role.CASE_WORKER]
    anna, _, carl = world.citizens[:3]
    course(worker, carl, "icm", date(2026, 2, 10), "12000")
    botilbud_stay_add(
        actor=worker,
        citizen=anna,
        provider="Botilbuddet Åbo",
        decided_on=date(2026, 3, 10),
        start=date(2026, 3, 15),
        end=date(2026, 6, 15),
        monthly_cost=Decimal("30000"),
        today=TODAY,
    )
    grant(world, 0, GrantKind.HF_DEPOSIT, "9000", date(2026, 4, 15))
    grant(world, 1, GrantKind.OWN_PAYMENT_BACK, "1500.50", date(2026, 4, 30))
    grant(world, 1, GrantKind.DEPOSIT_LOAN, "14500", date(2026, 5, 2))
    grant(
        world,
        2,
        GrantKind.MOVING_GRANT,
        "8000",
        date(2026, 5, 5),
        decision=GrantDecision.REFUSED,
        reason="Borgeren kan få beboerindskudslån.",
    )
    grant(world, 2, GrantKind.FURNITURE_GRANT, "4000", TODAY)  # today: not yet counted
    other = factories.user("fremmed", Role.CASE_WORKER, code="101")
    stranger = factories.citizen(other, code="101", first_name="Fremmed")
    housing.grant_create(
        actor=other,
        citizen=stranger,
        data=housing.GrantData(
            kind=GrantKind.HF_DEPOSIT, amount=Decimal("7000"), decided_on=date(2026, 4, 15)
        ),
        today=TODAY,
    )
    return world


def municipality_of(world: World) -> int:
    found = world.users[Role.ECONOMIST].municipality_id
    assert found is not None
    return found


def months(comparison: object, measure: str) -> list[int | None]:
    found = comparison.measure(measure)  # type: ignore[attr-defined]
    return [m.actual for m in found.months]


@pytest.mark.django_db
def test_support_botilbud_grants_and_loans_month_by_month(areas: World) -> None:
    comparison = budget_vs_actual(municipality_of(areas), YEAR, TODAY, with_forecast=False)
    icm = months(comparison, Measure.SUPPORT_GROSS_COST)
    # 19 of February's 28 days, then whole months, then 20 of November's 30 days (before today).
    assert icm[1] == 814286  # 12,000 × 19 / 28 = 8,142.857… kr.
    assert icm[2:10] == [1200000] * 8
    assert icm[10] == 800000
    assert icm[11] is None  # December has not begun
    assert icm[0] == 0
    net_icm = months(comparison, Measure.SUPPORT_NET_COST)
    assert net_icm[:6] == icm[:6]  # nothing reimbursed before the extension
    assert net_icm[6:10] == [600000] * 4  # half from July
    assert net_icm[10] == 400000
    gross = months(comparison, Measure.BOTILBUD_GROSS_COST)
    net = months(comparison, Measure.BOTILBUD_NET_COST)
    assert gross[3:6] == [3000000, 3000000, 1400000]  # April, May, 14 of June's 30 days
    assert net[3:6] == [1500000, 1500000, 700000]  # § 176 a, stk. 2: half
    assert gross[2] == 1645161  # 17 of March's 31 days
    assert gross[6:11] == [0] * 5
    grants = months(comparison, Measure.GRANTS)
    assert grants[3] == 900000 + 150050  # April; the other municipality's grant is not ours
    assert grants[4] == 0  # the refused moving grant
    assert grants[10] == 0  # the furniture grant decided today counts from tomorrow
    assert months(comparison, Measure.DEPOSIT_LOANS)[4] == 1450000


@pytest.mark.django_db
def test_the_total_adds_the_net_costs_and_the_grants_not_the_loans(areas: World) -> None:
    comparison = budget_vs_actual(municipality_of(areas), YEAR, TODAY, with_forecast=False)
    for i in range(11):
        parts = [
            comparison.measure(m).months[i].actual
            for m in (
                Measure.NET_COST,
                Measure.SUPPORT_NET_COST,
                Measure.BOTILBUD_NET_COST,
                Measure.GRANTS,
            )
        ]
        assert comparison.measure(Measure.TOTAL_NET_COST).months[i].actual == sum(
            int(p or 0) for p in parts
        )
    # The stays' year is rounded once (docs/rules.md); the other areas add their months up.
    ytd = comparison.measure(Measure.TOTAL_NET_COST).year_to_date.actual
    stays = comparison.measure(Measure.NET_COST).year_to_date.actual
    others = [Measure.SUPPORT_NET_COST, Measure.BOTILBUD_NET_COST, Measure.GRANTS]
    assert ytd == int(stays or 0) + sum(
        int(m or 0) for measure in others for m in months(comparison, measure)
    )


@pytest.mark.django_db
def test_the_forecast_runs_the_open_course_on_and_adds_the_areas(areas: World) -> None:
    result = forecast_for(municipality_of(areas), TODAY, runs=200)
    assert not result.problem
    assert not result.area_problem
    december = result.month(date(2026, 12, 1))
    assert december is not None
    # No ICM course has ended, so the running one lasts beyond the forecast; fewer than half of
    # the runs start a new one by December (one start in the last 12 months).
    assert december.band(Measure.SUPPORT_GROSS_COST).p50 == 1200000
    assert december.band(Measure.SUPPORT_GROSS_COST).p10 == 1200000
    november = result.month(date(2026, 11, 1))
    assert november is not None
    # November: the 20 actual days plus the 10 simulated ones of the running course.
    assert november.band(Measure.SUPPORT_GROSS_COST).p10 == 1200000
    for year in result.year_bands:
        for other in year.other_bands:
            band = other.band
            assert band.p10 <= band.p50 <= band.p90, other.measure
    history = {h.month: h for h in result.history}
    june = history[date(2026, 6, 1)]
    assert june.value(Measure.BOTILBUD_NET_COST) == 700000
    assert june.value(Measure.TOTAL_NET_COST) == june.net_cost + 700000 + 1200000


@pytest.mark.django_db
def test_without_other_areas_the_total_is_the_stays_net_cost(world: World) -> None:
    result = forecast_for(municipality_of(world), TODAY, runs=100)
    assert not result.area_problem
    rows: list[ForecastMonth | ForecastYear] = [*result.months, *result.year_bands]
    for row in rows:
        assert row.band(Measure.TOTAL_NET_COST) == row.net_cost
        assert row.band(Measure.GRANTS).p90 == 0
        assert row.band(Measure.SUPPORT_GROSS_COST).p90 == 0


@pytest.mark.django_db
def test_the_year_lands_with_the_forecast_for_every_area(areas: World) -> None:
    comparison = budget_vs_actual(municipality_of(areas), YEAR, TODAY, runs=100)
    support = comparison.measure(Measure.SUPPORT_GROSS_COST)
    assert support.year.actual == 814286 + 8 * 1200000 + 800000
    assert support.year.forecast == support.year.actual + 400000 + 1200000  # Nov rest, December
    assert comparison.measure(Measure.TOTAL_NET_COST).year.forecast is not None


@pytest.mark.django_db
def test_the_council_report_tells_the_whole_budget(areas: World) -> None:
    municipality = areas.users[Role.ECONOMIST].municipality
    assert municipality is not None
    budget = budget_extra(municipality, YEAR, TODAY)
    labels = [row[0] for row in budget.tables[0].rows]
    assert labels == [str(Measure(m).label) for m in AREAS]
    assert any("samlede nettoudgift" in p for p in budget.paragraphs)
    forecast = forecast_extra(municipality, TODAY)
    assert any("samlede nettoudgift" in p for p in forecast.paragraphs), forecast.paragraphs
    table = forecast.tables[-1]
    assert table.header == ("År", "Område", "Median", "10.–90. percentil")
    assert {row[1] for row in table.rows} == {
        str(Measure(m).label) for m in AREAS if AREAS[m] != "shelter"
    }


@pytest.mark.django_db
def test_the_pages_show_the_areas_and_the_form_budgets_them(areas: World, client: Client) -> None:
    client.force_login(areas.users[Role.ECONOMIST])
    page = client.get(reverse("economy:budget")).content.decode()
    for text in (
        "Bostøtte efter §§ 85 a, 85 og 99",
        "Midlertidigt botilbud efter § 107: bruttoudgift",
        "Beboerindskudslån: udlånt",
        "Samlet nettoudgift (uden lån)",
    ):
        assert text in page
    edit = reverse("economy:budget_edit", args=[YEAR])
    assert "Hjælp til flytning, etablering og indskud" in client.get(edit).content.decode()
    response = client.post(edit, {"support_gross_cost_aar": "150.000,00"})
    assert response.status_code == 302
    line = BudgetLine.objects.get(measure=Measure.SUPPORT_GROSS_COST, year=YEAR)
    assert line.amount == Decimal("150000.00")
    forecast = client.get(reverse("economy:forecast")).content.decode()
    assert "Hele indsatsen" in forecast
    assert f"maal={Measure.TOTAL_NET_COST}" in forecast
    chart = client.get(reverse("economy:forecast_chart"), {"maal": Measure.TOTAL_NET_COST})
    assert chart.status_code == 200
    assert chart["Content-Type"] == "image/svg+xml"

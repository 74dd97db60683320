"""Law scenarios: each year's figures against an independent recomputation through the engine.

The independent side builds the stays from the records with the shelters' own bridge
(``shelters.rules_rows.stay_row``), runs ``reimburse_plain`` day by day under the overridden
parameters, and cuts its explained day ranges into calendar years; support courses go through
``support_reimbursement`` itself, month by month.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.economy.scenarios.compute import run_spec
from hjemvej.economy.scenarios.results import Amounts, ScenarioResult
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.rules.parameters import Override, default_parameters
from hjemvej.rules.shelter import Readings
from tests import factories
from tests.economy.scenarios.conftest import TODAY, World
from tests.economy.scenarios.engine_check import independent_support, independent_years

HORIZON = 2030
BASIS = 10_000


def shelter_part(amounts: Amounts) -> tuple[int, int, int, int]:
    return (amounts.days, amounts.gross_cost, amounts.own_payment, amounts.reimbursement)


def run(world: World, spec: ScenarioSpec) -> ScenarioResult:
    return run_spec(
        spec,
        name="Test",
        municipality_id=factories.municipality("751").pk,
        as_of=TODAY,
        params=default_parameters(),
    )


LAW_CASES = {
    "loft 90 fra 01.04.2026": (
        (Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),),
        Readings(),
    ),
    "refusion 40 % fra 01.01.2025": (
        (Override("shelter.reimbursement.rate", Decimal(40), date(2025, 1, 1)),),
        Readings(),
    ),
    "intet loft og 37,5 %": (
        (
            Override("shelter.reimbursement.day_cap", None, date(2024, 1, 1)),
            Override("shelter.reimbursement.rate", Decimal("37.5"), date(2026, 1, 1)),
        ),
        Readings(),
    ),
    "andre læsninger": ((), Readings(window="rolling365", cap="window_start", days="dates")),
    "egenbetaling 100 kr.": (
        (Override("shelter.own_payment.daily", 10_000, date(2025, 1, 1)),),
        Readings(window="anchored", cap="window_start"),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(LAW_CASES))
def test_law_scenario_years_equal_an_independent_recomputation(world: World, case: str) -> None:
    overrides, readings = LAW_CASES[case]
    result = run(world, ScenarioSpec("law", HORIZON, overrides, readings))
    municipality = factories.municipality("751").pk
    base = default_parameters()
    changed = base.with_overrides(overrides)
    assert [r.year for r in result.rows] == list(range(2024, HORIZON + 1))
    before = independent_years(municipality, base, Readings(), 2024, HORIZON)
    after = independent_years(municipality, changed, readings, 2024, HORIZON)
    for row in result.rows:
        assert shelter_part(row.base) == shelter_part(before[row.year]), row.year
        assert shelter_part(row.scenario) == shelter_part(after[row.year]), row.year
        assert shelter_part(row.difference) == shelter_part(after[row.year] - before[row.year])
    assert result.base_fingerprint == base.fingerprint
    assert result.scenario_fingerprint == changed.fingerprint != base.fingerprint or not overrides
    assert any(row.difference.net_cost for row in result.rows), "the scenario changes nothing"


@pytest.mark.django_db
def test_cap_90_costs_carls_days_91_to_120_in_two_windows(world: World) -> None:
    # Carl's open stay from 01.09.2026: windows [01.09.2026, 01.09.2027) and [01.09.2027, …).
    # Current rules: 120 days in each (agreed until 31.03.2028); scenario: 90. Days 91–120 of
    # each window (30.11–29.12.2026 and 30.11–29.12.2027) lose 50 % × (1.500,71 − 96,71) kr.
    spec = ScenarioSpec(
        "law", HORIZON, (Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),)
    )
    rows = {r.year: r for r in run(world, spec).rows}
    lost = 30 * (150_071 - 9_671) // 2
    assert lost == 2_106_000
    assert rows[2026].difference.reimbursement == -lost
    assert rows[2027].difference.reimbursement == -lost
    assert rows[2027].difference.net_cost == lost
    assert [rows[y].difference.net_cost for y in (2024, 2025, 2028, 2029, 2030)] == [0] * 5
    assert rows[2026].state == "current"
    assert rows[2027].state == "future"


@pytest.mark.django_db
def test_extension_off_removes_emils_reimbursement_and_matches_the_engine(world: World) -> None:
    overrides = (Override("support.extension.all_situations", False, date(2026, 7, 1)),)
    result = run(world, ScenarioSpec("law", HORIZON, overrides))
    assert result.has_support
    municipality = factories.municipality("751").pk
    end = date(HORIZON + 1, 1, 1)
    base = default_parameters()
    before = independent_support(municipality, base, end)
    after = independent_support(municipality, base.with_overrides(overrides), end)
    rows = {r.year: r for r in result.rows}
    for year, row in rows.items():
        assert (row.base.support_cost, row.base.support_reimbursement) == before(year), year
        assert (row.scenario.support_cost, row.scenario.support_reimbursement) == after(year)
    # Emil's ICM (4.000 kr. a month from 01.08.2026, begun on the street): 50 % for 24 months
    # under the extension, nothing without it. Bo's CTI keeps its discharge-based period.
    assert rows[2026].difference.support_reimbursement == -5 * 200_000
    assert rows[2027].difference.support_reimbursement == -12 * 200_000
    assert rows[2028].difference.support_reimbursement == -7 * 200_000
    assert rows[2029].difference.support_reimbursement == 0
    assert rows[2027].difference.support_cost == 0
    assert rows[2027].difference.net_cost == 12 * 200_000
    # Shelter figures are the same under both: the scenario changes no § 177 rule.
    assert all(shelter_part(r.difference) == (0, 0, 0, 0) for r in result.rows)
    # Bo's CTI from 15.05.2026 (9.000 kr. a month) is in both.
    assert rows[2027].base.support_cost == 12 * 900_000 + 12 * 400_000


@pytest.mark.django_db
def test_a_shelter_scenario_leaves_support_out_and_says_so(world: World) -> None:
    spec = ScenarioSpec("law", HORIZON, (Override("shelter.reimbursement.day_cap", 90, None),))
    result = run(world, spec)
    assert not result.has_support
    assert all(r.base.support_cost == 0 for r in result.rows)
    assert any("ikke med" in n and "§ 176 a" in n for n in result.notes)


@pytest.mark.django_db
def test_summary_names_the_total_and_the_years_from_today(world: World) -> None:
    spec = ScenarioSpec(
        "law", HORIZON, (Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),)
    )
    result = run(world, spec)
    assert result.summary == (
        "Test: nettoudgiften i 2024–2030 bliver i alt 42.120 kr. højere end efter gældende "
        "regler (heraf 42.120 kr. højere i 2026–2030)."
    )
    assert result.total.net_cost == 2 * 2_106_000


@pytest.mark.django_db
def test_not_enacted_values_are_listed_with_their_status(world: World) -> None:
    spec = ScenarioSpec(
        "law", HORIZON, (Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),)
    )
    result = run(world, spec)
    statuses = {(v.name, v.status, v.display) for v in result.parameters}
    assert ("shelter.reimbursement.day_cap", "agreed", "120 dage") in statuses
    assert ("shelter.reimbursement.day_cap", "scenario", "90 dage") in statuses
    assert ("shelter.own_payment.daily", "assumed", "96,71 kr. pr. dag") in statuses
    assert all(v.status != "law" for v in result.parameters)


@pytest.mark.django_db
def test_a_parameter_outside_the_figures_changes_nothing_and_is_named(world: World) -> None:
    params = default_parameters()
    name = next(p.name for p in params if p.area == "affordability")
    spec = ScenarioSpec("law", HORIZON, (Override(name, params[name].values[-1].value, None),))
    result = run(world, spec)
    assert all(r.difference.net_cost == 0 for r in result.rows)
    assert any(name in note for note in result.notes)


@pytest.mark.django_db
def test_another_municipalitys_stays_are_not_in_the_figures(world: World) -> None:
    spec = ScenarioSpec(
        "law", HORIZON, (Override("shelter.reimbursement.rate", Decimal(40), None),)
    )
    result = run(world, spec)
    # 751's stays only: Anna, Bo, Carl and Dina (the stranger's 2025 stay of 334 nights is 101's).
    assert {r.year: r.base.days for r in result.rows}[2025] == 61 + 61 + 28

"""Practice scenarios: shorter stays, fewer full-year persons outside, Housing First cohorts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from hjemvej.economy.scenarios.compute import run_spec, shortened
from hjemvej.economy.scenarios.results import ScenarioResult
from hjemvej.economy.scenarios.spec import Practice, ScenarioSpec
from hjemvej.rules.parameters import Override, default_parameters
from hjemvej.rules.shelter import MISSING, Readings, StayRow, StayTable
from tests import factories
from tests.economy.scenarios.conftest import TODAY, World
from tests.economy.scenarios.engine_check import plain_years, shorten, stay_rows


def run(spec: ScenarioSpec) -> ScenarioResult:
    return run_spec(
        spec,
        name="Praksis",
        municipality_id=factories.municipality("751").pk,
        as_of=TODAY,
        params=default_parameters(),
    )


def parts(a: object) -> tuple[int, int, int, int]:
    return (a.days, a.gross_cost, a.own_payment, a.reimbursement)  # type: ignore[attr-defined]


# --- Stays N days shorter ------------------------------------------------------------------------


def test_shortened_keeps_one_night_and_open_stays() -> None:
    rows = [
        StayRow("a", "1", date(2025, 1, 1), date(2025, 1, 31), 100_000),  # 30 nights → 20
        StayRow("b", "2", date(2025, 1, 1), date(2025, 1, 6), 100_000),  # 5 nights → 1
        StayRow("c", "3", date(2025, 1, 1), date(2025, 1, 1), 100_000),  # same day: unchanged
        StayRow("d", "4", date(2025, 1, 1), None, 100_000),  # open: unchanged
    ]
    table, count, nights = shortened(StayTable.from_rows(rows), 10)
    ends = [date.fromordinal(int(d)) if d != MISSING else None for d in table.discharged]
    assert ends == [date(2025, 1, 21), date(2025, 1, 2), date(2025, 1, 1), None]
    assert (count, nights) == (2, 10 + 4)
    later, count, _ = shortened(StayTable.from_rows(rows), 10, since=date(2025, 1, 10))
    assert count == 1
    assert np.array_equal(later.admitted, table.admitted)


@pytest.mark.django_db
def test_shorter_stays_equal_an_independent_recomputation(world: World) -> None:
    result = run(ScenarioSpec("practice", 2028, practice=Practice("shorter_stays", days=10)))
    rows = stay_rows(factories.municipality("751").pk)
    params = default_parameters()
    before = plain_years(rows, params, Readings(), 2024, 2028)
    after = plain_years(shorten(rows, 10), params, Readings(), 2024, 2028)
    for row in result.rows:
        assert parts(row.base) == parts(before[row.year]), row.year
        assert parts(row.scenario) == parts(after[row.year]), row.year
    by_year = {r.year: r for r in result.rows}
    # Anna: 152 → 142 nights in 2024 (30 of them never reimbursed: still over the cap), 61 → 51
    # in 2025; Bo's stay ends 10 days earlier in 2026; Dina's 28-night stay → 18 in 2025.
    assert by_year[2024].difference.days == -10
    assert by_year[2025].difference.days == -10 - 10
    assert by_year[2026].difference.days == -10
    assert by_year[2024].difference.reimbursement == 0
    assert by_year[2024].difference.net_cost == -10 * (150_071 - 9_671)
    assert any(
        "4 afsluttede ophold er gjort kortere, med i alt 40 nætter" in n for n in result.notes
    )


# --- Fewer full-year persons on external shelters ------------------------------------------------


@pytest.mark.django_db
def test_fewer_external_saves_the_average_net_cost_per_day(world: World) -> None:
    practice = Practice("fewer_external", persons=Decimal(1), start_year=2027)
    result = run(ScenarioSpec("practice", 2028, practice=practice))
    ref = result.reference
    assert ref is not None
    # 2025 outside the municipality: Bo's 61 nights (01.11–31.12) at 2.000,71 kr., all under
    # the cap: net = 50 % × (2.000,71 − 96,71) = 952 kr. a day.
    assert (ref.year, ref.external, ref.days) == (2025, True, 61)
    assert ref.gross_cost == 61 * 200_071
    assert ref.net_cost == 61 * 95_200
    assert ref.net_per_day == 95_200
    rows = {r.year: r for r in result.rows}
    assert list(rows) == [2027, 2028]
    assert rows[2027].difference.net_cost == -365 * 95_200
    assert rows[2028].difference.net_cost == -366 * 95_200  # a leap year
    assert rows[2027].difference.gross_cost == -365 * 200_071
    assert rows[2027].difference.days == -365
    assert rows[2027].base.days == 61
    # One full-year person is more than the 0,17 there were: the page says so.
    assert any("flere helårspersoner" in n for n in result.notes)
    assert "34.748 kr. lavere" not in result.summary  # the total is both years
    assert result.summary.startswith(
        "Praksis: nettoudgiften i 2027–2028 bliver i alt 695.912 kr. lavere"
    )


@pytest.mark.django_db
def test_fewer_external_without_stays_says_there_is_no_average(db: None) -> None:
    factories.user("leder-tom", "manager", code="101")
    practice = Practice("fewer_external", persons=Decimal(2), start_year=2027)
    result = run_spec(
        ScenarioSpec("practice", 2027, practice=practice),
        name="Tom",
        municipality_id=factories.municipality("101").pk,
        as_of=TODAY,
        params=default_parameters(),
    )
    assert [r.difference.net_cost for r in result.rows] == [0]
    assert any("intet gennemsnit" in n for n in result.notes)


# --- Housing First cohorts -----------------------------------------------------------------------


@pytest.mark.django_db
def test_housing_first_cohorts_against_120_days_a_year(world: World) -> None:
    practice = Practice(
        "housing_first", method="cti", citizens_per_year=2, start_year=2027, compare_days=120
    )
    result = run(ScenarioSpec("practice", 2028, practice=practice))
    rows = {r.year: r for r in result.rows}
    # Shelter path, 2027: 120 days × 2.130 kr., own payment 120 × 96,71 kr., 120 days reimbursed
    # at 50 % × 2.033,29 kr. = 121.997,40 kr. net per citizen.
    assert rows[2027].base.net_cost == 2 * 12_199_740
    # 2028: two cohorts on shelters; the cap falls to 90 on 01.04.2028, day 91, so 91 days are
    # reimbursed: 255.600 − 11.605,20 − 92.514,70 (rounded once per stay) = 151.480,10 kr.
    assert rows[2028].base.net_cost == 2 * 2 * 15_148_010
    # CTI: 12 months × 9.000 kr., deposit 13.000 and start package 6.000 kr., 50 % of the support
    # reimbursed: 73.000 kr. net per citizen, all in the first year.
    assert rows[2027].scenario.net_cost == 2 * 7_300_000
    assert rows[2028].scenario.net_cost == 2 * 7_300_000
    assert rows[2027].scenario.support_cost == 2 * (10_800_000 + 1_900_000)
    assert rows[2027].scenario.support_reimbursement == 2 * 5_400_000
    assert result.has_support
    keys = [p.key for p in result.paths]
    assert keys[:4] == ["cti", "icm", "act", "m_act"]
    assert {"botilbud", "shelter_30", "shelter_90", "shelter_120", "shelter_365"} <= set(keys)
    assert result.highlighted_paths == ("cti", "shelter_120")
    names = {v.name for v in result.parameters}
    assert "housing_first.support.cti.monthly" in names
    assert "housing_first.shelter.daily_rate" in names


@pytest.mark.django_db
def test_housing_first_takes_the_scenarios_unit_costs(world: World) -> None:
    practice = Practice(
        "housing_first", method="cti", citizens_per_year=1, start_year=2027, compare_days=30
    )
    override = Override("housing_first.support.cti.monthly", 800_000, None)
    result = run(ScenarioSpec("practice", 2027, (override,), practice=practice))
    # 12 × 8.000 + 19.000 − 48.000 = 67.000 kr.
    assert result.rows[0].scenario.net_cost == 6_700_000
    assert any(v.status == "scenario" for v in result.parameters)
    assert result.scenario_fingerprint != default_parameters().fingerprint

"""Five-year paths (SØM-style cases): golden totals computed by hand, and what the law changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.rules.parameters import Override, default_parameters
from hjemvej.rules.paths import (
    METHODS,
    SHELTER_DAYS,
    UnitCosts,
    botilbud_path,
    compare_paths,
    housing_first_path,
    path_years,
    shelter_path,
)

# 2030: the agreed cap of 90 days is in force all year, 50 % reimbursement, own payment 96,71 kr.
START = date(2030, 1, 1)
PARAMS = default_parameters()
COSTS = UnitCosts(
    monthly={"cti": 900_000, "icm": 350_000, "act": 1_080_000, "m_act": 950_000},
    months={"cti": 12, "icm": None, "act": None, "m_act": None},
    deposit=1_300_000,
    furnishing=600_000,
    establishment=0,
    botilbud_daily=240_000,
    shelter_daily=213_000,
)
NET_PER_DAY = 213_000 - 9_671  # rate − own payment: 2.033,29 kr.


def test_shelter_30_days_a_year() -> None:
    path = shelter_path(30, start=START, params=PARAMS, costs=COSTS)
    year = path.years[0]
    assert year.shelter_days == 30
    assert year.shelter_cost == 30 * 213_000 == 6_390_000
    assert year.own_payment == 30 * 9_671 == 290_130
    assert year.reimbursement == 30 * NET_PER_DAY // 2 == 3_049_935
    assert year.net_cost == 3_049_935
    # 5 × 30.499,35 kr.
    assert path.net_cost == 15_249_675


def test_shelter_120_days_a_year_only_90_reimbursed() -> None:
    path = shelter_path(120, start=START, params=PARAMS, costs=COSTS)
    year = path.years[0]
    assert year.reimbursement == 90 * NET_PER_DAY // 2 == 9_149_805
    assert year.net_cost == 120 * 213_000 - 120 * 9_671 - 9_149_805 == 15_249_675
    assert [y.net_cost for y in path.years] == [15_249_675] * 5
    assert path.net_cost == 76_248_375  # 762.483,75 kr.


def test_shelter_365_days_a_year_in_a_leap_year_too() -> None:
    path = shelter_path(365, start=START, params=PARAMS, costs=COSTS)
    # 2032 has 366 days; the stay is still 365 days.
    assert [y.shelter_days for y in path.years] == [365] * 5
    assert [(y.end - y.start).days for y in path.years] == [365, 365, 366, 365, 365]
    per_year = 365 * 213_000 - 365 * 9_671 - 9_149_805
    assert per_year == 65_065_280
    assert path.net_cost == 5 * per_year == 325_326_400  # 3.253.264,00 kr.


def test_cti_twelve_months_in_year_one_with_move_in_costs() -> None:
    path = housing_first_path("cti", start=START, params=PARAMS, costs=COSTS)
    one = path.years[0]
    assert one.support_cost == 12 * 900_000
    assert one.move_in_cost == 1_900_000
    assert one.reimbursement == 12 * 900_000 // 2  # § 176 a: 2 years after discharge
    assert one.net_cost == 10_800_000 + 1_900_000 - 5_400_000 == 7_300_000
    assert [y.net_cost for y in path.years[1:]] == [0, 0, 0, 0]
    assert path.net_cost == 7_300_000  # 73.000 kr.


def test_icm_open_ended_reimbursed_for_two_years() -> None:
    path = housing_first_path("icm", start=START, params=PARAMS, costs=COSTS)
    assert [y.support_cost for y in path.years] == [4_200_000] * 5
    assert [y.reimbursement for y in path.years] == [2_100_000, 2_100_000, 0, 0, 0]
    assert path.net_cost == 5 * 4_200_000 + 1_900_000 - 4_200_000 == 18_700_000  # 187.000 kr.


def test_botilbud_six_months_reimbursed() -> None:
    path = botilbud_path(start=START, params=PARAMS, costs=COSTS)
    assert path.expense == 1_826 * 240_000  # 2030–2034 holds one leap day
    # § 176 a, stk. 2: 50 % for 01.01.–30.06.2030, 181 days.
    assert path.years[0].reimbursement == 181 * 240_000 // 2 == 21_720_000
    assert sum(y.reimbursement for y in path.years[1:]) == 0
    assert path.net_cost == 438_240_000 - 21_720_000 == 416_520_000  # 4.165.200 kr.


def test_the_paths_in_the_order_of_the_soem_cases_with_these_costs() -> None:
    paths = {p.key: p.net_cost for p in compare_paths(start=START, params=PARAMS, costs=COSTS)}
    assert set(paths) == {*METHODS, "botilbud", *(f"shelter_{d}" for d in SHELTER_DAYS)}
    assert paths["cti"] < paths["shelter_30"] < paths["shelter_90"]
    assert paths["shelter_90"] < paths["act"] < paths["shelter_120"] < paths["shelter_365"]
    assert paths["botilbud"] > paths["shelter_365"]


def test_the_cap_in_force_each_day_counts() -> None:
    # From 2027 the cap is 120 until 31.03.2028, then 90 (agreed). The 120-day stay of 2028
    # reaches day 91 on 01.04.2028, so only 91 days earn reimbursement that year.
    path = shelter_path(120, start=date(2027, 1, 1), params=PARAMS, costs=COSTS)
    reimbursed = [y.reimbursement * 2 // NET_PER_DAY for y in path.years]
    assert reimbursed == [120, 91, 90, 90, 90]
    assert "91 dage" in path.steps[1].text


def test_a_scenario_changes_the_paths() -> None:
    params = PARAMS.with_overrides(
        [Override("support.reimbursement.rate", Decimal(75), date(2029, 1, 1))]
    )
    path = housing_first_path("cti", start=START, params=params, costs=COSTS)
    assert path.years[0].reimbursement == 12 * 900_000 * 3 // 4


def test_unit_costs_come_from_the_parameters() -> None:
    costs = UnitCosts.from_parameters(PARAMS, date(2027, 1, 1))
    assert costs.shelter_daily == 213_000  # Dialogforum for Socialt Udsatte, October 2025
    assert costs.months["cti"] == 9 + 3  # Norddjurs' CTI standard + the assumed contact period
    assert costs.months["icm"] is None
    assert costs.move_in == costs.deposit + costs.furnishing + costs.establishment
    assert {v.status for v in costs.parameters} == {"assumed"}
    changed = PARAMS.with_overrides([Override("housing_first.support.icm.months", 18, None)])
    assert UnitCosts.from_parameters(changed, START).months["icm"] == 18


def test_a_path_begins_on_the_first_of_a_month() -> None:
    with pytest.raises(ValueError, match=r"den 1\. i en måned"):
        path_years(date(2030, 1, 15), 5)
    with pytest.raises(ValueError, match="mindst 1"):
        shelter_path(0, start=START, params=PARAMS, costs=COSTS)


def test_every_step_is_danish_and_dated() -> None:
    for path in compare_paths(start=START, params=PARAMS, costs=COSTS):
        assert path.steps
        assert all(step.text and step.start <= step.end for step in path.steps)
        assert any(f"År {len(path.years)}" in step.text for step in path.steps)

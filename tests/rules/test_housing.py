"""Allocation restrictions (almenboligloven §§ 51 c, 59) and the deposit-loan ceiling: golden cases.

Allocation: a dwelling at the municipality's disposal in an udsat boligområde may not be allocated
when a household member had kontanthjælp in the 6 whole calendar months before the month of the
allocation (§ 59, stk. 6, nr. 5; Hjemvej's reading), or gets førtidspension (nr. 6). Deposit loan:
2024 ceiling 277.956 kr. + 48.700 kr. per child up to four (boligstøtteloven § 56), at the ceiling
is within it.
"""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.rules.housing import (
    BenefitPeriod,
    add_years,
    allocation_warnings,
    area_restrictions,
    deposit_loan_check,
    full_months_before,
    repayment_free_until,
    run_start,
)
from hjemvej.rules.parameters import Override, default_parameters

ON = date(2026, 8, 14)  # the 6 whole months before August are February to July
KR = 100


def cash(start: date, end: date | None = None) -> BenefitPeriod:
    return BenefitPeriod("cash_benefit", start, end)


def warn(
    benefits: list[BenefitPeriod],
    *,
    area: str = "vulnerable",
    allocation: bool = True,
    social: bool = True,
    on: date = ON,
) -> dict[str, str]:
    """Return the warnings as code → severity."""
    found = allocation_warnings(
        area_status=area,
        municipal_allocation=allocation,
        social_housing=social,
        benefits=benefits,
        on=on,
    )
    return {w.code: w.severity for w in found}


# --- § 59, stk. 6, nr. 5: six whole calendar months -------------------------------------------


def test_six_whole_months_before_the_month_applies() -> None:
    assert warn([cash(date(2026, 2, 1))])["benefit_months"] == "applies"


def test_starting_on_the_second_of_the_month_counts_five_months_only() -> None:
    found = warn([cash(date(2026, 2, 2))])
    assert "benefit_months" not in found
    assert found["benefit_months_check"] == "check"


def test_the_boundary_moves_with_the_month_of_allocation() -> None:
    # Allocated on 31 July: the months before July are January to June; from 1 February is 5.
    assert "benefit_months" not in warn([cash(date(2026, 2, 1))], on=date(2026, 7, 31))
    # Allocated on 1 August: February to July are six.
    assert warn([cash(date(2026, 2, 1))], on=date(2026, 8, 1))["benefit_months"] == "applies"


def test_adjoining_periods_make_one_run_and_a_gap_breaks_it() -> None:
    joined = [cash(date(2026, 2, 1), date(2026, 5, 1)), cash(date(2026, 5, 1))]
    assert warn(joined)["benefit_months"] == "applies"
    broken = [cash(date(2026, 2, 1), date(2026, 4, 30)), cash(date(2026, 5, 1))]
    assert "benefit_months" not in warn(broken)


def test_benefit_that_stopped_before_the_month_is_not_current() -> None:
    # February–June only: July is not covered, so the months right before August are 0.
    found = warn([cash(date(2026, 2, 1), date(2026, 7, 1))])
    assert "benefit_months" not in found
    assert "benefit_months_check" not in found  # no benefit on the day either


def test_full_months_and_since() -> None:
    assert full_months_before([cash(date(2025, 12, 15))], ON) == (7, date(2025, 12, 15))
    assert full_months_before([], ON) == (0, None)
    periods = [cash(date(2026, 1, 1), date(2026, 3, 1)), cash(date(2026, 3, 1), date(2026, 9, 1))]
    assert run_start(periods, date(2026, 7, 31)) == date(2026, 1, 1)


# --- § 59, stk. 6, nr. 6 and the checks ---------------------------------------------------------


def test_disability_pension_applies_and_the_other_criteria_are_a_check() -> None:
    found = warn([BenefitPeriod("disability_pension", date(2020, 1, 1))])
    assert found == {"disability_pension": "applies", "check_criteria": "check"}


def test_the_check_asks_and_stores_nothing() -> None:
    (check,) = allocation_warnings(
        area_status="vulnerable",
        municipal_allocation=True,
        social_housing=True,
        benefits=[],
        on=ON,
    )
    assert check.code == "check_criteria"
    assert check.text.startswith("Kontrollér")
    assert "nr. 1–4 og 7" in check.reference
    assert "registrerer ikke" in check.text


def test_transformation_area_is_an_udsat_boligomraade() -> None:
    assert warn([cash(date(2026, 1, 1))], area="transformation")["benefit_months"] == "applies"


@pytest.mark.parametrize(
    ("area", "allocation", "social"),
    [
        ("ordinary", True, True),  # no special status
        ("vulnerable", True, False),  # a private landlord: § 59 concerns almene boliger
        ("vulnerable", False, True),  # not at the municipality's disposal
        ("prevention", False, True),
    ],
)
def test_no_rule(area: str, allocation: bool, social: bool) -> None:
    assert warn([cash(date(2025, 1, 1))], area=area, allocation=allocation, social=social) == {}


def test_prevention_area_is_only_a_check_kontanthjaelp_is_not_a_criterion() -> None:
    assert warn([cash(date(2025, 1, 1))], area="prevention") == {"check_criteria": "check"}
    (check,) = allocation_warnings(
        area_status="prevention",
        municipal_allocation=True,
        social_housing=True,
        benefits=[],
        on=ON,
    )
    assert "§ 59, stk. 7" in check.reference
    assert check.parameters[0].status == "assumed"


def test_waiting_list_in_a_transformation_area_refuses_current_kontanthjaelp() -> None:
    assert warn([cash(date(2026, 8, 1))], area="transformation", allocation=False) == {
        "waiting_list_cash_benefit": "applies"
    }
    assert warn([cash(date(2026, 8, 15))], area="transformation", allocation=False) == {}


def test_before_the_rules_no_warning() -> None:
    assert warn([cash(date(2017, 1, 1))], on=date(2018, 11, 30)) == {}
    assert warn([cash(date(2017, 1, 1))], on=date(2018, 12, 1))["benefit_months"] == "applies"


def test_the_rule_value_status_follows_the_date() -> None:
    early = allocation_warnings(
        area_status="vulnerable",
        municipal_allocation=True,
        social_housing=True,
        benefits=[],
        on=date(2024, 11, 10),
    )
    late = allocation_warnings(
        area_status="vulnerable",
        municipal_allocation=True,
        social_housing=True,
        benefits=[],
        on=date(2024, 11, 11),
    )
    assert early[0].parameters[0].status == "assumed"
    assert late[0].parameters[0].status == "law"


def test_a_scenario_can_switch_a_rule_off() -> None:
    params = default_parameters().with_overrides(
        [Override("housing.allocation.vulnerable_area_rule", False)]
    )
    found = allocation_warnings(
        area_status="vulnerable",
        municipal_allocation=True,
        social_housing=True,
        benefits=[cash(date(2025, 1, 1))],
        on=ON,
        params=params,
    )
    assert found == ()


def test_area_restrictions_name_the_rule_for_each_status() -> None:
    def refs(area: str, allocation: bool = True) -> list[str]:
        return [
            w.reference
            for w in area_restrictions(
                area_status=area, municipal_allocation=allocation, social_housing=True, on=ON
            )
        ]

    assert refs("vulnerable") == ["almenboligloven § 59, stk. 6"]
    assert refs("transformation") == ["almenboligloven § 59, stk. 6"]
    assert refs("prevention") == ["almenboligloven § 59, stk. 7"]
    assert refs("transformation", allocation=False) == ["almenboligloven § 51 c"]
    assert refs("ordinary") == []


# --- Deposit loan: the year's ceiling ------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "children", "ceiling_kr"),
    [
        (date(2023, 6, 1), 0, 268_556),
        (date(2024, 1, 1), 0, 277_956),
        (date(2024, 6, 1), 1, 277_956 + 48_700),
        (date(2024, 6, 1), 4, 277_956 + 4 * 48_700),
        (date(2024, 6, 1), 6, 277_956 + 4 * 48_700),  # at most four children count
        (date(2023, 12, 31), 2, 268_556 + 2 * 47_100),
    ],
)
def test_ceiling_by_year_and_children(on: date, children: int, ceiling_kr: int) -> None:
    check = deposit_loan_check(household_income_year=0, children=children, on=on)
    assert check.ceiling == ceiling_kr * KR


def test_at_the_ceiling_is_within_one_krone_over_is_not() -> None:
    at = deposit_loan_check(household_income_year=277_956 * KR, children=0, on=date(2024, 5, 1))
    over = deposit_loan_check(household_income_year=277_957 * KR, children=0, on=date(2024, 5, 1))
    assert at.within is True
    assert at.over_by == 0
    assert "overstiger ikke" in at.text
    assert over.within is False
    assert over.over_by == 1 * KR
    assert "overstiger grænsen" in over.text
    assert "1,00 kr." in over.text


def test_carried_over_years_are_flagged_as_not_law() -> None:
    check = deposit_loan_check(household_income_year=1, children=0, on=date(2026, 3, 1))
    assert check.ceiling == 277_956 * KR
    assert {p.name for p in check.not_enacted} >= {"housing.deposit_loan.income_ceiling"}
    law = deposit_loan_check(household_income_year=1, children=0, on=date(2024, 3, 1))
    assert "housing.deposit_loan.income_ceiling" not in {p.name for p in law.not_enacted}


def test_no_ceiling_before_the_first_year_is_said_not_guessed() -> None:
    check = deposit_loan_check(household_income_year=1, children=0, on=date(2022, 12, 31))
    assert check.ceiling is None
    assert check.within is None
    assert "ikke indlæst" in check.text


def test_repayment_free_for_five_years() -> None:
    assert repayment_free_until(date(2026, 3, 15)) == date(2031, 3, 15)
    assert add_years(date(2024, 2, 29), 5) == date(2029, 3, 1)
    check = deposit_loan_check(
        household_income_year=1, children=0, on=date(2026, 1, 5), paid_on=date(2026, 2, 1)
    )
    assert check.repayment_free_until == date(2031, 2, 1)


def test_negative_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="negativ"):
        deposit_loan_check(household_income_year=-1, children=0, on=ON)
    with pytest.raises(ValueError, match="negativ"):
        deposit_loan_check(household_income_year=0, children=-1, on=ON)


# --- Deposit loan for a single room (enkeltværelse) ---------------------------------------------


@pytest.mark.parametrize(
    ("on", "children", "ceiling_kr"),
    [
        (date(2024, 1, 1), 0, 188_294),
        (date(2024, 6, 1), 2, 188_294 + 2 * 48_700),  # the same raise per child as a flat
        (date(2024, 6, 1), 5, 188_294 + 4 * 48_700),
    ],
)
def test_a_single_room_has_its_own_lower_ceiling(on: date, children: int, ceiling_kr: int) -> None:
    check = deposit_loan_check(household_income_year=0, children=children, on=on, single_room=True)
    assert check.ceiling == ceiling_kr * KR
    assert "housing.deposit_loan.income_ceiling_single_room" in {p.name for p in check.parameters}
    flat = deposit_loan_check(household_income_year=0, children=children, on=on)
    assert flat.ceiling is not None
    assert flat.ceiling > check.ceiling


def test_an_income_between_the_two_ceilings_is_within_for_a_flat_only() -> None:
    income = 200_000 * KR
    room = deposit_loan_check(household_income_year=income, children=0, on=ON, single_room=True)
    flat = deposit_loan_check(household_income_year=income, children=0, on=ON)
    assert room.within is False
    assert "enkeltværelse" in room.text
    assert flat.within is True


def test_a_single_room_before_its_first_ceiling_is_said_not_guessed() -> None:
    check = deposit_loan_check(
        household_income_year=1, children=0, on=date(2023, 6, 1), single_room=True
    )
    assert check.ceiling is None
    assert "enkeltværelse" in check.text
    assert "ikke indlæst" in check.text


def test_a_single_room_ceiling_carried_over_is_flagged_as_not_law() -> None:
    check = deposit_loan_check(
        household_income_year=1, children=0, on=date(2026, 3, 1), single_room=True
    )
    assert check.ceiling == 188_294 * KR
    assert "housing.deposit_loan.income_ceiling_single_room" in {p.name for p in check.not_enacted}

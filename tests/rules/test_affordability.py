"""Payment capacity and boligsikring: golden cases computed by hand, and invariants.

Amounts in comments are kroner; the code works in øre (×100). Unless a test says otherwise the
2026 amounts are: income threshold 171.500, per child 45.200, minimum own payment 28.900,
maximum 50.760, rent ceiling 96.200; 2025: 167.900, 44.200, 28.300, 49.716, 94.200. Rent share
60 %, income share 18 %, no-children cap 15 %. The yearly benefit is rounded down to a multiple
of 12 kr., so the monthly amount is whole kroner.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.rules.affordability import (
    CASH_BENEFIT_RATES,
    EDUCATION_BENEFIT_RATES,
    PENSION_RATES,
    SELF_SUPPORT_RATES,
    AffordabilityError,
    Household,
    HousingBenefitNotCovered,
    HousingBenefitResult,
    Income,
    PensionKind,
    RentTerms,
    affordable_rent,
    housing_benefit,
    income_before_tax,
    max_affordable_rent,
    payment_capacity,
)
from hjemvej.rules.affordability.housing_benefit import compute, resolve_rules
from hjemvej.rules.parameters import Override, ParameterError, ParameterSet, default_parameters

Y2025 = date(2025, 9, 1)
Y2026 = date(2026, 3, 1)
KR = 100
SINGLE = Household()
PARAMS = default_parameters()
#: Without the minimum payout (§§ 33–34): the small amounts the other limits give stay visible.
NO_MINIMUM = PARAMS.with_overrides([Override("affordability.housing_benefit.minimum_payout", 0)])


def kr(amount: float) -> int:
    """Return kroner as øre (test inputs are whole or half kroner)."""
    return round(amount * 100)


def benefit(
    rent_kr: float,
    income_kr: float,
    on: date,
    household: Household = SINGLE,
    area: int | None = 50,
    params: ParameterSet = PARAMS,
) -> HousingBenefitResult:
    """Return boligsikring for kroner inputs."""
    return housing_benefit(
        monthly_rent=kr(rent_kr),
        household_income_year=kr(income_kr),
        household=household,
        area_m2=area,
        on=on,
        params=params,
    )


# --- golden cases: boligsikring -------------------------------------------------------------


@pytest.mark.parametrize("on", [Y2025, Y2026])
def test_single_on_cash_benefit_rent_3500(on: date) -> None:
    # Forhøjet sats 12.498 + enlig-tillæg 1.092 = 13.590/md → 163.080/år, under both thresholds.
    # Yearly rent 42.000. 60 % = 25.200; own payment leaves 42.000 − 28.900 = 13.100 (2026) or
    # 42.000 − 28.300 = 13.700 (2025); no children: 15 % × 42.000 = 6.300 → binds.
    # 6.300 is divisible by 12: 525/md.
    result = benefit(3500, 163_080, on)
    assert result.yearly == kr(6300)
    assert result.monthly == kr(525)
    assert result.limit == "no_children_cap"
    assert not result.area_reduced
    assert not result.rent_ceiling_applied


@pytest.mark.parametrize(("on", "yearly", "monthly"), [(Y2025, 1692, 141), (Y2026, 1092, 91)])
def test_minimum_own_payment_binds(on: date, yearly: int, monthly: int) -> None:
    # Rent 2.500/md = 30.000/år. 15 % = 4.500, 60 % = 18.000.
    # 2026: 30.000 − 28.900 = 1.100 → down to a multiple of 12: 1.092 → 91/md.
    # 2025: 30.000 − 28.300 = 1.700 → 1.692 → 141/md.
    result = benefit(2500, 150_000, on, params=NO_MINIMUM)
    assert result.limit == "min_own_payment"
    assert result.yearly == kr(yearly)
    assert result.monthly == kr(monthly)


@pytest.mark.parametrize(("on", "yearly"), [(Y2025, 49_716), (Y2026, 50_760)])
def test_maximum_binds_for_family(on: date, yearly: int) -> None:
    # 2 adults + 2 children, 100 m² (limit 65 + 3 × 20 = 125), rent 9.000/md = 108.000/år.
    # Rent ceiling + 10 % for 2 children: 2026 96.200 × 1,1 = 105.820 → 105.800;
    # 2025 94.200 × 1,1 = 103.620 → 103.600. Threshold 171.500 + 45.200 (2026) > 200.000.
    # 60 % of 105.800 = 63.480 > max 50.760 (2025: 62.160 > 49.716). Max binds.
    family = Household(adults=2, children=2)
    result = benefit(9000, 200_000, on, family, area=100)
    assert result.limit == "max_amount"
    assert result.rent_ceiling_applied
    assert result.yearly == kr(yearly)
    assert result.monthly == kr(yearly) // 12
    assert result.counted_rent_year == (kr(105_800) if on == Y2026 else kr(103_600))


def test_maximum_raised_25_percent_for_four_children() -> None:
    # 2 adults + 4 children, 150 m² (limit 165), rent 12.000/md = 144.000/år, income 150.000.
    # Ceiling 96.200 × 1,2 = 115.440 → 115.400; 60 % = 69.240; own payment 86.500.
    # Max 50.760 × 1,25 = 63.450 binds → 63.444 (multiple of 12) → 5.287/md.
    result = benefit(12_000, 150_000, Y2026, Household(adults=2, children=4), area=150)
    assert result.limit == "max_amount"
    assert result.yearly == kr(63_444)
    assert result.monthly == kr(5287)


@pytest.mark.parametrize("on", [Y2025, Y2026])
def test_area_ceiling_reduces_the_rent_counted(on: date) -> None:
    # Single in 80 m² (limit 65): 60.000 × 65/80 = 48.750 counted. 15 % = 7.312,50 binds
    # (own payment leaves 19.850 / 20.450). 7.312,50 → 7.308 → 609/md.
    result = benefit(5000, 150_000, on, area=80)
    assert result.area_reduced
    assert result.counted_rent_year == kr(48_750)
    assert result.yearly == kr(7308)
    assert result.monthly == kr(609)
    within = benefit(5000, 150_000, on, area=65)  # exactly at the limit: no reduction
    assert not within.area_reduced
    assert within.monthly == kr(750)  # 15 % × 60.000 = 9.000 → 750/md


@pytest.mark.parametrize(
    ("on", "yearly", "monthly"), [(Y2025, 26_616, 2218), (Y2026, 27_264, 2272)]
)
def test_income_above_threshold(on: date, yearly: int, monthly: int) -> None:
    # 2 adults + 1 child (no threshold raise for the first child), rent 7.000/md = 84.000/år,
    # income 300.000. 2026: 18 % × (300.000 − 171.500) = 23.130; 50.400 − 23.130 = 27.270
    # → 27.264 → 2.272/md. 2025: 18 % × 132.100 = 23.778; 50.400 − 23.778 = 26.622 → 26.616.
    result = benefit(7000, 300_000, on, Household(adults=2, children=1), area=80)
    assert result.limit == "formula"
    assert result.yearly == kr(yearly)
    assert result.monthly == kr(monthly)


def test_threshold_raised_for_children_beyond_the_first() -> None:
    # 3 children: threshold 171.500 + 2 × 45.200 = 261.900. 18 % × 38.100 = 6.858.
    # 50.400 − 6.858 = 43.542 → 43.536 → 3.628/md.
    result = benefit(7000, 300_000, Y2026, Household(adults=2, children=3), area=120)
    assert result.yearly == kr(43_536)
    assert result.monthly == kr(3628)


def test_threshold_raised_from_first_child_for_young_couple() -> None:
    # Two adults under 30, 1 child: threshold 171.500 + 45.200 = 216.700 (§ 22, stk. 1, 3. pkt.).
    # 18 % × 83.300 = 14.994; 50.400 − 14.994 = 35.406 → 35.400 → 2.950/md.
    young = Household(adults=2, children=1, both_adults_under_30=True)
    result = benefit(7000, 300_000, Y2026, young, area=80)
    assert result.monthly == kr(2950)
    names = {p.name for s in result.steps for p in s.parameters}
    assert "affordability.housing_benefit.young_couple_children_max" in names


@pytest.mark.parametrize(
    ("on", "yearly", "monthly"), [(Y2025, 24_816, 2068), (Y2026, 25_464, 2122)]
)
def test_disability_pension_lifts_the_no_children_cap(on: date, yearly: int, monthly: int) -> None:
    # Single on førtidspension, rent 5.000/md = 60.000/år, income 230.000.
    # 2026: 36.000 − 18 % × 58.500 (10.530) = 25.470; own payment 31.100; no 15 % cap (nr. 1)
    # → 25.464 → 2.122/md. 2025: 36.000 − 18 % × 62.100 (11.178) = 24.822 → 24.816 → 2.068.
    pensioner = Household(pensions=frozenset({"disability_pension"}))
    result = benefit(5000, 230_000, on, pensioner)
    assert result.limit == "formula"
    assert result.yearly == kr(yearly)
    assert result.monthly == kr(monthly)
    assert any(s.kind == "no_children_cap_exempt" for s in result.steps)
    capped = benefit(5000, 230_000, on)  # the same without førtidspension: 15 % × 60.000
    assert capped.monthly == kr(750)


@pytest.mark.parametrize(
    "household",
    [
        Household(pensions=frozenset({"senior_pension"})),
        Household(severely_disabled=True),
        Household(round_the_clock_help=True),
        Household(meets_section_14_6=True),
    ],
)
def test_other_exceptions_to_the_no_children_cap(household: Household) -> None:
    # Rent 5.000, income 150.000 (under threshold): 60 % × 60.000 = 36.000; own payment 31.100
    # binds → 31.092 → 2.591/md, far above the 15 % cap of 750/md.
    result = benefit(5000, 150_000, Y2026, household)
    assert result.limit == "min_own_payment"
    assert result.monthly == kr(2591)


def test_high_income_gives_no_benefit() -> None:
    # 18 % × (600.000 − 171.500) = 77.130 > 60 % × 42.000 = 25.200 → 0.
    result = benefit(3500, 600_000, Y2026, Household(adults=2, children=1))
    assert result.yearly == 0
    assert result.limit == "formula"


def test_parameters_change_on_new_year() -> None:
    # Min own payment binds; it is 28.300 on 31.12.2025 and 28.900 on 1.1.2026.
    assert benefit(2500, 150_000, date(2025, 12, 31), params=NO_MINIMUM).monthly == kr(141)
    assert benefit(2500, 150_000, date(2026, 1, 1), params=NO_MINIMUM).monthly == kr(91)


def test_pensioner_household_is_refused() -> None:
    with pytest.raises(HousingBenefitNotCovered, match="boligydelse"):
        benefit(3500, 150_000, Y2026, Household(pensions=frozenset({"old_age_pension"})))


def test_rent_over_half_the_income_is_flagged() -> None:
    # 36.000 a year in rent against 60.000 income: over 50 % (§ 15).
    result = benefit(3000, 60_000, Y2026)
    assert any(s.kind == "rent_over_half_income" for s in result.steps)
    assert not any(s.kind == "rent_over_half_income" for s in benefit(3000, 80_000, Y2026).steps)


def test_steps_name_the_parameters_and_are_danish() -> None:
    result = benefit(3500, 163_080, Y2026)
    cap = next(s for s in result.steps if s.kind == "no_children_cap")
    assert [p.name for p in cap.parameters] == ["affordability.housing_benefit.no_children_cap"]
    assert "15 %" in cap.text
    final = result.steps[-1]
    assert final.kind == "housing_benefit"
    assert "525,00 kr. om måneden" in final.text
    assert all("kr.." not in s.text for s in result.steps)


def test_rounding_is_a_parameter() -> None:
    # Rounding 0,12 kr.: the monthly amount is exact to the øre.
    # 1.100 kr./år → 109.992 øre → 9.166 øre/md.
    params = NO_MINIMUM.with_overrides([Override("affordability.housing_benefit.rounding", 12)])
    result = housing_benefit(
        monthly_rent=kr(2500),
        household_income_year=kr(150_000),
        household=SINGLE,
        area_m2=50,
        on=Y2026,
        params=params,
    )
    assert result.yearly == 109_992
    assert result.monthly == 9166
    bad = PARAMS.with_overrides([Override("affordability.housing_benefit.rounding", 10)])
    with pytest.raises(ParameterError):
        housing_benefit(
            monthly_rent=kr(2500),
            household_income_year=0,
            household=SINGLE,
            area_m2=50,
            on=Y2026,
            params=bad,
        )


def test_invalid_input_is_refused_in_danish() -> None:
    with pytest.raises(AffordabilityError, match="mindst én voksen"):
        Household(adults=0)
    with pytest.raises(AffordabilityError, match="areal"):
        benefit(3500, 0, Y2026, area=0)
    with pytest.raises(AffordabilityError, match="negativ"):
        benefit(-1, 0, Y2026)


# --- payment capacity ------------------------------------------------------------------------

CASH = Income(
    kind="cash_benefit",
    monthly_after_tax=kr(10_000),
    rates=(CASH_BENEFIT_RATES["raised"], CASH_BENEFIT_RATES["single_supplement"]),
)


def test_payment_capacity_for_an_offered_rent() -> None:
    # Net 10.000; rent 3.500 gives 525 boligsikring (above): disposable 10.525, left 7.025 ≥ 6.900.
    result = payment_capacity(incomes=[CASH], rent=kr(3500), household=SINGLE, area_m2=50, on=Y2026)
    assert result.household_income_year == kr(163_080)  # 12 × (12.498 + 1.092)
    assert result.housing_benefit.monthly == kr(525)
    assert result.disposable_income == kr(10_525)
    assert result.disposable_amount == kr(7025)
    assert result.budget == kr(6900)
    assert result.affordable
    assert result.warnings == ()


def test_warning_when_rent_leaves_less_than_the_budget() -> None:
    # Rent 4.000: 15 % = 600 boligsikring; 10.000 + 600 − 4.000 = 6.600, 300 under 6.900.
    result = payment_capacity(incomes=[CASH], rent=kr(4000), household=SINGLE, area_m2=50, on=Y2026)
    assert not result.affordable
    assert [w.kind for w in result.warnings] == ["below_budget"]
    assert result.warnings[0].shortfall == kr(300)
    assert "under budgettet" in result.warnings[0].text
    # Rent 7.000: 15 % = 1.050; 10.000 + 1.050 − 7.000 = 4.050 ≥ 4.000 floor; rent 7.100 is not.
    high = payment_capacity(incomes=[CASH], rent=kr(7100), household=SINGLE, area_m2=50, on=Y2026)
    # 15 % × 7.100 = 1.065; 11.065 − 7.100 = 3.965, 35 under the floor of 4.000.
    assert [w.kind for w in high.warnings] == ["below_budget", "below_floor"]
    assert high.warnings[1].shortfall == kr(35)


@pytest.mark.parametrize(("on", "expected"), [(Y2025, 3647), (Y2026, 3647)])
def test_max_affordable_rent_is_exact(on: date, expected: int) -> None:
    # Net 10.000, budget 6.900: the rent r must satisfy r ≤ 3.100 + boligsikring(r), and the
    # 15 % cap binds: boligsikring = ⌊0,15 r⌋ kr.
    # r = 3.647: ⌊547,05⌋ = 547, 3.100 + 547 = 3.647 ≥ r.
    # r = 3.647,01: still 547, so 3.647 < r. The continuous answer 3.100/0,85 = 3.647,06.
    rent = max_affordable_rent(incomes=[CASH], household=SINGLE, area_m2=50, on=on)
    assert rent == kr(expected)
    ok = payment_capacity(incomes=[CASH], rent=rent, household=SINGLE, area_m2=50, on=on)
    assert ok.affordable
    assert ok.disposable_amount == kr(6900)
    over = payment_capacity(incomes=[CASH], rent=rent + 1, household=SINGLE, area_m2=50, on=on)
    assert not over.affordable
    assert over.max_affordable_rent.max_rent == rent


def test_max_affordable_rent_with_the_floor_budget() -> None:
    # Budget 4.000: r ≤ 6.000 + ⌊0,15 r⌋. r = 7.058: ⌊1.058,7⌋ = 1.058 → 7.058 ✓;
    # r = 7.058,01 … 7.058,82 still gives 7.058 < r; continuous answer 6.000/0,85 = 7.058,82.
    rent = max_affordable_rent(
        incomes=[CASH], household=SINGLE, area_m2=50, on=Y2026, budget=kr(4000)
    )
    assert rent == kr(7058)


def test_no_rent_is_affordable_below_the_budget() -> None:
    poor = Income(kind="cash_benefit", monthly_after_tax=kr(6000), monthly_before_tax=kr(7205))
    result = affordable_rent(incomes=[poor], household=SINGLE, area_m2=None, on=Y2026)
    assert not result.feasible
    assert result.max_rent == 0
    assert result.steps[-1].kind == "no_affordable_rent"


def test_income_without_gross_amount_is_explained() -> None:
    wages = Income(kind="wages", monthly_after_tax=kr(15_000))
    result = payment_capacity(
        incomes=[wages], rent=kr(5000), household=SINGLE, area_m2=50, on=Y2026
    )
    assert result.household_income_year == kr(180_000)
    assert "ikke oplyst" in result.steps[0].text


def test_budget_for_other_households_is_flagged() -> None:
    family = Household(adults=1, children=1)
    result = payment_capacity(incomes=[CASH], rent=kr(4000), household=family, area_m2=70, on=Y2026)
    assert any(s.kind == "budget_household_mismatch" for s in result.steps)
    given_budget = payment_capacity(
        incomes=[CASH], rent=kr(4000), household=family, area_m2=70, on=Y2026, budget=kr(9000)
    )
    assert given_budget.budget == kr(9000)
    assert not any(s.kind == "budget_household_mismatch" for s in given_budget.steps)


def test_a_rate_must_be_a_monthly_benefit() -> None:
    wrong = Income(
        kind="cash_benefit",
        monthly_after_tax=kr(9000),
        rates=("affordability.housing_benefit.max_amount",),
    )
    with pytest.raises(AffordabilityError, match="månedlig ydelsessats"):
        payment_capacity(incomes=[wrong], rent=kr(3000), household=SINGLE, area_m2=50, on=Y2026)


# --- invariants ------------------------------------------------------------------------------

PENSION_CHOICES: list[frozenset[PensionKind]] = [
    frozenset(),
    frozenset({"disability_pension"}),
    frozenset({"senior_pension"}),
]

households = st.builds(
    Household,
    adults=st.integers(1, 2),
    children=st.integers(0, 6),
    pensions=st.sampled_from(PENSION_CHOICES),
    severely_disabled=st.booleans(),
    round_the_clock_help=st.booleans(),
)
dates = st.sampled_from([Y2025, date(2025, 12, 31), date(2026, 1, 1), Y2026])
areas = st.none() | st.integers(15, 250)
rents = st.integers(0, kr(20_000))
incomes_year = st.integers(0, kr(700_000))


@settings(max_examples=300, deadline=None)
@given(households, dates, areas, rents, incomes_year)
def test_benefit_is_between_zero_and_the_maximum(
    household: Household, on: date, area: int | None, rent: int, income: int
) -> None:
    rules = resolve_rules(household, area, on, PARAMS)
    result = housing_benefit(
        monthly_rent=rent, household_income_year=income, household=household, area_m2=area, on=on
    )
    assert 0 <= result.yearly <= rules.max_amount
    assert result.yearly <= max(Fraction(0), result.counted_rent_year - rules.min_own_payment)
    assert result.monthly * 12 == result.yearly


@settings(max_examples=300, deadline=None)
@given(households, dates, areas, rents, rents, incomes_year)
def test_benefit_does_not_fall_when_rent_rises(
    household: Household, on: date, area: int | None, a: int, b: int, income: int
) -> None:
    low, high = sorted((a, b))
    rules = resolve_rules(household, area, on, PARAMS)
    assert compute(rules, low, income).yearly <= compute(rules, high, income).yearly


@settings(max_examples=150, deadline=None)
@given(
    households,
    dates,
    areas,
    st.integers(0, kr(30_000)),
    st.integers(0, kr(8000)),
    st.integers(1, kr(5000)),
)
def test_max_affordable_rent_keeps_the_budget_and_one_more_ore_breaks_it(
    household: Household, on: date, area: int | None, net: int, budget: int, beyond: int
) -> None:
    income = Income(kind="other", monthly_after_tax=net, monthly_before_tax=net * 13 // 10)
    rules = resolve_rules(household, area, on, PARAMS)
    income_year = 12 * (net * 13 // 10)

    def left(rent: int) -> int:
        return net + compute(rules, rent, income_year).monthly - rent

    best = affordable_rent(
        incomes=[income], household=household, area_m2=area, on=on, budget=budget
    )
    if not best.feasible:
        assert net < budget
        return
    assert left(best.max_rent) >= budget
    assert left(best.max_rent + 1) < budget
    # Not only the next øre: no larger rent keeps the budget (the benefit is a step function).
    assert left(best.max_rent + beyond) < budget


def test_no_larger_rent_in_a_window_keeps_the_budget() -> None:
    # Brute force over every øre of 200 kr. above the answer, where the benefit's 1-kr. steps
    # could make a larger rent affordable again if the solver stopped at a local edge.
    rules = resolve_rules(SINGLE, 50, Y2026, PARAMS)
    best = max_affordable_rent(incomes=[CASH], household=SINGLE, area_m2=50, on=Y2026)
    income_year = kr(163_080)
    for rent in range(best + 1, best + 200 * KR):
        assert kr(10_000) + compute(rules, rent, income_year).monthly - rent < kr(6900)


# --- the minimum payout, the wealth supplement, § 10's rent adjustments, past years ------------

ONE_CHILD = Household(children=1)


def test_a_benefit_below_the_minimum_payout_is_not_paid() -> None:
    # 2026: 30.000 − 28.900 = 1.100 → 1.092 a year, under the minimum of 4.380 (365/md).
    result = benefit(2500, 150_000, Y2026)
    assert result.yearly == 0
    assert result.monthly == 0
    assert result.limit == "minimum_payout"
    assert "under det mindste beløb, der udbetales" in result.steps[-1].text
    assert "1.092,00 kr." in result.steps[-1].text
    assert "affordability.housing_benefit.minimum_payout" in {p.name for p in result.parameters}
    # Above the minimum nothing changes, and the minimum is not named as used.
    above = benefit(3500, 163_080, Y2026)
    assert above.yearly == kr(6300)
    assert "affordability.housing_benefit.minimum_payout" not in {p.name for p in above.parameters}


@pytest.mark.parametrize(
    ("wealth_kr", "yearly_kr"),
    [
        (0, 30_864),  # 36.000 − 18 % × (200.000 − 171.500) = 30.870 → 30.864
        (884_100, 30_864),  # at the lower limit: no supplement
        (1_000_000, 28_776),  # + 10 % × 115.900 = 11.590 → 36.000 − 7.216,20 → 28.776
        (2_000_000, 6_612),  # + 10 % × 884.200 + 20 % × 231.700 = 134.760 → 6.613,20 → 6.612
    ],
)
def test_the_wealth_supplement_is_added_to_the_income_band_by_band(
    wealth_kr: int, yearly_kr: int
) -> None:
    household = Household(children=1, wealth=kr(wealth_kr))
    result = benefit(5000, 200_000, Y2026, household)
    assert result.yearly == kr(yearly_kr)
    named = {p.name for p in result.parameters}
    if wealth_kr:
        assert "affordability.housing_benefit.wealth_lower" in named
        assert any("formue" in step.text for step in result.steps)
    else:
        assert "affordability.housing_benefit.wealth_lower" not in named


def test_a_negative_wealth_is_refused() -> None:
    with pytest.raises(AffordabilityError, match="formue"):
        Household(wealth=-1)


@pytest.mark.parametrize(
    ("terms", "yearly_kr"),
    [
        (RentTerms(), 30_864),
        # 60.000 − 50 m² × 90 = 55.500: 33.300 − 5.130 = 28.170, own payment 26.600 binds.
        (RentTerms(heating=True), 26_592),
        # 60.000 + 50 m² × 68 = 63.400: 38.040 − 5.130 = 32.910 → 32.904.
        (RentTerms(maintenance="full"), 32_904),
        # 60.000 + 50 m² × 33,75 = 61.687,50: 37.012,50 − 5.130 = 31.882,50 → 31.872.
        (RentTerms(maintenance="partial"), 31_872),
        # 60.000 − 50 m² × (90 + 28,50 + 68) = 50.675: own payment 21.775 binds → 21.768.
        (RentTerms(heating=True, hot_water=True, electricity=True), 21_768),
    ],
)
def test_what_the_rent_covers_adjusts_the_housing_cost(terms: RentTerms, yearly_kr: int) -> None:
    result = housing_benefit(
        monthly_rent=kr(5000),
        household_income_year=kr(200_000),
        household=ONE_CHILD,
        area_m2=50,
        on=Y2026,
        terms=terms,
    )
    assert result.yearly == kr(yearly_kr)
    texts = " ".join(step.text for step in result.steps)
    if terms.heating:
        assert "Varme indgår i huslejen: boligudgiften nedsættes med 50 m² × 90,00 kr." in texts
    if terms.maintenance == "full":
        assert "boligudgiften forhøjes med 50 m² × 68,00 kr." in texts


def test_rent_adjustments_need_the_area() -> None:
    with pytest.raises(AffordabilityError, match="areal"):
        housing_benefit(
            monthly_rent=kr(5000),
            household_income_year=kr(200_000),
            household=ONE_CHILD,
            area_m2=None,
            on=Y2026,
            terms=RentTerms(heating=True),
        )


def test_a_2021_decision_can_be_recomputed() -> None:
    # 2021: threshold 148.100, own payment 25.000, maximum 43.848 (law); rent ceiling assumed.
    # 36.000 − 18 % × 51.900 = 26.658 → 26.652.
    result = benefit(5000, 200_000, date(2021, 6, 1), ONE_CHILD)
    assert result.yearly == kr(26_652)
    threshold = next(
        p for p in result.parameters if p.name == "affordability.housing_benefit.income_threshold"
    )
    assert threshold.status == "law"
    assert threshold.value == kr(148_100)
    # 2022 is 2021 by law (BL); 2023–2024 carry it forward, marked as not checked.
    later = benefit(5000, 200_000, date(2023, 6, 1), ONE_CHILD)
    assert later.yearly == kr(26_652)
    assert any(p.status == "assumed" and "threshold" in p.name for p in later.parameters)
    with pytest.raises(ParameterError):
        benefit(5000, 200_000, date(2020, 12, 31), ONE_CHILD)


def test_the_2022_boligsikring_amounts_are_2021_s_by_the_ministry() -> None:
    # Issue 15: BL (9 December 2021, quoting Beskæftigelsesministeriet) says the 2022 rates of
    # boligsikring are exactly 2021's; 2023 and 2024 are still not found and stay assumed.
    params = default_parameters()
    names = (
        "affordability.housing_benefit.income_threshold",
        "affordability.housing_benefit.income_threshold_per_child",
        "affordability.housing_benefit.min_own_payment",
        "affordability.housing_benefit.max_amount",
        "affordability.housing_benefit.wealth_lower",
        "affordability.housing_benefit.wealth_upper",
    )
    for name in names:
        in_2021 = params.at(name, date(2021, 6, 1))
        in_2022 = params.at(name, date(2022, 6, 1))
        assert (in_2022.value, in_2022.status) == (in_2021.value, "law"), name
        assert "bogodt-bl.dk" in in_2022.source, name
    for name in names[:4]:
        assert params.at(name, date(2023, 6, 1)).status == "assumed", name
        assert params.at(name, date(2024, 6, 1)).status == "assumed", name
    assert params.at(names[4], date(2024, 6, 1)).status == "assumed"


def test_the_affordable_rent_holds_with_wealth_terms_and_the_minimum() -> None:
    incomes = [Income("wages", kr(15_000), kr(20_000))]
    household = Household(children=1, wealth=kr(1_000_000))
    terms = RentTerms(heating=True, maintenance="partial")
    best = affordable_rent(incomes=incomes, household=household, area_m2=50, on=Y2026, terms=terms)
    assert best.feasible

    def left(rent: int) -> int:
        capacity = payment_capacity(
            incomes=incomes, rent=rent, household=household, area_m2=50, on=Y2026, terms=terms
        )
        return capacity.disposable_amount - capacity.budget

    assert left(best.max_rent) >= 0
    assert left(best.max_rent + 1) < 0


# --- incomes beyond kontanthjælp (issue 15) ---------------------------------------------------


def test_education_benefit_sums_its_rates_before_the_reform() -> None:
    # 1 March 2025, single, 25–29 år udeboende with aktivitetstillæg: 6.545 + 5.399 = 11.944 a
    # month before tax (2023 rates carried forward, assumed); 143.328 a year, under the 2025
    # threshold 167.900, so no income deduction. Rent 3.500 (50 m²): 42.000 a year; 60 % =
    # 25.200; own payment 42.000 − 28.300 = 13.700; no-children cap 15 % = 6.300 → 6.300 a year
    # = 525 a month. After tax 9.000 + 525 − 3.500 = 6.025, under the budget 6.900.
    income = Income(
        kind="education_benefit",
        monthly_after_tax=kr(9000),
        rates=(
            EDUCATION_BENEFIT_RATES["edu_away_from_home"],
            EDUCATION_BENEFIT_RATES["edu_activity_25_29"],
        ),
    )
    on = date(2025, 3, 1)
    result = payment_capacity(incomes=[income], rent=kr(3500), household=SINGLE, area_m2=50, on=on)
    assert result.household_income_year == kr(143_328)
    assert result.housing_benefit.monthly == kr(525)
    assert result.disposable_amount == kr(6025)
    first = result.steps[0]
    assert first.text.startswith("Uddannelseshjælp: 9.000,00 kr. om måneden efter skat")
    assert "6.545,00 kr. (antaget) + 5.399,00 kr. (antaget)" in first.text
    assert {p.name for p in first.parameters} == {
        "affordability.education_benefit.away_from_home",
        "affordability.education_benefit.activity_supplement_25_29",
    }


@pytest.mark.parametrize(
    ("kind", "label"),
    [("education_benefit", "Uddannelseshjælp"), ("self_support_benefit", "Selvforsørgelses")],
)
def test_a_merged_benefit_is_kontanthjaelp_from_1_july_2025(kind: str, label: str) -> None:
    # The reform merged both benefits into kontanthjælp on 1 July 2025: no expired rate is used,
    # even when the amount before tax is given; the day before still computes.
    income = Income(kind=kind, monthly_after_tax=kr(7000), monthly_before_tax=kr(9000))  # type: ignore[arg-type]
    with pytest.raises(AffordabilityError, match=rf"^{label}.*kontanthjælp 01\.07\.2025"):
        payment_capacity(
            incomes=[income], rent=kr(3000), household=SINGLE, area_m2=50, on=date(2025, 7, 1)
        )
    before = payment_capacity(
        incomes=[income], rent=kr(3000), household=SINGLE, area_m2=50, on=date(2025, 6, 30)
    )
    assert before.household_income_year == kr(108_000)


def test_an_expired_rate_is_refused_with_a_danish_message() -> None:
    # A self-support rate on a kontanthjælp income after the reform: not a guess, a message.
    wrong = Income(
        kind="cash_benefit",
        monthly_after_tax=kr(6000),
        rates=(SELF_SUPPORT_RATES["sho_non_parent"],),
    )
    with pytest.raises(AffordabilityError, match="hører ikke til kontanthjælp"):
        payment_capacity(incomes=[wrong], rent=kr(3000), household=SINGLE, area_m2=50, on=Y2026)


def test_disability_pension_counts_by_its_rate() -> None:
    # 2026, single førtidspension (from 2003): 20.370 a month (2024 rate carried, assumed) →
    # 244.440 a year; 72.940 above the threshold 171.500, 18 % = 13.129,20. Rent 4.000 (50 m²):
    # 48.000 a year; 60 % = 28.800 − 13.129,20 = 15.670,80; the no-children cap does not apply
    # (førtidspension); own payment 48.000 − 28.900 = 19.100; max 50.760 → 15.670,80, rounded
    # down to 12 kr.: 15.660 = 1.305 a month.
    pension = Income(
        kind="pension",
        monthly_after_tax=kr(15_000),
        rates=(PENSION_RATES["disability_single"],),
    )
    home = Household(pensions=frozenset({"disability_pension"}))
    result = payment_capacity(
        incomes=[pension], rent=kr(4000), household=home, area_m2=50, on=Y2026
    )
    assert result.household_income_year == kr(244_440)
    assert result.housing_benefit.monthly == kr(1305)
    assert "20.370,00 kr. (antaget)" in result.steps[0].text


def test_folkepension_counts_but_the_household_gets_boligydelse() -> None:
    # 2025: grundbeløb 7.198 + pensionstillæg for enlige 8.329 = 15.527 a month before tax.
    pension = Income(
        kind="pension",
        monthly_after_tax=kr(12_000),
        rates=(PENSION_RATES["old_age_basic"], PENSION_RATES["old_age_supplement_single"]),
    )
    assert income_before_tax(pension, Y2025) == kr(15_527)
    home = Household(pensions=frozenset({"old_age_pension"}))
    with pytest.raises(HousingBenefitNotCovered):
        payment_capacity(incomes=[pension], rent=kr(4000), household=home, area_m2=50, on=Y2025)


def test_special_support_counts_until_its_phase_out() -> None:
    # Wages 10.000 after tax (13.000 before) and § 34 support 2.000 after tax (2.500 before).
    # 30 June 2025: all of it counts: 12.000 after tax, 12 × 15.500 = 186.000 a year.
    # 1 July 2025: the counted share is 0 % (assumed phase-out): 10.000 and 12 × 13.000 = 156.000.
    wages = Income(kind="wages", monthly_after_tax=kr(10_000), monthly_before_tax=kr(13_000))
    support = Income(
        kind="special_support", monthly_after_tax=kr(2000), monthly_before_tax=kr(2500)
    )

    before = payment_capacity(
        incomes=[wages, support], rent=kr(3000), household=SINGLE, area_m2=50, on=date(2025, 6, 30)
    )
    after = payment_capacity(
        incomes=[wages, support], rent=kr(3000), household=SINGLE, area_m2=50, on=date(2025, 7, 1)
    )
    assert (before.income_after_tax, before.household_income_year) == (kr(12_000), kr(186_000))
    assert (after.income_after_tax, after.household_income_year) == (kr(10_000), kr(156_000))
    step = after.steps[1]
    assert "særlig støtte (aktivloven § 34)" in step.text.lower()
    assert "tæller ikke med i indkomsten fra 01.07.2025 (antaget" in step.text
    assert [p.name for p in step.parameters] == ["affordability.special_support.counted_share"]

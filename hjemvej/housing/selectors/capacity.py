"""From the citizen's rows to the law engine: incomes, household, benefits, payment capacity.

Decimal kroner become integer øre here, once, by exact multiplication (the columns hold whole øre).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hjemvej.core.law import UsedParameter, used_values
from hjemvej.housing.labels import DISABILITY_PENSIONS, rate_keys
from hjemvej.housing.models import Dwelling, Household, IncomeKind, IncomeSource
from hjemvej.rules import affordability as engine
from hjemvej.rules.explain import Step
from hjemvej.rules.housing import BenefitPeriod
from hjemvej.rules.parameters import (
    ParameterError,
    ParameterSet,
)


def oere(amount: Decimal) -> int:
    """Return kroner with two decimals as øre."""
    return int(amount * 100)


def incomes_on(incomes: Sequence[IncomeSource], on: date) -> list[IncomeSource]:
    """Return the incomes valid on the date (``[valid_from, valid_to)``)."""
    return [i for i in incomes if i.valid_from <= on and (i.valid_to is None or on < i.valid_to)]


def engine_income(income: IncomeSource) -> engine.Income:
    """Return an income as the engine reads it; rates become parameter names."""
    return engine.Income(
        kind=income.kind,  # type: ignore[arg-type]  # IncomeKind values are the engine's kinds
        monthly_after_tax=oere(income.monthly_after_tax),
        monthly_before_tax=(
            oere(income.monthly_before_tax) if income.monthly_before_tax is not None else None
        ),
        rates=tuple(engine.ALL_RATES[key] for key in rate_keys(income.rates)),
        label=income.label,
    )


def household_income_year(incomes: Sequence[IncomeSource], on: date) -> Decimal | None:
    """Return 12 × the monthly incomes before tax valid on the date, in kroner, or None.

    An income counts as the engine counts it: its before-tax amount, else its rates on the date,
    else its after-tax amount; a særlig støtte by its phase-out share. An income the engine
    refuses (a benefit that had become kontanthjælp) counts as recorded.
    """
    now = incomes_on(incomes, on)
    if not now:
        return None
    monthly = 0
    for income in now:
        try:
            monthly += engine.income_before_tax(engine_income(income), on)
        except (engine.AffordabilityError, ParameterError):
            given = income.monthly_before_tax
            monthly += oere(given if given is not None else income.monthly_after_tax)
    return Decimal(12 * monthly) / 100


def engine_household(
    household: Household | None, incomes: Sequence[IncomeSource]
) -> engine.Household:
    """Return the household as boligstøtteloven counts it, with the pensions received now."""
    pensions = frozenset(
        i.pension_kind for i in incomes if i.kind == IncomeKind.PENSION and i.pension_kind
    )
    return engine.Household(
        adults=household.adults if household is not None else 1,
        children=household.children if household is not None else 0,
        pensions=pensions,  # type: ignore[arg-type]  # validated against PensionKind on save
        wealth=oere(household.wealth) if household is not None else 0,
    )


def engine_terms(dwelling: Dwelling | None) -> engine.RentTerms | None:
    """Return what the dwelling's rent covers, as boligstøtteloven § 10 adjusts it, or None."""
    if dwelling is None:
        return None
    return engine.RentTerms(
        heating=dwelling.rent_includes_heating,
        hot_water=dwelling.rent_includes_hot_water,
        electricity=dwelling.rent_includes_electricity,
        maintenance=dwelling.tenant_maintenance,  # type: ignore[arg-type]  # TenantMaintenance values
    )


def budget_of(household: Household | None) -> int | None:
    """Return the household's own monthly budget in øre, or None for the default."""
    if household is None or household.budget_monthly is None:
        return None
    return oere(household.budget_monthly)


def benefit_periods(incomes: Sequence[IncomeSource]) -> list[BenefitPeriod]:
    """Return the benefits the allocation rules name: kontanthjælp and førtidspension."""
    periods: list[BenefitPeriod] = []
    for income in incomes:
        if income.kind == IncomeKind.CASH_BENEFIT:
            periods.append(BenefitPeriod("cash_benefit", income.valid_from, income.valid_to))
        elif income.kind == IncomeKind.PENSION and income.pension_kind in DISABILITY_PENSIONS:
            periods.append(BenefitPeriod("disability_pension", income.valid_from, income.valid_to))
    return periods


def used_parameters(
    steps: Sequence[Step], params: ParameterSet | None = None
) -> list[UsedParameter]:
    """Return the distinct parameter values the steps used, with their titles."""
    used = used_values((value for step in steps for value in step.parameters), params)
    return sorted(used, key=lambda p: (p.value.name, p.value.valid_from))


@dataclass
class Capacity:
    """The payment-capacity panel: the engine's figures for one candidate rent, or why not."""

    on: date
    rent: int | None  # øre a month; None when nothing can be computed
    rent_source: str  # Danish: where the candidate rent came from
    area_m2: int | None
    result: engine.PaymentCapacityResult | None = None
    affordable: engine.AffordableRent | None = None
    not_covered: str = ""  # the engine does not cover the household (pensioners)
    problem: str = ""  # the input cannot be used
    parameters: list[UsedParameter] = field(default_factory=list)

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the parameter values used that are not law."""
        return [p for p in self.parameters if not p.enacted]

    @property
    def steps(self) -> tuple[Step, ...]:
        """Return the engine's explanation steps."""
        if self.result is not None:
            return self.result.steps
        return self.affordable.steps if self.affordable is not None else ()


NOT_COVERED = (
    "Husstanden får folkepension eller førtidspension tilkendt før 2003 og har derfor ret til "
    "boligydelse, ikke boligsikring. Hjemvej beregner ikke boligydelse; brug Udbetaling Danmarks "
    "beregner, og vurdér betalingsevnen ud fra den."
)


def capacity(
    *,
    incomes: Sequence[IncomeSource],
    household: Household | None,
    on: date,
    rent: int | None,
    rent_source: str,
    area_m2: int | None = None,
    dwelling: Dwelling | None = None,
) -> Capacity:
    """Return the payment capacity for ``rent`` (øre a month), or for the largest affordable rent.

    Housing benefit follows boligstøtteloven §§ 8 a, 10, 12–15, 22–23 and 33 (the engine); the
    ``dwelling`` the rent is of says what its rent covers (§ 10). A pensioner household is not
    covered, which the panel says plainly instead of failing.
    """
    now = incomes_on(incomes, on)
    panel = Capacity(on=on, rent=rent, rent_source=rent_source, area_m2=area_m2)
    if not now:
        panel.problem = "Der er ingen indkomster registreret, som gælder i dag."
        panel.rent = None
        return panel
    engine_incomes = [engine_income(i) for i in now]
    try:
        engine_home = engine_household(household, now)
        affordable = engine.affordable_rent(
            incomes=engine_incomes,
            household=engine_home,
            area_m2=None,
            on=on,
            budget=budget_of(household),
        )
        if panel.rent is None:
            panel.rent = affordable.max_rent
            panel.rent_source = "den højeste betalbare husleje"
        panel.affordable = affordable
        panel.result = engine.payment_capacity(
            incomes=engine_incomes,
            rent=panel.rent,
            household=engine_home,
            area_m2=area_m2,
            on=on,
            budget=budget_of(household),
            terms=engine_terms(dwelling),
        )
    except engine.HousingBenefitNotCovered:
        panel.not_covered = NOT_COVERED
        panel.result = None
        panel.affordable = None
    except (engine.AffordabilityError, ParameterError) as exc:
        panel.problem = f"Betalingsevnen kan ikke beregnes: {exc}."
        panel.result = None
        panel.affordable = None
    panel.parameters = used_parameters(panel.steps)
    return panel

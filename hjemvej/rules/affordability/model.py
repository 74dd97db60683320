"""Inputs and results of the payment-capacity rules: households, incomes, housing benefit.

Money is integer øre. Rent and incomes are monthly amounts; the housing benefit is computed as a
yearly amount (the law's unit) and paid monthly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Literal

from hjemvej.rules.explain import Step
from hjemvej.rules.parameters import ParameterValue, exact_kroner

#: A pension a household member receives. Folkepension and førtidspension awarded before
#: 1 January 2003 make the household a pensioner household (boligydelse, not boligsikring).
PensionKind = Literal[
    "disability_pension",  # førtidspension (awarded from 1 January 2003)
    "senior_pension",  # seniorpension
    "old_age_pension",  # folkepension
    "disability_pension_before_2003",  # førtidspension awarded before 1 January 2003
]
PENSIONER_KINDS: frozenset[PensionKind] = frozenset(
    {"old_age_pension", "disability_pension_before_2003"}
)
NO_CHILDREN_CAP_EXEMPT_KINDS: frozenset[PensionKind] = frozenset(
    {"disability_pension", "senior_pension"}
)

#: The cash-benefit rates and supplements (kr/month parameters) an ``Income`` can name.
CASH_BENEFIT_RATES: dict[str, str] = {
    "minimum": "affordability.cash_benefit.minimum_rate",  # mindstesats
    "basic": "affordability.cash_benefit.basic_rate",  # grundsats
    "raised": "affordability.cash_benefit.raised_rate",  # forhøjet sats
    "living_at_home": "affordability.cash_benefit.living_at_home_rate",  # hjemmeboende
    "single_supplement": "affordability.cash_benefit.single_supplement",  # enlige ikke-forsørgere
    "child_supplement": "affordability.cash_benefit.child_supplement",  # børnetillæg
    "single_parent_supplement": "affordability.cash_benefit.single_parent_supplement",
}

#: Uddannelseshjælp (aktivloven §§ 23–24 as in force until 30 June 2025).
EDUCATION_BENEFIT_RATES: dict[str, str] = {
    "edu_away_from_home": "affordability.education_benefit.away_from_home",  # udeboende
    "edu_living_at_home": "affordability.education_benefit.living_at_home",  # hjemmeboende
    "edu_single_parent": "affordability.education_benefit.single_parent",  # enlig forsørger
    "edu_parent": "affordability.education_benefit.parent",  # forsørger
    "edu_activity_25_29": "affordability.education_benefit.activity_supplement_25_29",
    "edu_activity_under_25": "affordability.education_benefit.activity_supplement_under_25",
}
#: Selvforsørgelses- og hjemrejseydelse (aktivloven § 22 as in force until 30 June 2025).
SELF_SUPPORT_RATES: dict[str, str] = {
    "sho_non_parent": "affordability.self_support_benefit.non_parent",
    "sho_living_at_home": "affordability.self_support_benefit.living_at_home",
    "sho_single_parent": "affordability.self_support_benefit.single_parent",
    "sho_parent": "affordability.self_support_benefit.parent",
}
#: Førtidspension (awarded from 2003) and folkepension (lov om social pension), full amounts.
PENSION_RATES: dict[str, str] = {
    "disability_single": "affordability.pension.disability_single",
    "disability_couple": "affordability.pension.disability_couple",
    "old_age_basic": "affordability.pension.old_age_basic",
    "old_age_supplement_single": "affordability.pension.old_age_supplement_single",
    "old_age_supplement_couple": "affordability.pension.old_age_supplement_couple",
}

IncomeKind = Literal[
    "cash_benefit",
    "education_benefit",
    "self_support_benefit",
    "pension",
    "special_support",
    "wages",
    "other",
]
INCOME_LABELS: dict[str, str] = {
    "cash_benefit": "kontanthjælp",
    "education_benefit": "uddannelseshjælp",
    "self_support_benefit": "selvforsørgelses- og hjemrejseydelse",
    "pension": "pension",
    "special_support": "særlig støtte (aktivloven § 34)",
    "wages": "løn",
    "other": "anden indkomst",
}
#: The rates (key → parameter name) each kind of income may name; other kinds name none.
RATES_BY_KIND: dict[str, dict[str, str]] = {
    "cash_benefit": CASH_BENEFIT_RATES,
    "education_benefit": EDUCATION_BENEFIT_RATES,
    "self_support_benefit": SELF_SUPPORT_RATES,
    "pension": PENSION_RATES,
}
#: Every rate key an income can name, with its parameter.
ALL_RATES: dict[str, str] = {k: v for rates in RATES_BY_KIND.values() for k, v in rates.items()}
#: Benefits merged into kontanthjælp on 1 July 2025: the boolean parameter saying they exist.
MERGED_BENEFITS: dict[str, str] = {
    "education_benefit": "affordability.education_benefit.in_force",
    "self_support_benefit": "affordability.self_support_benefit.in_force",
}
#: The share of a recorded særlig støtte (aktivloven § 34) that counts: its phase-out.
SPECIAL_SUPPORT_SHARE = "affordability.special_support.counted_share"

#: Which limit decided the housing benefit (boligstøtteloven §§ 22–23).
Limit = Literal["formula", "min_own_payment", "no_children_cap", "max_amount", "minimum_payout"]
LIMIT_LABELS: dict[str, str] = {
    "formula": "beregningen af boligudgiften minus fradraget for indkomst (§ 22, stk. 1)",
    "min_own_payment": "lejerens mindste egenbetaling (§ 22, stk. 2)",
    "no_children_cap": "loftet for husstande uden børn (§ 22, stk. 3)",
    "max_amount": "den højeste boligstøtte (§ 23, stk. 1)",
    "minimum_payout": "det mindste beløb, der udbetales (§§ 33–34)",
}

#: Who holds the dwelling's maintenance (vedligeholdelsespligt), boligstøtteloven § 10, stk. 4.
Maintenance = Literal["none", "partial", "full"]
MAINTENANCE_LABELS: dict[str, str] = {
    "none": "udlejeren",
    "partial": "delvis lejeren",
    "full": "lejeren",
}


class AffordabilityError(ValueError):
    """Input the payment-capacity rules cannot use; the message is Danish and says what to fix."""


class HousingBenefitNotCovered(AffordabilityError):
    """The household gets boligydelse (a pensioner household), which these rules do not compute."""


@dataclass(frozen=True)
class Household:
    """The people who live in the dwelling, as boligstøtteloven counts them."""

    adults: int = 1
    children: int = 0  # children under 18 living in the household
    pensions: frozenset[PensionKind] = frozenset()  # pensions any member receives
    severely_disabled: bool = False  # stærkt bevægelseshæmmet, and the dwelling is suitable
    round_the_clock_help: bool = False  # døgnhjælp efter servicelovens § 96 (BPA)
    both_adults_under_30: bool = False  # two adults, both under 30 (§ 22, stk. 1, 3. pkt.)
    meets_section_14_6: bool = False  # the conditions of § 14, stk. 6 are met (§ 22, stk. 3, nr. 4)
    wealth: int = 0  # øre: the household's wealth (formue) as § 8 a counts it

    def __post_init__(self) -> None:
        if self.wealth < 0:
            raise AffordabilityError("husstandens formue kan ikke være negativ")
        if self.adults < 1:
            raise AffordabilityError("husstanden skal have mindst én voksen")
        if self.children < 0:
            raise AffordabilityError("antallet af børn kan ikke være negativt")
        if self.both_adults_under_30 and self.adults != 2:
            raise AffordabilityError("'begge voksne under 30 år' kræver præcis to voksne")

    @property
    def persons(self) -> int:
        """Return the number of persons in the household."""
        return self.adults + self.children

    @property
    def is_pensioner_household(self) -> bool:
        """Return whether the household gets boligydelse instead of boligsikring (§§ 2–4)."""
        return bool(self.pensions & PENSIONER_KINDS)

    @property
    def is_single_without_children(self) -> bool:
        """Return whether the household is one adult without children."""
        return self.adults == 1 and self.children == 0

    def describe(self) -> str:
        """Return the household in one Danish phrase."""
        adults = "1 voksen" if self.adults == 1 else f"{self.adults} voksne"
        children = {0: "ingen børn", 1: "1 barn"}.get(self.children, f"{self.children} børn")
        return f"{adults}, {children}"


@dataclass(frozen=True)
class RentTerms:
    """What the rent of the dwelling covers, as boligstøtteloven § 10 adjusts the housing cost.

    Heating, hot water or electricity included in the rent are deducted per m² (stk. 2); a tenant
    who holds the maintenance gets a supplement per m² (stk. 4). The default covers none of them.
    """

    heating: bool = False
    hot_water: bool = False
    electricity: bool = False
    maintenance: Maintenance = "none"

    @property
    def adjusts(self) -> bool:
        """Return whether any § 10 adjustment applies."""
        return self.heating or self.hot_water or self.electricity or self.maintenance != "none"


@dataclass(frozen=True)
class Income:
    """One monthly income source of the household, in øre.

    ``monthly_after_tax`` is what the household has to live for. ``monthly_before_tax`` is the
    taxable amount that counts in the household income for housing benefit (boligstøtteloven § 8);
    when it is not given, the sum of the benefit ``rates`` (parameter names, kr/month) is used, and
    failing that the after-tax amount (which the explanation then says).
    """

    kind: IncomeKind
    monthly_after_tax: int
    monthly_before_tax: int | None = None
    rates: tuple[str, ...] = ()
    label: str = ""

    def __post_init__(self) -> None:
        if self.monthly_after_tax < 0:
            raise AffordabilityError("en indkomst efter skat kan ikke være negativ")
        if self.monthly_before_tax is not None and self.monthly_before_tax < 0:
            raise AffordabilityError("en indkomst før skat kan ikke være negativ")

    @property
    def name(self) -> str:
        """Return the label users read."""
        return self.label or INCOME_LABELS[self.kind]


@dataclass(frozen=True)
class HousingBenefitResult:
    """Boligsikring for one monthly rent: yearly and monthly amounts in øre, and why."""

    on: date
    monthly_rent: int
    yearly: int  # rounded once: down to the rounding parameter (12 kr.), so monthly is exact
    monthly: int
    limit: Limit
    area_reduced: bool
    rent_ceiling_applied: bool
    counted_rent_year: Fraction  # øre, exact: rent after the area and ceiling rules
    unrounded_year: Fraction  # øre, exact: the benefit before the one rounding
    income_year: int  # the household income the benefit was computed for
    steps: tuple[Step, ...]
    parameters: tuple[ParameterValue, ...] = field(default=())


@dataclass(frozen=True)
class RentWarning:
    """A warning that a rent leaves the household less than it needs to live."""

    kind: Literal["below_budget", "below_floor"]
    text: str  # Danish
    shortfall: int  # øre a month below the budget (or the floor)


@dataclass(frozen=True)
class AffordableRent:
    """The largest monthly rent the household can pay and keep its budget, in øre."""

    on: date
    max_rent: int  # 0 when not feasible
    feasible: bool  # False: even a rent of 0 leaves less than the budget
    budget: int
    income_after_tax: int
    housing_benefit_monthly: int  # at max_rent
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class PaymentCapacityResult:
    """Payment capacity (betalingsevne) for one candidate rent, monthly amounts in øre."""

    on: date
    rent: int
    income_after_tax: int
    household_income_year: int
    housing_benefit: HousingBenefitResult
    disposable_income: int  # income after tax + housing benefit
    disposable_amount: int  # rådighedsbeløb: disposable income − rent
    budget: int
    floor: int
    max_affordable_rent: AffordableRent
    warnings: tuple[RentWarning, ...]
    steps: tuple[Step, ...]

    @property
    def affordable(self) -> bool:
        """Return whether the rent leaves at least the budget for everything else."""
        return self.disposable_amount >= self.budget


def kroner(oere: int | Fraction) -> str:
    """Return øre as Danish kroner for display; an exact fraction is shown to the nearest øre."""
    if isinstance(oere, Fraction):
        # Display only: the rules keep the exact value; half an øre is shown upwards.
        oere = int((oere * 2 + 1) // 2)
    return exact_kroner(oere)

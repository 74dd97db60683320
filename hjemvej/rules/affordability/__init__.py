"""Payment capacity (betalingsevne) and housing benefit (boligsikring) as pure rules.

Housing benefit follows lov om individuel boligstøtte §§ 12–15 and 22–23; payment capacity and the
budget follow docs/rules.md, Payment capacity and housing benefit. Money is integer øre; see
``housing_benefit`` for the one rounding.
"""

from hjemvej.rules.affordability.capacity import (
    affordable_rent,
    income_before_tax,
    max_affordable_rent,
    payment_capacity,
)
from hjemvej.rules.affordability.housing_benefit import housing_benefit
from hjemvej.rules.affordability.model import (
    ALL_RATES,
    CASH_BENEFIT_RATES,
    EDUCATION_BENEFIT_RATES,
    MERGED_BENEFITS,
    PENSION_RATES,
    RATES_BY_KIND,
    SELF_SUPPORT_RATES,
    AffordabilityError,
    AffordableRent,
    Household,
    HousingBenefitNotCovered,
    HousingBenefitResult,
    Income,
    PaymentCapacityResult,
    PensionKind,
    RentTerms,
    RentWarning,
)

__all__ = [
    "ALL_RATES",
    "CASH_BENEFIT_RATES",
    "EDUCATION_BENEFIT_RATES",
    "MERGED_BENEFITS",
    "PENSION_RATES",
    "RATES_BY_KIND",
    "SELF_SUPPORT_RATES",
    "AffordabilityError",
    "AffordableRent",
    "Household",
    "HousingBenefitNotCovered",
    "HousingBenefitResult",
    "Income",
    "PaymentCapacityResult",
    "PensionKind",
    "RentTerms",
    "RentWarning",
    "affordable_rent",
    "housing_benefit",
    "income_before_tax",
    "max_affordable_rent",
    "payment_capacity",
]

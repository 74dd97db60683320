"""Housing rules: allocation restrictions (almenboligloven §§ 5, 51 c, 59) and the deposit loan.

Pure: plain dataclasses in, warnings and checks with their § and parameter values out.
"""

from hjemvej.rules.housing.age import age_on, age_warnings
from hjemvej.rules.housing.allocation import (
    allocation_warnings,
    area_restrictions,
    full_months_before,
    run_start,
)
from hjemvej.rules.housing.deposit_loan import (
    add_years,
    deposit_loan_check,
    repayment_free_until,
)
from hjemvej.rules.housing.model import (
    VULNERABLE_AREAS,
    AllocationWarning,
    AreaStatus,
    BenefitKind,
    BenefitPeriod,
    DepositLoanCheck,
    Severity,
)

__all__ = [
    "VULNERABLE_AREAS",
    "AllocationWarning",
    "AreaStatus",
    "BenefitKind",
    "BenefitPeriod",
    "DepositLoanCheck",
    "Severity",
    "add_years",
    "age_on",
    "age_warnings",
    "allocation_warnings",
    "area_restrictions",
    "deposit_loan_check",
    "full_months_before",
    "repayment_free_until",
    "run_start",
]

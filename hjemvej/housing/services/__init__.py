"""Changes to dwellings, offers, tenancies, incomes and grants, all through these functions.

Every function is keyword-only, runs in one transaction, validates fully, raises ``DomainError``
with a Danish message on the field it concerns, and writes an audit entry. "Today" is passed in.
"""

from hjemvej.housing.services.dwellings import (
    MANUAL_STATUSES,
    DwellingData,
    dwelling_create,
    dwelling_update,
    landlord_create,
    landlord_update,
)
from hjemvej.housing.services.money import (
    GrantData,
    IncomeData,
    grant_create,
    grant_update,
    household_set,
    income_add,
    income_update,
    loan_check,
)
from hjemvej.housing.services.tenancies import (
    offer_answer,
    offer_create,
    tenancy_create,
    tenancy_end,
    tenancy_housed,
    tenancy_risk_add,
    tenancy_risk_resolve,
)

__all__ = [
    "MANUAL_STATUSES",
    "DwellingData",
    "GrantData",
    "IncomeData",
    "dwelling_create",
    "dwelling_update",
    "grant_create",
    "grant_update",
    "household_set",
    "income_add",
    "income_update",
    "landlord_create",
    "landlord_update",
    "loan_check",
    "offer_answer",
    "offer_create",
    "tenancy_create",
    "tenancy_end",
    "tenancy_housed",
    "tenancy_risk_add",
    "tenancy_risk_resolve",
]

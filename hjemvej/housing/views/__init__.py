"""Views of the housing app: a citizen's housing page and forms, the dwellings register.

Each view: the policy decorator (the role may do this at all), the object scope (the citizen from
``citizens_for``, an offer, tenancy, risk, income or grant of that citizen, a dwelling or landlord
of the user's municipality; else 404), GET shows, POST validates and calls the service.
"""

from hjemvej.housing.views.citizen import citizen, search
from hjemvej.housing.views.dwellings import (
    dwelling_create,
    dwelling_detail,
    dwelling_edit,
    dwelling_list,
    landlord_create,
    landlord_edit,
    landlord_list,
)
from hjemvej.housing.views.money import (
    grant_create,
    grant_edit,
    household_edit,
    income_add,
    income_edit,
)
from hjemvej.housing.views.tenancies import (
    offer_answer,
    offer_create,
    risk_add,
    risk_resolve,
    tenancy_create,
    tenancy_end,
    tenancy_housed,
)

__all__ = [
    "citizen",
    "dwelling_create",
    "dwelling_detail",
    "dwelling_edit",
    "dwelling_list",
    "grant_create",
    "grant_edit",
    "household_edit",
    "income_add",
    "income_edit",
    "landlord_create",
    "landlord_edit",
    "landlord_list",
    "offer_answer",
    "offer_create",
    "risk_add",
    "risk_resolve",
    "search",
    "tenancy_create",
    "tenancy_end",
    "tenancy_housed",
]

"""Forms of the housing pages: they parse and check input; the services decide and write."""

from hjemvej.housing.forms.dwellings import DwellingFilterForm, DwellingForm, LandlordForm
from hjemvej.housing.forms.money import (
    CapacityForm,
    GrantForm,
    HouseholdForm,
    IncomeForm,
    SearchForm,
)
from hjemvej.housing.forms.tenancies import (
    OfferAnswerForm,
    OfferForm,
    RiskForm,
    RiskResolveForm,
    TenancyEndForm,
    TenancyForm,
)

__all__ = [
    "CapacityForm",
    "DwellingFilterForm",
    "DwellingForm",
    "GrantForm",
    "HouseholdForm",
    "IncomeForm",
    "LandlordForm",
    "OfferAnswerForm",
    "OfferForm",
    "RiskForm",
    "RiskResolveForm",
    "SearchForm",
    "TenancyEndForm",
    "TenancyForm",
]

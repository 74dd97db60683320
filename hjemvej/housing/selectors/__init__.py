"""Reads for the housing pages and for other apps (``current_tenancy`` and friends)."""

from hjemvej.housing.selectors.capacity import (
    Capacity,
    benefit_periods,
    capacity,
    engine_household,
    engine_income,
    household_income_year,
    incomes_on,
)
from hjemvej.housing.selectors.dwellings import (
    DwellingFilters,
    Search,
    SearchRow,
    affordable_search,
    allowed_area,
    area_restrictions,
    dwellings_for,
    filtered,
    landlords_for,
    offerable,
    warnings_for,
)
from hjemvej.housing.selectors.followup import (
    current_tenancy,
    open_tenancy_risks,
    tenancies_moved_in,
)
from hjemvej.housing.selectors.page import HousingPage, housing_page
from hjemvej.housing.selectors.ways import NoFit, no_fit

__all__ = [
    "Capacity",
    "DwellingFilters",
    "HousingPage",
    "NoFit",
    "Search",
    "SearchRow",
    "affordable_search",
    "allowed_area",
    "area_restrictions",
    "benefit_periods",
    "capacity",
    "current_tenancy",
    "dwellings_for",
    "engine_household",
    "engine_income",
    "filtered",
    "household_income_year",
    "housing_page",
    "incomes_on",
    "landlords_for",
    "no_fit",
    "offerable",
    "open_tenancy_risks",
    "tenancies_moved_in",
    "warnings_for",
]

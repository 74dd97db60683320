"""The dwellings register: scope, filters, the allocation rules, and the affordable search."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet

from hjemvej.accounts.models import User
from hjemvej.core.law import UsedParameter
from hjemvej.housing.models import (
    Dwelling,
    DwellingStatus,
    Household,
    IncomeSource,
    Landlord,
    LandlordKind,
)
from hjemvej.housing.selectors.capacity import Capacity, capacity
from hjemvej.rules.housing import (
    AllocationWarning,
    BenefitPeriod,
    age_warnings,
    allocation_warnings,
)
from hjemvej.rules.housing import area_restrictions as rules_area_restrictions
from hjemvej.rules.parameters import ParameterError, default_parameters

AREA_FIRST = "affordability.housing_benefit.area_first_person"
AREA_EXTRA = "affordability.housing_benefit.area_per_extra_person"
TOTAL = ExpressionWrapper(
    F("rent_monthly") + F("utilities_monthly"),
    output_field=DecimalField(max_digits=15, decimal_places=2),
)


def dwellings_for(user: User) -> QuerySet[Dwelling]:
    """Return the dwellings of the user's municipality (none without one)."""
    if user.municipality_id is None:
        return Dwelling.objects.none()
    return Dwelling.objects.filter(municipality_id=user.municipality_id)


def landlords_for(user: User) -> QuerySet[Landlord]:
    """Return the landlords of the user's municipality (none without one)."""
    if user.municipality_id is None:
        return Landlord.objects.none()
    return Landlord.objects.filter(municipality_id=user.municipality_id)


@dataclass(frozen=True)
class DwellingFilters:
    """What the list may be narrowed to; None or empty means no filter."""

    available: bool = False
    max_total: Decimal | None = None  # rent + utilities a month
    min_rooms: int | None = None
    postcode: str = ""
    allocation: bool | None = None  # municipal allocation (§ 59) or not
    area_status: str = ""


def filtered(dwellings: QuerySet[Dwelling], filters: DwellingFilters) -> QuerySet[Dwelling]:
    """Return the dwellings that pass the filters, with ``total_monthly`` and the landlord."""
    rows = dwellings.select_related("landlord").annotate(total_monthly=TOTAL)
    if filters.available:
        rows = rows.filter(status=DwellingStatus.AVAILABLE)
    if filters.max_total is not None:
        rows = rows.filter(total_monthly__lte=filters.max_total)
    if filters.min_rooms is not None:
        rows = rows.filter(rooms__gte=filters.min_rooms)
    if filters.postcode:
        rows = rows.filter(postcode=filters.postcode)
    if filters.allocation is not None:
        rows = rows.filter(municipal_allocation=filters.allocation)
    if filters.area_status:
        rows = rows.filter(area_status=filters.area_status)
    return rows.order_by("total_monthly", "address", "id")


def warnings_for(
    dwelling: Dwelling, benefits: Sequence[BenefitPeriod], on: date, *, birth_date: date | None
) -> tuple[AllocationWarning, ...]:
    """Return the warnings for offering the dwelling to the citizen on the date.

    The allocation rules (almenboligloven §§ 51 c, 59) and the age limits of ungdomsboliger and
    ældreboliger (§ 5); all warnings, never blocks.
    """
    allocation = allocation_warnings(
        area_status=dwelling.area_status,
        municipal_allocation=dwelling.municipal_allocation,
        social_housing=dwelling.landlord.kind == LandlordKind.SOCIAL,
        benefits=benefits,
        on=on,
    )
    return allocation + age_warnings(kind=dwelling.kind, birth_date=birth_date, on=on)


def area_restrictions(dwelling: Dwelling, on: date) -> tuple[AllocationWarning, ...]:
    """Return the allocation rules of the dwelling's area, whoever it is for."""
    return rules_area_restrictions(
        area_status=dwelling.area_status,
        municipal_allocation=dwelling.municipal_allocation,
        social_housing=dwelling.landlord.kind == LandlordKind.SOCIAL,
        on=on,
    )


def allowed_area(household: Household | None, on: date) -> int | None:
    """Return the m² housing benefit counts for the household (boligstøtteloven §§ 12–13)."""
    params = default_parameters()
    persons = (household.adults + household.children) if household is not None else 1
    try:
        return params.count(AREA_FIRST, on) + (persons - 1) * params.count(AREA_EXTRA, on)
    except ParameterError:
        return None


@dataclass(frozen=True)
class SearchRow:
    """One dwelling the citizen can afford, with what to check before offering it."""

    dwelling: Dwelling
    total_monthly: Decimal
    warnings: tuple[AllocationWarning, ...]
    over_area: bool

    @property
    def blocked(self) -> bool:
        """Return whether an allocation rule applies on the recorded facts."""
        return any(w.applies for w in self.warnings)


@dataclass
class Search:
    """The affordable available dwellings for one citizen."""

    capacity: Capacity
    max_total: Decimal | None  # None: nothing affordable can be computed
    rows: QuerySet[Dwelling]
    allowed_area: int | None
    birth_date: date | None = None

    def lines(self, page: Sequence[Dwelling], benefits: Sequence[BenefitPeriod]) -> list[SearchRow]:
        """Return a page's dwellings with their warnings (pure rules; no queries)."""
        return [
            SearchRow(
                dwelling=d,
                total_monthly=d.total_monthly,  # type: ignore[attr-defined]
                warnings=warnings_for(d, benefits, self.capacity.on, birth_date=self.birth_date),
                over_area=self.allowed_area is not None and d.area_m2 > self.allowed_area,
            )
            for d in page
        ]

    @property
    def parameters(self) -> list[UsedParameter]:
        """Return the parameter values behind the search (engine and area limit)."""
        return self.capacity.parameters


def affordable_search(
    *,
    user: User,
    incomes: Sequence[IncomeSource],
    household: Household | None,
    today: date,
    min_rooms: int | None = None,
    postcode: str = "",
    birth_date: date | None = None,
) -> Search:
    """Return the available dwellings whose rent + utilities the citizen can pay.

    The largest affordable rent is computed once (the engine, boligstøtteloven § 22, taking the
    dwelling to be within the area limit) and the register is filtered in the database.
    """
    panel = capacity(incomes=incomes, household=household, on=today, rent=None, rent_source="")
    max_total: Decimal | None = None
    if panel.affordable is not None and panel.affordable.feasible:
        max_total = Decimal(panel.affordable.max_rent) / 100
    rows = filtered(
        dwellings_for(user),
        DwellingFilters(
            available=True, max_total=max_total, min_rooms=min_rooms, postcode=postcode
        ),
    )
    if max_total is None:
        rows = rows.none()
    return Search(
        capacity=panel,
        max_total=max_total,
        rows=rows,
        allowed_area=allowed_area(household, today),
        birth_date=birth_date,
    )


def offerable(user: User) -> QuerySet[Dwelling]:
    """Return the available dwellings the user may offer, cheapest first."""
    return filtered(dwellings_for(user), DwellingFilters(available=True))

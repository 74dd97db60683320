"""When no dwelling fits: why, in kroner, and the ways forward, each computed for the citizen.

The search compares rent + utilities with the largest affordable rent (docs/rules.md, Housing).
When nothing is left, the page needs more than "no dwellings": the gap to the cheapest available
dwelling, what the budget floor (``affordability.budget.floor``) would make affordable, how much
housing benefit the cheapest dwelling would bring, and what is available in other dwelling types
and areas. Every figure comes from the law engine or the register; nothing is canned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet

from hjemvej.accounts.models import User
from hjemvej.core.law import UsedParameter, used_values
from hjemvej.housing.models import Dwelling, DwellingKind, Household, IncomeSource
from hjemvej.housing.selectors.capacity import (
    capacity,
    engine_household,
    engine_income,
    incomes_on,
    oere,
)
from hjemvej.housing.selectors.dwellings import (
    TOTAL,
    DwellingFilters,
    Search,
    dwellings_for,
    filtered,
)
from hjemvej.rules import affordability as engine
from hjemvej.rules.housing import AllocationWarning, age_warnings
from hjemvej.rules.parameters import ParameterError, default_parameters

FLOOR = "affordability.budget.floor"
KIND_LABELS = dict(DwellingKind.choices)
MAX_AREAS = 20  # lines in the table of other types and areas


@dataclass(frozen=True)
class FloorWay:
    """The largest affordable rent if the household's budget were set to the floor."""

    floor: int  # øre a month
    budget: int  # øre a month: the budget the search used
    already: bool  # the budget is at or below the floor: the floor adds nothing
    max_total: Decimal | None  # kroner a month; None: no rent is affordable even on the floor
    within: int  # available dwellings (with the search's filters) at most max_total


@dataclass(frozen=True)
class BenefitWay:
    """The housing benefit, already in the capacity, at the cheapest available dwelling."""

    total: Decimal  # rent + utilities a month, kroner
    area_m2: int
    benefit: int  # øre a month
    disposable_amount: int  # øre a month after the rent
    budget: int  # øre a month
    shortfall: int  # øre a month below the budget (0 when within it)


@dataclass(frozen=True)
class AreaLine:
    """Available dwellings of one type in one postcode, against the capacity and the floor."""

    kind: str
    label: str
    postcode: str
    available: int
    cheapest: Decimal
    within: int
    within_floor: int | None  # None: no floor way
    age: tuple[AllocationWarning, ...]


@dataclass
class NoFit:
    """Why no available dwelling fits the citizen's payment capacity, and the ways forward."""

    max_total: Decimal  # kroner; 0 when no rent is affordable
    cheapest: Dwelling | None  # the cheapest available dwelling with the search's filters
    cheapest_total: Decimal | None
    filtered: bool  # the search was narrowed by rooms or postcode
    floor: FloorWay | None
    benefit: BenefitWay | None
    areas: list[AreaLine]
    parameters: list[UsedParameter] = field(default_factory=list)

    @property
    def gap(self) -> Decimal | None:
        """Return how much more the cheapest dwelling costs than the citizen can pay."""
        if self.cheapest_total is None:
            return None
        return self.cheapest_total - self.max_total

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the parameter values behind the ways that are not law."""
        return [p for p in self.parameters if not p.enacted]


def _floor_way(
    search: Search,
    register: QuerySet[Dwelling],
    base: DwellingFilters,
    incomes: Sequence[IncomeSource],
    household: Household | None,
    today: date,
) -> tuple[FloorWay | None, list[UsedParameter]]:
    """Return the largest affordable rent with the budget set to the floor, and its parameter."""
    affordable = search.capacity.affordable
    if affordable is None:
        return None, []
    params = default_parameters()
    try:
        floor_value = params.at(FLOOR, today)
        floor = params.money(FLOOR, today)
    except ParameterError:
        return None, []
    used = used_values([floor_value])
    if affordable.budget <= floor:
        return FloorWay(floor, affordable.budget, True, None, 0), used
    now = incomes_on(incomes, today)
    at_floor = engine.affordable_rent(
        incomes=[engine_income(i) for i in now],
        household=engine_household(household, now),
        area_m2=None,
        on=today,
        budget=floor,
    )
    if not at_floor.feasible:
        return FloorWay(floor, affordable.budget, False, None, 0), used
    max_total = Decimal(at_floor.max_rent) / 100
    within = filtered(register, replace(base, max_total=max_total)).count()
    return FloorWay(floor, affordable.budget, False, max_total, within), used


def _benefit_way(
    cheapest: Dwelling | None,
    incomes: Sequence[IncomeSource],
    household: Household | None,
    today: date,
) -> BenefitWay | None:
    """Return the payment capacity at the cheapest dwelling: how much housing benefit it adds."""
    if cheapest is None:
        return None
    total: Decimal = cheapest.total_monthly  # type: ignore[attr-defined]
    panel = capacity(
        incomes=incomes,
        household=household,
        on=today,
        rent=oere(total),
        rent_source="den billigste ledige bolig",
        area_m2=cheapest.area_m2,
        dwelling=cheapest,
    )
    if panel.result is None:
        return None
    result = panel.result
    return BenefitWay(
        total=total,
        area_m2=cheapest.area_m2,
        benefit=result.housing_benefit.monthly,
        disposable_amount=result.disposable_amount,
        budget=result.budget,
        shortfall=max(0, result.budget - result.disposable_amount),
    )


def _areas(
    all_available: QuerySet[Dwelling],
    max_total: Decimal,
    floor: FloorWay | None,
    birth_date: date | None,
    today: date,
) -> list[AreaLine]:
    """Return the available dwellings by type and postcode, cheapest first, in one query."""
    floor_max = floor.max_total if floor is not None else None
    rows = (
        all_available.order_by()
        .values("kind", "postcode")
        .annotate(
            available=Count("id"),
            cheapest=Min(TOTAL),
            within=Count("id", filter=Q(total_monthly__lte=max_total)),
            within_floor=Count(
                "id", filter=Q(total_monthly__lte=floor_max if floor_max is not None else -1)
            ),
        )
        .order_by("cheapest", "kind", "postcode")[:MAX_AREAS]
    )
    return [
        AreaLine(
            kind=row["kind"],
            label=KIND_LABELS.get(row["kind"], row["kind"]),
            postcode=row["postcode"],
            available=row["available"],
            cheapest=row["cheapest"],
            within=row["within"],
            within_floor=row["within_floor"] if floor_max is not None else None,
            age=age_warnings(kind=row["kind"], birth_date=birth_date, on=today),
        )
        for row in rows
    ]


def no_fit(
    *,
    user: User,
    search: Search,
    incomes: Sequence[IncomeSource],
    household: Household | None,
    today: date,
    min_rooms: int | None = None,
    postcode: str = "",
    birth_date: date | None = None,
) -> NoFit | None:
    """Return why nothing fits and the ways forward; None when the capacity cannot be computed.

    Call it when the search found no dwelling. The budget floor and the dwellings within it use
    the search's filters; the table of other types and areas does not.
    """
    if search.capacity.affordable is None:
        return None
    base = DwellingFilters(available=True, min_rooms=min_rooms, postcode=postcode)
    available = filtered(dwellings_for(user), base)
    cheapest = available.first()
    all_available = filtered(dwellings_for(user), DwellingFilters(available=True))
    if cheapest is None and (min_rooms is not None or postcode):
        benefit_at = all_available.first()
    else:
        benefit_at = cheapest
    max_total = search.max_total if search.max_total is not None else Decimal(0)
    floor, used = _floor_way(search, dwellings_for(user), base, incomes, household, today)
    return NoFit(
        max_total=max_total,
        cheapest=cheapest,
        cheapest_total=cheapest.total_monthly if cheapest is not None else None,  # type: ignore[attr-defined]
        filtered=min_rooms is not None or bool(postcode),
        floor=floor,
        benefit=_benefit_way(benefit_at, incomes, household, today),
        areas=_areas(all_available, max_total, floor, birth_date, today),
        parameters=used,
    )

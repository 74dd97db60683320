"""Reads for a citizen's housing page, in a fixed number of queries whatever the rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, allowed
from hjemvej.citizens.models import Citizen, HomelessnessSituation, ListEventKind
from hjemvej.core.law import UsedParameter, used_values
from hjemvej.housing.labels import PENSION_KINDS, rates_text
from hjemvej.housing.models import (
    LOAN_KINDS,
    Dwelling,
    Grant,
    GrantDecision,
    Household,
    HousingOffer,
    IncomeSource,
    OfferStatus,
    Tenancy,
    TenancyEnd,
    TenancyRisk,
)
from hjemvej.housing.selectors.capacity import (
    Capacity,
    benefit_periods,
    capacity,
    incomes_on,
    oere,
)
from hjemvej.housing.selectors.dwellings import warnings_for
from hjemvej.housing.services.money import GrantData, loan_check
from hjemvej.rules import affordability as engine
from hjemvej.rules.housing import AllocationWarning, DepositLoanCheck
from hjemvej.shelters.models import Stay


@dataclass(frozen=True)
class IncomeLine:
    """One income and whether it counts today."""

    income: IncomeSource
    current: bool

    @property
    def basis(self) -> str:
        """Return the rates or the pension kind in Danish, or empty."""
        if self.income.rates:
            return rates_text(self.income.rates).capitalize()
        return PENSION_KINDS.get(self.income.pension_kind, "")


@dataclass
class OfferLine:
    """One offer with what its rent leaves and the allocation rules for the dwelling."""

    offer: HousingOffer
    total_monthly: Decimal
    rent_warnings: tuple[engine.RentWarning, ...] = ()
    allocation: tuple[AllocationWarning, ...] = ()
    capacity_problem: str = ""

    @property
    def open(self) -> bool:
        """Return whether the offer awaits an answer."""
        return self.offer.status == OfferStatus.OFFERED

    @property
    def awaits_lease(self) -> bool:
        """Return whether the offer is accepted and has no lease yet."""
        return self.offer.status == OfferStatus.ACCEPTED and not hasattr(self.offer, "tenancy")


@dataclass
class TenancyLine:
    """One tenancy with its risks."""

    tenancy: Tenancy
    risks: list[TenancyRisk]
    current: bool
    awaiting_housed: bool  # moved in, but the homelessness situation is still open

    @property
    def open_risks(self) -> list[TenancyRisk]:
        """Return the unresolved risks."""
        return [r for r in self.risks if r.resolved_on is None]

    @property
    def evicted(self) -> bool:
        """Return whether the tenancy ended in an eviction (a risk of return to homelessness)."""
        return self.tenancy.end_reason == TenancyEnd.EVICTED

    @property
    def ended(self) -> bool:
        """Return whether a move-out is recorded."""
        return self.tenancy.move_out is not None


@dataclass(frozen=True)
class GrantLine:
    """One decision, with the deposit loan's income check."""

    grant: Grant
    check: DepositLoanCheck | None


@dataclass
class HousingPage:
    """Everything the citizen's housing page shows."""

    citizen: Citizen
    today: date
    household: Household | None
    incomes: list[IncomeLine]
    capacity: Capacity
    offers: list[OfferLine]
    tenancies: list[TenancyLine]
    grants: list[GrantLine]
    open_situation: HomelessnessSituation | None
    open_stay: Stay | None
    can: dict[str, bool] = field(default_factory=dict)
    grant_parameters: list[UsedParameter] = field(default_factory=list)

    @property
    def grant_not_enacted(self) -> list[UsedParameter]:
        """Return the loan checks' parameter values that are not law."""
        return [p for p in self.grant_parameters if not p.enacted]

    @property
    def grants_total(self) -> Decimal:
        """Return the sum of granted amounts."""
        return sum(
            (g.grant.amount for g in self.grants if g.grant.decision == GrantDecision.GRANTED),
            Decimal(0),
        )


def _current_offer(offers: list[HousingOffer]) -> HousingOffer | None:
    """Return the newest offer that is open or accepted without a lease."""
    for offer in offers:
        if offer.status == OfferStatus.OFFERED or (
            offer.status == OfferStatus.ACCEPTED and not hasattr(offer, "tenancy")
        ):
            return offer
    return None


def _offer_line(
    offer: HousingOffer,
    incomes: list[IncomeSource],
    household: Household | None,
    today: date,
    birth_date: date | None,
) -> OfferLine:
    dwelling = offer.dwelling
    total = dwelling.rent_monthly + dwelling.utilities_monthly
    line = OfferLine(offer=offer, total_monthly=total)
    line.allocation = warnings_for(
        dwelling, benefit_periods(incomes), offer.offered_on, birth_date=birth_date
    )
    pending = offer.status == OfferStatus.OFFERED or (
        offer.status == OfferStatus.ACCEPTED and not hasattr(offer, "tenancy")
    )
    if pending:
        panel = capacity(
            incomes=incomes,
            household=household,
            on=today,
            rent=oere(total),
            rent_source="tilbuddet",
            area_m2=dwelling.area_m2,
            dwelling=dwelling,
        )
        if panel.result is not None:
            line.rent_warnings = panel.result.warnings
        else:
            line.capacity_problem = panel.not_covered or panel.problem
    return line


def housing_page(
    *,
    user: User,
    citizen: Citizen,
    today: date,
    rent: Decimal | None = None,
    area_m2: int | None = None,
) -> HousingPage:
    """Return the citizen's housing page; ``rent`` and ``area_m2`` are the candidate asked for."""
    incomes = list(citizen.incomes.order_by("-valid_from", "-id"))
    household = Household.objects.filter(citizen=citizen).first()
    offers = list(
        citizen.housing_offers.select_related("dwelling__landlord", "tenancy").order_by(
            "-offered_on", "-id"
        )
    )
    tenancies = list(
        citizen.tenancies.select_related("dwelling")
        .prefetch_related(
            Prefetch("risks", queryset=TenancyRisk.objects.order_by("-noted_on", "-id"))
        )
        .order_by("-move_in", "-id")
    )
    grants = list(
        citizen.grants.select_related("decided_by", "tenancy__dwelling").order_by(
            "-decided_on", "-id"
        )
    )
    open_situation = citizen.situations.filter(end__isnull=True).order_by("-start").first()
    last_event = citizen.list_events.order_by("-date", "-id").first()
    on_list = last_event is not None and last_event.kind == ListEventKind.ENTERED
    open_stay = (
        Stay.objects.filter(citizen=citizen, discharged__isnull=True)
        .select_related("shelter")
        .first()
    )
    current = _current_offer(offers)
    of: Dwelling | None = None  # the dwelling the candidate rent is of (§ 10: what it covers)
    if rent is not None:
        source = "det beløb, du skrev"
        candidate: int | None = oere(rent)
    elif current is not None:
        dwelling = of = current.dwelling
        candidate = oere(dwelling.rent_monthly + dwelling.utilities_monthly)
        source = f"tilbuddet på {dwelling.address} (husleje og forbrug)"
        area_m2 = area_m2 or dwelling.area_m2
    elif (home := _living_in(tenancies, today)) is not None:
        utilities = home.dwelling.utilities_monthly if home.dwelling is not None else Decimal(0)
        candidate = oere(home.rent_monthly + utilities)
        source = "det nuværende lejemål" + (" (husleje og forbrug)" if utilities else "")
        area_m2 = area_m2 or (home.dwelling.area_m2 if home.dwelling is not None else None)
        of = home.dwelling
    else:
        candidate, source = None, ""
    panel = capacity(
        incomes=incomes,
        household=household,
        on=today,
        rent=candidate,
        rent_source=source,
        area_m2=area_m2,
        dwelling=of,
    )
    children = household.children if household is not None else 0
    grant_lines = [
        GrantLine(
            g,
            loan_check(citizen, _grant_data(g), children=children)
            if g.kind in LOAN_KINDS
            else None,
        )
        for g in grants
    ]
    checks = [line.check for line in grant_lines if line.check is not None]
    page = HousingPage(
        citizen=citizen,
        today=today,
        household=household,
        incomes=[IncomeLine(i, i in incomes_on(incomes, today)) for i in incomes],
        capacity=panel,
        offers=[_offer_line(o, incomes, household, today, citizen.birth_date) for o in offers],
        tenancies=[_tenancy_line(t, today, open_situation, on_list) for t in tenancies],
        grants=grant_lines,
        open_situation=open_situation,
        open_stay=open_stay,
        can={
            "manage": allowed(user, Action.MANAGE_HOUSING),
            "risk": allowed(user, Action.REPORT_TENANCY_RISK),
            "grants": allowed(user, Action.DECIDE_GRANTS),
            "situations": allowed(user, Action.EDIT_CITIZEN),
        },
        grant_parameters=used_values(p for c in checks for p in c.parameters),
    )
    return page


def _living_in(tenancies: list[Tenancy], today: date) -> Tenancy | None:
    """Return the tenancy the citizen lives in today, if any."""
    for tenancy in tenancies:
        if tenancy.move_in <= today and (tenancy.move_out is None or tenancy.move_out > today):
            return tenancy
    return None


def _tenancy_line(
    tenancy: Tenancy,
    today: date,
    open_situation: HomelessnessSituation | None,
    on_list: bool,
) -> TenancyLine:
    current = tenancy.move_in <= today and (tenancy.move_out is None or tenancy.move_out > today)
    # Still homeless on paper: an open situation from before the move-in, or (when a shelter
    # discharge ended the situation) still on the by-name list.
    awaiting = current and (
        (open_situation is not None and open_situation.start <= tenancy.move_in)
        or (open_situation is None and on_list)
    )
    return TenancyLine(
        tenancy=tenancy,
        risks=list(tenancy.risks.all()),
        current=current,
        awaiting_housed=awaiting,
    )


def _grant_data(grant: Grant) -> GrantData:
    return GrantData(
        kind=grant.kind,
        amount=grant.amount,
        decided_on=grant.decided_on,
        decision=grant.decision,
        tenancy=grant.tenancy,
        paid_on=grant.paid_on,
        household_income_year=grant.household_income_year,
    )

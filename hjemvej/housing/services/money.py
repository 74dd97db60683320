"""Incomes, the household and the money to move: loans, grants and follow-up payments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens.models import Citizen
from hjemvej.core import dates
from hjemvej.core.bounds import Bounds
from hjemvej.core.changes import changed_fields, save_changes
from hjemvej.core.errors import DomainError
from hjemvej.housing.labels import (
    DIRECT_RENT_KINDS,
    PENSION_KINDS,
    PENSION_RATE_KINDS,
    RATE_LABELS,
)
from hjemvej.housing.models import (
    LOAN_KINDS,
    Grant,
    GrantDecision,
    GrantKind,
    Household,
    IncomeKind,
    IncomeSource,
    Tenancy,
)
from hjemvej.housing.own_payment import own_payment_back
from hjemvej.housing.services.common import check_money, check_not_future
from hjemvej.rules.affordability import MERGED_BENEFITS, RATES_BY_KIND
from hjemvej.rules.housing import DepositLoanCheck, deposit_loan_check
from hjemvej.rules.parameters import default_parameters, exact_kroner

# --- Incomes and household ---------------------------------------------------------------------


@dataclass(frozen=True)
class IncomeData:
    """One monthly income of the household, as a user writes it (kroner)."""

    kind: str
    monthly_after_tax: Decimal
    valid_from: date
    valid_to: date | None = None
    rates: tuple[str, ...] = ()
    pension_kind: str = ""
    monthly_before_tax: Decimal | None = None
    label: str = ""
    direct_rent_decided_on: date | None = None

    def values(self) -> dict[str, object]:
        """Return the model's field values."""
        return {
            "kind": self.kind,
            "monthly_after_tax": self.monthly_after_tax,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "rates": " ".join(self.rates),
            "pension_kind": self.pension_kind,
            "monthly_before_tax": self.monthly_before_tax,
            "label": self.label.strip(),
            "direct_rent_decided_on": self.direct_rent_decided_on,
        }


def _name(kind: IncomeKind) -> str:
    """Return the kind of income's Danish name without its parenthesis."""
    return str(kind.label).split(" (")[0]


def _check_rates(data: IncomeData) -> None:
    """Raise when a rate is unknown or does not belong to the income (or its pension)."""
    unknown = [rate for rate in data.rates if rate not in RATE_LABELS]
    if unknown:
        raise DomainError(f"Ukendt sats: {', '.join(unknown)}.", field="rates")
    kinds = [_name(k).lower() for k in IncomeKind if k.value in RATES_BY_KIND]
    if data.rates and data.kind not in RATES_BY_KIND:
        raise DomainError(
            f"Satser bruges kun ved {', '.join(kinds[:-1])} og {kinds[-1]}.", field="rates"
        )
    own = RATES_BY_KIND.get(data.kind, {})
    for rate in data.rates:
        if rate not in own:
            kind = _name(IncomeKind(data.kind)).lower()
            raise DomainError(
                f"Satsen {RATE_LABELS[rate].lower()} hører ikke til {kind}.", field="rates"
            )
    if data.kind == IncomeKind.PENSION and data.pension_kind not in PENSION_KINDS:
        raise DomainError("Vælg hvilken pension borgeren får.", field="pension_kind")
    if data.kind != IncomeKind.PENSION and data.pension_kind:
        raise DomainError("Pensionstype bruges kun ved pension.", field="pension_kind")
    for rate in data.rates:
        wanted = PENSION_RATE_KINDS.get(rate)
        if wanted is not None and wanted != data.pension_kind:
            raise DomainError(
                f"Satsen {RATE_LABELS[rate].lower()} passer ikke til pensionstypen "
                f"{PENSION_KINDS[data.pension_kind].lower()}.",
                field="rates",
            )


def _check_merged(data: IncomeData) -> None:
    """Raise when a benefit merged into kontanthjælp is recorded past the day it ended."""
    flag = MERGED_BENEFITS.get(data.kind)
    if flag is None:
        return
    ended = next(
        (v.valid_from for v in default_parameters()[flag].values if v.value is False), None
    )
    if ended is None:
        return
    name = _name(IncomeKind(data.kind))
    if data.valid_from >= ended:
        raise DomainError(
            f"{name} findes ikke fra {ended:%d.%m.%Y}: ydelsen er kontanthjælp fra den dato. "
            "Vælg kontanthjælp.",
            field="kind",
        )
    if data.valid_to is None or data.valid_to > ended:
        raise DomainError(
            f"{name} blev kontanthjælp {ended:%d.%m.%Y}: skriv senest {ended:%d.%m.%Y} i 'Til', "
            "og registrér kontanthjælp fra den dato.",
            field="valid_to",
        )


def _check_income(data: IncomeData, confirmed: bool, stored: IncomeSource | None = None) -> Bounds:
    """Raise the first rule the income breaks; return its bounds (for the audit entry)."""
    if data.kind not in IncomeKind.values:
        raise DomainError("Vælg hvilken slags indkomst det er.", field="kind")
    _check_rates(data)
    _check_merged(data)
    if data.direct_rent_decided_on is not None:
        if data.kind not in DIRECT_RENT_KINDS:
            raise DomainError(
                "Direkte betaling af husleje (aktivloven § 90) registreres på en ydelse efter "
                "aktivloven.",
                field="direct_rent_decided_on",
            )
        check_not_future(
            data.direct_rent_decided_on, dates.today(), "direct_rent_decided_on", "Afgørelsen"
        )
    check_money(data.monthly_after_tax, "monthly_after_tax", "beløbet efter skat", required=True)
    check_money(data.monthly_before_tax, "monthly_before_tax", "beløbet før skat")
    if data.monthly_before_tax is not None and data.monthly_before_tax < data.monthly_after_tax:
        raise DomainError(
            "Beløbet før skat kan ikke være mindre end beløbet efter skat.",
            field="monthly_before_tax",
        )
    if data.valid_to is not None and data.valid_to <= data.valid_from:
        raise DomainError("Slutdatoen skal ligge efter startdatoen.", field="valid_to")
    known = (
        {n: getattr(stored, n) for n in ("monthly_after_tax", "monthly_before_tax")}
        if stored is not None
        else {}
    )
    bounds = Bounds(confirmed=confirmed, known=known)
    for name, label in (
        ("monthly_after_tax", "beløbet efter skat"),
        ("monthly_before_tax", "beløbet før skat"),
    ):
        bounds.amount(
            getattr(data, name),
            field=name,
            label=label,
            on=data.valid_from,
            maximum="bounds.income.monthly.max",
            usual="bounds.income.monthly.usual",
        )
    bounds.done()
    return bounds


def income_add(
    *, actor: User, citizen: Citizen, data: IncomeData, confirmed: bool = False
) -> IncomeSource:
    """Record one of the household's monthly incomes, valid ``[valid_from, valid_to)``.

    An amount above its usual bound is recorded only ``confirmed`` (``core.bounds``).
    """
    bounds = _check_income(data, confirmed)
    with transaction.atomic():
        income = IncomeSource.objects.create(citizen=citizen, created_by=actor, **data.values())
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=income,
            detail=bounds.audit(),  # not the kind of income: a pension may say health
        )
    return income


def income_update(
    *, actor: User, income: IncomeSource, data: IncomeData, confirmed: bool = False
) -> IncomeSource:
    """Change an income; ending it is giving the last day's next day as ``valid_to``."""
    bounds = _check_income(data, confirmed, income)
    save_changes(
        actor=actor,
        instance=income,
        values=data.values(),
        citizen=income.citizen,
        detail=bounds.audit(),
    )
    return income


def household_set(
    *,
    actor: User,
    citizen: Citizen,
    adults: int,
    children: int,
    budget_monthly: Decimal | None = None,
    wealth: Decimal | None = None,
) -> Household:
    """Set who would live in the dwelling, its wealth (§ 8 a) and its budget (empty: default)."""
    if not 1 <= adults <= 10:
        raise DomainError("Husstanden skal have mellem 1 og 10 voksne.", field="adults")
    if not 0 <= children <= 20:
        raise DomainError("Antallet af børn skal være mellem 0 og 20.", field="children")
    check_money(budget_monthly, "budget_monthly", "budgettet")
    Bounds().amount(
        budget_monthly,
        field="budget_monthly",
        label="budgettet",
        on=dates.today(),
        maximum="bounds.household.budget_monthly.max",
    )
    wealth = wealth or Decimal(0)
    check_money(wealth, "wealth", "formuen")
    Bounds().amount(
        wealth,
        field="wealth",
        label="formuen",
        on=dates.today(),
        maximum="bounds.household.wealth.max",
    )
    values: dict[str, object] = {
        "adults": adults,
        "children": children,
        "budget_monthly": budget_monthly,
        "wealth": wealth,
    }
    with transaction.atomic():
        household, created = Household.objects.select_for_update().get_or_create(
            citizen=citizen, defaults=values
        )
        changed = sorted(values) if created else changed_fields(household, values)
        if not changed:
            return household
        for name, value in values.items():
            setattr(household, name, value)
        household.save()
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            citizen=citizen,
            obj=household,
            detail={"fields": changed},
        )
    return household


# --- Grants ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantData:
    """A decision on a loan, a grant or a Housing First follow-up payment (kroner)."""

    kind: str
    amount: Decimal
    decided_on: date
    decision: str = GrantDecision.GRANTED
    tenancy: Tenancy | None = None
    paid_on: date | None = None
    household_income_year: Decimal | None = None
    repayment_monthly: Decimal | None = None
    repayment_from: date | None = None
    reason: str = ""


def _children(citizen: Citizen) -> int:
    household = Household.objects.filter(citizen=citizen).first()
    return household.children if household is not None else 0


def loan_check(
    citizen: Citizen, data: GrantData, *, children: int | None = None
) -> DepositLoanCheck | None:
    """Return the deposit loan's income check, or None for other kinds or without an income.

    ``children`` None reads the household's children (one query).
    """
    if data.kind not in LOAN_KINDS or data.household_income_year is None:
        return None
    on = data.tenancy.move_in if data.tenancy is not None else data.decided_on
    dwelling = data.tenancy.dwelling if data.tenancy is not None else None
    return deposit_loan_check(
        single_room=dwelling is not None and dwelling.single_room,
        household_income_year=int(data.household_income_year * 100),
        children=_children(citizen) if children is None else children,
        on=on,
        paid_on=data.paid_on or data.decided_on,
    )


#: The usual bound of each kind of grant: above it, the amount must be confirmed.
USUAL_GRANT: dict[str, str] = {
    GrantKind.DEPOSIT_LOAN: "bounds.grant.deposit.usual",
    GrantKind.MOVING_GRANT: "bounds.grant.deposit.usual",
    GrantKind.FURNITURE_GRANT: "bounds.grant.furniture.usual",
    GrantKind.HF_DEPOSIT: "bounds.grant.deposit.usual",
    GrantKind.HF_ESTABLISHMENT: "bounds.grant.follow_up.usual",
    GrantKind.HF_STARTER_KIT: "bounds.grant.follow_up.usual",
}


def _grant_bounds(data: GrantData, bounds: Bounds) -> None:
    """Hold the decision's amounts to their bounds (``docs/rules.md``, Plausible values)."""
    granted = data.decision == GrantDecision.GRANTED
    deposit = data.tenancy.dwelling.deposit if data.tenancy and data.tenancy.dwelling else None
    loan_with_deposit = data.kind in LOAN_KINDS and deposit is not None and deposit > 0
    if granted and loan_with_deposit and deposit is not None and data.amount > deposit:
        most = exact_kroner(int(deposit * 100))
        raise DomainError(
            f"Beboerindskudslånet kan højst være boligens indskud, {most}.", field="amount"
        )
    bounds.amount(
        data.amount,
        field="amount",
        label="beløbet",
        on=data.decided_on,
        maximum="bounds.grant.max",
        usual=USUAL_GRANT.get(data.kind) if granted and not loan_with_deposit else None,
    )
    bounds.amount(
        data.household_income_year,
        field="household_income_year",
        label="husstandsindkomsten",
        on=data.decided_on,
        maximum="bounds.household.income_year.max",
    )
    if data.repayment_monthly is not None and data.repayment_monthly > data.amount:
        raise DomainError(
            "Afdraget pr. måned kan ikke være større end lånet.", field="repayment_monthly"
        )


def _check_grant(
    citizen: Citizen,
    data: GrantData,
    today: date,
    above_ceiling_confirmed: bool,
    bounds: Bounds,
) -> date | None:
    """Raise the first rule the decision breaks; return the default first repayment day."""
    if data.kind not in GrantKind.values:
        raise DomainError("Vælg hvilken ydelse det er.", field="kind")
    if data.decision not in GrantDecision.values:
        raise DomainError("Vælg afgørelsen.", field="decision")
    granted = data.decision == GrantDecision.GRANTED
    check_money(data.amount, "amount", "beløbet", required=True, positive=granted)
    check_not_future(data.decided_on, today, "decided_on", "Afgørelsen")
    if data.tenancy is not None and data.tenancy.citizen_id != citizen.pk:
        raise DomainError("Lejemålet hører til en anden borger.", field="tenancy")
    if data.paid_on is not None:
        if not granted:
            raise DomainError("Et afslag udbetales ikke.", field="paid_on")
        if data.paid_on < data.decided_on:
            raise DomainError("Udbetalingen kan ikke ligge før afgørelsen.", field="paid_on")
        check_not_future(data.paid_on, today, "paid_on", "Udbetalingen")
    if not granted and not data.reason.strip():
        raise DomainError("Skriv begrundelsen for afslaget.", field="reason")
    check_money(data.household_income_year, "household_income_year", "husstandsindkomsten")
    if granted and data.kind == GrantKind.OWN_PAYMENT_BACK:
        _check_own_payment_back(citizen, data)
    if data.kind not in LOAN_KINDS:
        if data.repayment_monthly is not None or data.repayment_from is not None:
            raise DomainError("Kun lån har afdrag.", field="repayment_monthly")
        _grant_bounds(data, bounds)
        bounds.done()
        return None
    if granted and data.household_income_year is None:
        raise DomainError(
            "Skriv husstandens indkomst pr. år; den holdes op mod indkomstgrænsen for "
            "beboerindskudslån.",
            field="household_income_year",
        )
    check_money(data.repayment_monthly, "repayment_monthly", "afdraget")
    _grant_bounds(data, bounds)
    check = loan_check(citizen, data)
    if granted and check is not None and check.over_by:
        if not above_ceiling_confirmed:
            raise DomainError(
                f"{check.text} Sæt kryds ved »frivilligt lån over grænsen«, hvis kommunen "
                "alligevel yder lånet.",
                field="household_income_year",
            )
        if not data.reason.strip():
            raise DomainError("Skriv begrundelsen for et lån over indkomstgrænsen.", field="reason")
    bounds.done()
    free_until = check.repayment_free_until if check is not None else None
    if (
        data.repayment_from is not None
        and free_until is not None
        and data.repayment_from < free_until
    ):
        raise DomainError(
            f"Lånet er rente- og afdragsfrit til {free_until:%d.%m.%Y}; afdrag kan tidligst "
            "begynde den dag.",
            field="repayment_from",
        )
    return free_until if granted else None


def _check_own_payment_back(citizen: Citizen, data: GrantData) -> None:
    """Refuse an own payment paid back above what the citizen paid during the period's stays."""
    paid = own_payment_back(citizen, data.decided_on)
    if paid.problem or not paid.stays:
        raise DomainError(paid.text, field="kind")
    if int(data.amount * 100) > paid.total:
        raise DomainError(
            f"Beløbet kan højst være den egenbetaling, borgeren har betalt: {paid.text}",
            field="amount",
        )


def _grant_values(data: GrantData, repayment_from: date | None) -> dict[str, object]:
    return {
        "kind": data.kind,
        "decision": data.decision,
        "amount": data.amount,
        "decided_on": data.decided_on,
        "tenancy": data.tenancy,
        "paid_on": data.paid_on,
        "household_income_year": data.household_income_year,
        "repayment_monthly": data.repayment_monthly,
        "repayment_from": data.repayment_from or repayment_from,
        "reason": data.reason.strip(),
    }


def grant_create(
    *,
    actor: User,
    citizen: Citizen,
    data: GrantData,
    today: date,
    above_ceiling_confirmed: bool = False,
    confirmed: bool = False,
) -> Grant:
    """Record a decided loan, grant or follow-up payment; the signed-in user decided it.

    An amount above its kind's usual bound is recorded only ``confirmed`` (``core.bounds``).
    """
    bounds = Bounds(confirmed=confirmed)
    repayment_from = _check_grant(citizen, data, today, above_ceiling_confirmed, bounds)
    with transaction.atomic():
        grant = Grant.objects.create(
            citizen=citizen, decided_by=actor, **_grant_values(data, repayment_from)
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=grant,
            detail={"kind": data.kind, "decision": data.decision, **bounds.audit()},
        )
    return grant


def grant_update(
    *,
    actor: User,
    grant: Grant,
    data: GrantData,
    today: date,
    above_ceiling_confirmed: bool = False,
    confirmed: bool = False,
) -> Grant:
    """Change a decision (amount, payment, repayment); a changed decision is the actor's."""
    known: dict[str, Decimal | None] = {"amount": grant.amount} if data.kind == grant.kind else {}
    bounds = Bounds(confirmed=confirmed, known=known)
    repayment_from = _check_grant(grant.citizen, data, today, above_ceiling_confirmed, bounds)
    values = _grant_values(data, repayment_from)
    decision = {"kind", "decision", "amount", "decided_on"}
    redecided = bool(decision & set(changed_fields(grant, values)))
    save_changes(
        actor=actor,
        instance=grant,
        values=values,
        citizen=grant.citizen,
        also={"decided_by": actor} if redecided else None,
        detail=bounds.audit(),
    )
    return grant

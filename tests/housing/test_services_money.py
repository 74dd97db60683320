"""Incomes, the household, loans and grants: what the services write and refuse."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.housing import services
from hjemvej.housing.models import (
    GrantDecision,
    GrantKind,
    Household,
    IncomeKind,
    Tenancy,
)
from tests import factories
from tests.housing.conftest import TODAY
from tests.housing.world import refused

pytestmark = pytest.mark.django_db


# --- Incomes and household ----------------------------------------------------------------------


def income(**changes: Any) -> services.IncomeData:
    base = services.IncomeData(
        kind=IncomeKind.CASH_BENEFIT,
        monthly_after_tax=Decimal("7000"),
        valid_from=date(2026, 1, 1),
    )
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"kind": "lottery"}, "Vælg hvilken slags indkomst det er.", "kind"),
        (
            {"kind": IncomeKind.WAGES, "rates": ("basic",)},
            "Satser bruges kun ved kontanthjælp, uddannelseshjælp, selvforsørgelses- og "
            "hjemrejseydelse og pension.",
            "rates",
        ),
        (
            {"rates": ("edu_away_from_home",)},
            "Satsen uddannelseshjælp, udeboende hører ikke til kontanthjælp.",
            "rates",
        ),
        (
            {
                "kind": IncomeKind.PENSION,
                "pension_kind": "old_age_pension",
                "rates": ("disability_single",),
            },
            "Satsen førtidspension, enlig passer ikke til pensionstypen folkepension.",
            "rates",
        ),
        (
            {"kind": IncomeKind.EDUCATION_BENEFIT, "valid_from": date(2025, 7, 1)},
            "Uddannelseshjælp findes ikke fra 01.07.2025: ydelsen er kontanthjælp fra den dato. "
            "Vælg kontanthjælp.",
            "kind",
        ),
        (
            {"kind": IncomeKind.SELF_SUPPORT_BENEFIT, "valid_from": date(2025, 1, 1)},
            "Selvforsørgelses- og hjemrejseydelse blev kontanthjælp 01.07.2025: skriv senest "
            "01.07.2025 i 'Til', og registrér kontanthjælp fra den dato.",
            "valid_to",
        ),
        (
            {"kind": IncomeKind.WAGES, "direct_rent_decided_on": date(2026, 1, 5)},
            "Direkte betaling af husleje (aktivloven § 90) registreres på en ydelse efter "
            "aktivloven.",
            "direct_rent_decided_on",
        ),
        (
            {"direct_rent_decided_on": date(2099, 1, 1)},
            "Afgørelsen kan ikke ligge i fremtiden.",
            "direct_rent_decided_on",
        ),
        ({"rates": ("gold",)}, "Ukendt sats: gold.", "rates"),
        ({"kind": IncomeKind.PENSION}, "Vælg hvilken pension borgeren får.", "pension_kind"),
        (
            {"pension_kind": "old_age_pension"},
            "Pensionstype bruges kun ved pension.",
            "pension_kind",
        ),
        (
            {"monthly_after_tax": Decimal(-1)},
            "Beløbet efter skat kan ikke være negativt.",
            "monthly_after_tax",
        ),
        (
            {"monthly_before_tax": Decimal(6999)},
            "Beløbet før skat kan ikke være mindre end beløbet efter skat.",
            "monthly_before_tax",
        ),
        (
            {"valid_to": date(2026, 1, 1)},
            "Slutdatoen skal ligge efter startdatoen.",
            "valid_to",
        ),
    ],
)
def test_income_refusals(
    cw: User, person: Citizen, changes: dict[str, Any], message: str, field: str
) -> None:
    refused(
        lambda: services.income_add(actor=cw, citizen=person, data=income(**changes)),
        message,
        field,
    )


def test_the_benefits_before_the_reform_and_the_direct_rent_are_recorded(
    cw: User, person: Citizen
) -> None:
    education = services.income_add(
        actor=cw,
        citizen=person,
        data=income(
            kind=IncomeKind.EDUCATION_BENEFIT,
            rates=("edu_away_from_home", "edu_activity_25_29"),
            valid_from=date(2025, 1, 1),
            valid_to=date(2025, 7, 1),
        ),
    )
    assert education.rates == "edu_away_from_home edu_activity_25_29"
    cash = services.income_add(
        actor=cw,
        citizen=person,
        data=income(rates=("basic",), direct_rent_decided_on=date(2026, 1, 5)),
    )
    assert cash.direct_rent_decided_on == date(2026, 1, 5)
    pension = services.income_add(
        actor=cw,
        citizen=person,
        data=income(
            kind=IncomeKind.PENSION,
            pension_kind="disability_pension",
            rates=("disability_single",),
            monthly_after_tax=Decimal("15000"),
        ),
    )
    assert pension.rates == "disability_single"


def test_income_update_audits_the_changed_fields_only(cw: User, person: Citizen) -> None:
    row = services.income_add(actor=cw, citizen=person, data=income(rates=("basic",)))
    assert row.rates == "basic"
    services.income_update(actor=cw, income=row, data=income(rates=("basic",)))
    services.income_update(
        actor=cw, income=row, data=income(rates=("basic",), valid_to=date(2026, 6, 1))
    )
    entry = AuditEntry.objects.filter(object_type="housing.IncomeSource").first()
    assert entry is not None
    assert entry.detail == {"fields": ["valid_to"]}
    assert AuditEntry.objects.filter(object_type="housing.IncomeSource").count() == 2


def test_household(cw: User, person: Citizen) -> None:
    refused(
        lambda: services.household_set(actor=cw, citizen=person, adults=0, children=0),
        "Husstanden skal have mellem 1 og 10 voksne.",
        "adults",
    )
    refused(
        lambda: services.household_set(actor=cw, citizen=person, adults=1, children=-1),
        "Antallet af børn skal være mellem 0 og 20.",
        "children",
    )
    refused(
        lambda: services.household_set(
            actor=cw, citizen=person, adults=1, children=0, budget_monthly=Decimal(-5)
        ),
        "Budgettet kan ikke være negativt.",
        "budget_monthly",
    )
    services.household_set(actor=cw, citizen=person, adults=2, children=1)
    services.household_set(
        actor=cw, citizen=person, adults=2, children=1, budget_monthly=Decimal(9000)
    )
    household = Household.objects.get(citizen=person)
    assert (household.adults, household.children) == (2, 1)
    assert household.budget_monthly == Decimal(9000)
    refused(
        lambda: services.household_set(
            actor=cw, citizen=person, adults=2, children=1, wealth=Decimal(-1)
        ),
        "Formuen kan ikke være negativ.",
        "wealth",
    )
    services.household_set(actor=cw, citizen=person, adults=2, children=1, wealth=Decimal(900000))
    household.refresh_from_db()
    assert household.wealth == Decimal(900000)
    assert household.budget_monthly is None  # the form's fields are all set each time


# --- Grants ---------------------------------------------------------------------------------------


def grant(**changes: Any) -> services.GrantData:
    base = services.GrantData(
        kind=GrantKind.DEPOSIT_LOAN,
        amount=Decimal("12000"),
        decided_on=date(2026, 10, 1),
        household_income_year=Decimal("99564"),
    )
    return replace(base, **changes)


def test_deposit_loan_is_decided_by_the_actor_with_its_free_period(
    cw: User, person: Citizen
) -> None:
    row = services.grant_create(
        actor=cw, citizen=person, data=grant(paid_on=date(2026, 10, 5)), today=TODAY
    )
    assert row.decided_by == cw
    assert row.repayment_from == date(2031, 10, 5)  # five years after the payment


def test_the_ceiling_refuses_unless_confirmed_with_a_reason(cw: User, person: Citizen) -> None:
    # 2026: the 2024 ceiling carried over, 277.956 kr.; at it is within, 1 krone over is not.
    services.grant_create(
        actor=cw, citizen=person, data=grant(household_income_year=Decimal(277956)), today=TODAY
    )
    over = grant(household_income_year=Decimal(277957))
    with pytest.raises(DomainError) as caught:
        services.grant_create(actor=cw, citizen=person, data=over, today=TODAY)
    assert caught.value.field == "household_income_year"
    assert "overstiger grænsen for beboerindskudslån, 277.956,00 kr., med 1,00 kr." in (
        caught.value.message
    )
    assert "frivilligt lån over grænsen" in caught.value.message
    refused(
        lambda: services.grant_create(
            actor=cw, citizen=person, data=over, today=TODAY, above_ceiling_confirmed=True
        ),
        "Skriv begrundelsen for et lån over indkomstgrænsen.",
        "reason",
    )
    services.grant_create(
        actor=cw,
        citizen=person,
        data=replace(over, reason="Kommunen yder frivilligt lån."),
        today=TODAY,
        above_ceiling_confirmed=True,
    )


def test_children_raise_the_ceiling(cw: User, person: Citizen) -> None:
    services.household_set(actor=cw, citizen=person, adults=1, children=1)
    services.grant_create(
        actor=cw,
        citizen=person,
        data=grant(household_income_year=Decimal(277956 + 48700)),
        today=TODAY,
    )


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"kind": "gift"}, "Vælg hvilken ydelse det er.", "kind"),
        ({"decision": "maybe"}, "Vælg afgørelsen.", "decision"),
        ({"amount": Decimal(0)}, "Beløbet skal være større end 0 kr.", "amount"),
        (
            {"decided_on": date(2026, 11, 22)},
            "Afgørelsen kan ikke ligge i fremtiden.",
            "decided_on",
        ),
        (
            {"paid_on": date(2026, 9, 30)},
            "Udbetalingen kan ikke ligge før afgørelsen.",
            "paid_on",
        ),
        ({"paid_on": date(2026, 11, 22)}, "Udbetalingen kan ikke ligge i fremtiden.", "paid_on"),
        (
            {"decision": GrantDecision.REFUSED, "paid_on": TODAY},
            "Et afslag udbetales ikke.",
            "paid_on",
        ),
        (
            {"decision": GrantDecision.REFUSED},
            "Skriv begrundelsen for afslaget.",
            "reason",
        ),
        (
            {"household_income_year": None},
            "Skriv husstandens indkomst pr. år; den holdes op mod indkomstgrænsen for "
            "beboerindskudslån.",
            "household_income_year",
        ),
        (
            {"repayment_from": date(2031, 9, 30)},
            "Lånet er rente- og afdragsfrit til 01.10.2031; afdrag kan tidligst begynde den dag.",
            "repayment_from",
        ),
        (
            {"repayment_monthly": Decimal(-1)},
            "Afdraget kan ikke være negativt.",
            "repayment_monthly",
        ),
        (
            {"kind": GrantKind.FURNITURE_GRANT, "repayment_monthly": Decimal(100)},
            "Kun lån har afdrag.",
            "repayment_monthly",
        ),
    ],
)
def test_grant_refusals(
    cw: User, person: Citizen, changes: dict[str, Any], message: str, field: str
) -> None:
    refused(
        lambda: services.grant_create(actor=cw, citizen=person, data=grant(**changes), today=TODAY),
        message,
        field,
    )


def test_grant_for_another_citizens_tenancy_is_refused(
    cw: User, person: Citizen, tenancy: Tenancy
) -> None:
    other = factories.citizen(cw, first_name="Anden")
    refused(
        lambda: services.grant_create(
            actor=cw,
            citizen=other,
            data=grant(kind=GrantKind.HF_DEPOSIT, household_income_year=None, tenancy=tenancy),
            today=TODAY,
        ),
        "Lejemålet hører til en anden borger.",
        "tenancy",
    )


def test_grant_update_makes_the_actor_the_decider_only_for_the_decision(
    cw: User, person: Citizen
) -> None:
    row = services.grant_create(
        actor=cw,
        citizen=person,
        data=grant(kind=GrantKind.HF_STARTER_KIT, household_income_year=None),
        today=TODAY,
    )
    colleague = factories.user("kollega", Role.CASE_WORKER)
    paid = grant(
        kind=GrantKind.HF_STARTER_KIT, household_income_year=None, paid_on=date(2026, 10, 2)
    )
    services.grant_update(actor=colleague, grant=row, data=paid, today=TODAY)
    row.refresh_from_db()
    assert row.paid_on == date(2026, 10, 2)
    assert row.decided_by == cw
    services.grant_update(
        actor=colleague, grant=row, data=replace(paid, amount=Decimal(5000)), today=TODAY
    )
    row.refresh_from_db()
    assert row.decided_by == colleague
    entry = AuditEntry.objects.filter(object_type="housing.Grant").first()
    assert entry is not None
    assert entry.detail == {"fields": ["amount"]}

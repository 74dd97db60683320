"""Plausible values in housing: incomes, budgets, grants (§ 81, § 85, Housing First, deposit
loans), rents, deposits, arrears and lease dates; via the services and the forms."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.bounds import NeedsConfirmation
from hjemvej.core.errors import DomainError
from hjemvej.housing import services
from hjemvej.housing.models import Dwelling, Grant, GrantKind, IncomeKind, IncomeSource, Tenancy
from tests.housing.conftest import TODAY, World, login

pytestmark = pytest.mark.django_db
CENT = Decimal("0.01")


def last_confirmations(obj: Any) -> list[Any]:
    entry = (
        AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .order_by("-pk")
        .first()
    )
    assert entry is not None
    return list(entry.detail.get("confirmed_outside_bounds", []))


def outcome(call: Any) -> str:
    """Return "ok", "confirm" (needs confirmation) or "refused" for a service call."""
    try:
        call()
    except NeedsConfirmation:
        return "confirm"
    except DomainError:
        return "refused"
    return "ok"


# --- Incomes and the household ------------------------------------------------------------------


def income(amount: str, before: str | None = None) -> services.IncomeData:
    return services.IncomeData(
        kind=IncomeKind.WAGES,
        monthly_after_tax=Decimal(amount),
        monthly_before_tax=Decimal(before) if before else None,
        valid_from=date(2026, 1, 1),
    )


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("50000", "ok"),
        ("50000.01", "confirm"),
        ("250000", "confirm"),
        ("250000.01", "refused"),
        ("5000000", "refused"),
    ],
)
def test_a_monthly_income_is_held_to_its_bounds(
    cw: User, person: Citizen, amount: str, expected: str
) -> None:
    assert (
        outcome(lambda: services.income_add(actor=cw, citizen=person, data=income(amount)))
        == expected
    )
    if expected == "confirm":
        saved = services.income_add(actor=cw, citizen=person, data=income(amount), confirmed=True)
        assert last_confirmations(saved) == [
            {"field": "monthly_after_tax", "bound": "bounds.income.monthly.usual"}
        ]
    if expected == "refused":
        assert not IncomeSource.objects.filter(citizen=person).exists()


def test_the_income_before_tax_is_held_too_and_an_update_as_well(cw: User, person: Citizen) -> None:
    with pytest.raises(NeedsConfirmation) as caught:
        services.income_add(actor=cw, citizen=person, data=income("40000", "60000"))
    assert caught.value.field == "monthly_before_tax"
    saved = services.income_add(actor=cw, citizen=person, data=income("20000"))
    with pytest.raises(DomainError):
        services.income_update(actor=cw, income=saved, data=income("20000", "300000"))
    saved.refresh_from_db()
    assert saved.monthly_before_tax is None


@pytest.mark.parametrize(("budget", "expected"), [("50000", "ok"), ("50000.01", "refused")])
def test_the_household_budget_has_a_maximum(
    cw: User, person: Citizen, budget: str, expected: str
) -> None:
    call = lambda: services.household_set(  # noqa: E731
        actor=cw, citizen=person, adults=1, children=0, budget_monthly=Decimal(budget)
    )
    assert outcome(call) == expected


# --- Grants ---------------------------------------------------------------------------------------


def grant(kind: str, amount: str, **kw: Any) -> services.GrantData:
    return services.GrantData(kind=kind, amount=Decimal(amount), decided_on=date(2026, 11, 1), **kw)


@pytest.mark.parametrize(
    ("kind", "usual", "bound"),
    [
        (GrantKind.FURNITURE_GRANT, "30000", "bounds.grant.furniture.usual"),
        (GrantKind.MOVING_GRANT, "75000", "bounds.grant.deposit.usual"),
        (GrantKind.HF_DEPOSIT, "75000", "bounds.grant.deposit.usual"),
        (GrantKind.HF_ESTABLISHMENT, "15000", "bounds.grant.follow_up.usual"),
        (GrantKind.HF_STARTER_KIT, "15000", "bounds.grant.follow_up.usual"),
    ],
)
def test_a_grant_over_its_usual_bound_needs_confirmation(
    cw: User, person: Citizen, kind: str, usual: str, bound: str
) -> None:
    def create(amount: Decimal, confirmed: bool = False) -> Grant:
        return services.grant_create(
            actor=cw,
            citizen=person,
            data=grant(kind, str(amount)),
            today=TODAY,
            confirmed=confirmed,
        )

    create(Decimal(usual))
    with pytest.raises(NeedsConfirmation) as caught:
        create(Decimal(usual) + CENT)
    assert caught.value.field == "amount"
    assert Grant.objects.filter(citizen=person).count() == 1
    saved = create(Decimal(usual) + CENT, confirmed=True)
    assert last_confirmations(saved) == [{"field": "amount", "bound": bound}]


@pytest.mark.parametrize(("amount", "expected"), [("500000", "confirm"), ("500000.01", "refused")])
def test_no_grant_over_the_maximum_even_confirmed(
    cw: User, person: Citizen, amount: str, expected: str
) -> None:
    data = grant(GrantKind.FURNITURE_GRANT, amount)
    assert (
        outcome(lambda: services.grant_create(actor=cw, citizen=person, data=data, today=TODAY))
        == expected
    )
    if expected == "refused":
        with pytest.raises(DomainError) as caught:
            services.grant_create(actor=cw, citizen=person, data=data, today=TODAY, confirmed=True)
        assert "500.000,00 kr." in caught.value.message


def test_the_finding_s_250_million_section_81_grant_is_refused(cw: User, person: Citizen) -> None:
    data = grant(GrantKind.FURNITURE_GRANT, "250000000")
    with pytest.raises(DomainError) as caught:
        services.grant_create(actor=cw, citizen=person, data=data, today=TODAY, confirmed=True)
    assert caught.value.field == "amount"
    assert not Grant.objects.filter(citizen=person).exists()


def lease_in(cw: User, person: Citizen, home: Dwelling) -> Tenancy:
    offer = services.offer_create(
        actor=cw, citizen=person, dwelling=home, offered_on=date(2026, 9, 1), today=TODAY
    )
    services.offer_answer(
        actor=cw, offer=offer, answer="accepted", answered_on=date(2026, 9, 2), today=TODAY
    )
    return services.tenancy_create(
        actor=cw,
        citizen=person,
        offer=offer,
        lease_signed_on=date(2026, 9, 10),
        move_in=date(2026, 10, 1),
        today=TODAY,
    )


@pytest.mark.parametrize(("amount", "expected"), [("9000", "ok"), ("9000.01", "refused")])
def test_a_deposit_loan_is_not_above_the_dwelling_s_deposit(
    cw: User, person: Citizen, home: Dwelling, amount: str, expected: str
) -> None:
    tenancy = lease_in(cw, person, home)  # the dwelling's deposit is 9,000 kr.
    data = grant(
        GrantKind.DEPOSIT_LOAN, amount, tenancy=tenancy, household_income_year=Decimal("150000")
    )

    def call() -> Grant:
        return services.grant_create(
            actor=cw, citizen=person, data=data, today=TODAY, confirmed=True
        )

    assert outcome(call) == expected
    if expected == "refused":
        with pytest.raises(DomainError) as caught:
            call()
        assert caught.value.field == "amount"
        assert "9.000,00 kr." in caught.value.message


def test_a_deposit_loan_s_repayment_and_income_are_plausible(
    cw: User, person: Citizen, home: Dwelling
) -> None:
    tenancy = lease_in(cw, person, home)
    base = grant(
        GrantKind.DEPOSIT_LOAN, "9000", tenancy=tenancy, household_income_year=Decimal("150000")
    )

    def call(data: services.GrantData) -> str:
        return outcome(
            lambda: services.grant_create(actor=cw, citizen=person, data=data, today=TODAY)
        )

    assert call(replace(base, household_income_year=Decimal("3000000.01"))) == "refused"
    assert call(replace(base, repayment_monthly=Decimal("9000.01"))) == "refused"
    assert call(replace(base, repayment_monthly=Decimal("9000"))) == "ok"


def test_a_deposit_loan_for_a_single_room_is_held_to_the_room_s_ceiling(
    cw: User, person: Citizen, home: Dwelling
) -> None:
    """Boligstøtteloven § 56: a room without a kitchen of its own has a lower ceiling."""
    income = Decimal("200000")  # above a room's ceiling (188,294 kr. from 2024), below a flat's
    flat = services.loan_check(
        person, grant(GrantKind.DEPOSIT_LOAN, "9000", household_income_year=income)
    )
    assert flat is not None
    assert flat.within is True
    home.single_room = True
    home.save(update_fields=["single_room"])
    tenancy = lease_in(cw, person, home)
    room = services.loan_check(
        person,
        grant(GrantKind.DEPOSIT_LOAN, "9000", tenancy=tenancy, household_income_year=income),
    )
    assert room is not None
    assert room.within is False
    assert "beboerindskudslån i et enkeltværelse" in room.text


# --- Leases, rents, dwellings and arrears -------------------------------------------------------


def lease(cw: User, person: Citizen, **kw: Any) -> str:
    values: dict[str, Any] = {
        "address": "Parkvej 3",
        "rent_monthly": Decimal("3100"),
        "lease_signed_on": date(2026, 9, 10),
        "move_in": date(2026, 10, 1),
    }
    values |= kw
    return outcome(lambda: services.tenancy_create(actor=cw, citizen=person, today=TODAY, **values))


@pytest.mark.parametrize(
    ("move_in", "expected"),
    [(date(2026, 9, 9), "refused"), (date(2026, 9, 10), "ok"), (date(2026, 9, 11), "ok")],
)
def test_move_in_is_not_before_the_lease_is_signed(
    cw: User, person: Citizen, move_in: date, expected: str
) -> None:
    assert lease(cw, person, move_in=move_in) == expected


@pytest.mark.parametrize(
    ("rent", "expected"),
    [("15000", "ok"), ("15000.01", "confirm"), ("60000", "confirm"), ("60000.01", "refused")],
)
def test_a_lease_s_rent_is_held_to_its_bounds(
    cw: User, person: Citizen, rent: str, expected: str
) -> None:
    assert lease(cw, person, rent_monthly=Decimal(rent)) == expected
    if expected == "confirm":
        assert lease(cw, person, rent_monthly=Decimal(rent), confirmed=True) == "ok"
        saved = Tenancy.objects.get(citizen=person)
        assert last_confirmations(saved) == [
            {"field": "rent_monthly", "bound": "bounds.rent.monthly.usual"}
        ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"rent_monthly": Decimal("15000.01")}, "confirm"),
        ({"rent_monthly": Decimal("60000.01")}, "refused"),
        ({"utilities_monthly": Decimal("10000")}, "ok"),
        ({"utilities_monthly": Decimal("10000.01")}, "refused"),
        ({"deposit": Decimal("300000")}, "ok"),
        ({"deposit": Decimal("300000.01")}, "refused"),
    ],
)
def test_a_dwelling_s_amounts_are_held_to_their_bounds(
    cw: User, home: Dwelling, changes: dict[str, Any], expected: str
) -> None:
    data = build_data(home, **changes)
    assert outcome(lambda: services.dwelling_update(actor=cw, dwelling=home, data=data)) == expected
    if expected == "confirm":
        services.dwelling_update(actor=cw, dwelling=home, data=data, confirmed=True)
        assert last_confirmations(home) == [
            {"field": "rent_monthly", "bound": "bounds.rent.monthly.usual"}
        ]


def build_data(home: Dwelling, **changes: Any) -> services.DwellingData:
    base = services.DwellingData(
        landlord=home.landlord,
        address=home.address,
        postcode=home.postcode,
        city=home.city,
        area_m2=home.area_m2,
        rent_monthly=home.rent_monthly,
        utilities_monthly=home.utilities_monthly,
        deposit=home.deposit,
        rooms=home.rooms,
        municipal_allocation=home.municipal_allocation,
        area_status=home.area_status,
    )
    return replace(base, **changes)


@pytest.mark.parametrize(("amount", "expected"), [("500000", "ok"), ("500000.01", "refused")])
def test_arrears_have_a_maximum(cw: User, tenancy: Tenancy, amount: str, expected: str) -> None:
    call = lambda: services.tenancy_risk_add(  # noqa: E731
        actor=cw,
        tenancy=tenancy,
        kind="arrears",
        noted_on=date(2026, 11, 5),
        amount=Decimal(amount),
        today=TODAY,
    )
    assert outcome(call) == expected


# --- Through the forms ----------------------------------------------------------------------------


def test_the_grant_form_asks_for_confirmation_and_the_audit_names_the_bound(
    world: World, client: Client
) -> None:
    login(client, world.case_worker)
    target = reverse("housing:grant_create", kwargs={"pk": world.citizen.pk})
    data = {
        "kind": "furniture_grant",
        "decision": "granted",
        "amount": "30.000,01",
        "decided_on": "2026-11-06",
        "reason": "",
    }
    asked = client.post(target, data)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "mere end sædvanligt" in page
    assert 'name="confirmed"' in page
    assert not Grant.objects.filter(kind="furniture_grant").exists()
    done = client.post(target, {**data, "confirmed": "on"})
    assert done.status_code == 302
    saved = Grant.objects.get(kind="furniture_grant")
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="housing.Grant", object_id=str(saved.pk)
    )
    assert entry.detail["confirmed_outside_bounds"] == [
        {"field": "amount", "bound": "bounds.grant.furniture.usual"}
    ]
    refused = client.post(target, {**data, "amount": "250.000.000", "confirmed": "on"})
    assert refused.status_code == 200
    assert "kan højst være 500.000,00 kr." in refused.content.decode()


def test_the_income_form_refuses_five_million_a_month(world: World, client: Client) -> None:
    login(client, world.case_worker)
    target = reverse("housing:income_add", kwargs={"pk": world.citizen.pk})
    response = client.post(
        target,
        {
            "kind": "wages",
            "monthly_after_tax": "5.000.000",
            "valid_from": "2026-11-01",
            "confirmed": "on",
        },
    )
    assert response.status_code == 200
    assert "kan højst være 250.000,00 kr." in response.content.decode()
    assert world.citizen.incomes.count() == 1


def test_the_lease_form_refuses_a_move_in_before_the_signing(world: World, client: Client) -> None:
    login(client, world.case_worker)
    person = world.other
    target = reverse("housing:tenancy_create", kwargs={"pk": person.pk})
    response = client.post(
        target,
        {
            "address": "Parkvej 3",
            "rent_monthly": "3.100",
            "lease_signed_on": "2026-11-10",
            "move_in": "2026-11-01",
        },
    )
    assert response.status_code == 200
    assert "Indflytningen kan ikke ligge før lejekontrakten er underskrevet." in (
        response.content.decode()
    )
    assert not person.tenancies.exists()

"""One of every housing row for a citizen, built through the services.

``housing_objects`` gives the URL kwargs the access test needs (``dwelling_pk``, ``offer_pk``, …)
for a citizen every citizen-facing role can see; call it with a case worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.housing import services
from hjemvej.housing.models import (
    AreaStatus,
    Dwelling,
    GrantKind,
    IncomeKind,
    Landlord,
    LandlordKind,
    OfferStatus,
)

TODAY = date(2026, 11, 21)


def landlord(actor: User, name: str = "Boligforeningen Vest", **kwargs: object) -> Landlord:
    assert actor.municipality is not None
    return services.landlord_create(
        actor=actor,
        municipality=actor.municipality,
        name=name,
        kind=str(kwargs.get("kind", LandlordKind.SOCIAL)),
    )


def dwelling(
    actor: User,
    owner: Landlord,
    *,
    address: str = "Vestergade 1, 1. tv.",
    rent: str = "3000",
    utilities: str = "400",
    area_m2: int = 45,
    rooms: int = 2,
    allocation: bool = True,
    area_status: str = AreaStatus.ORDINARY,
    postcode: str = "8000",
    deposit: str = "9000",
    kind: str = "family",
) -> Dwelling:
    assert actor.municipality is not None
    return services.dwelling_create(
        actor=actor,
        municipality=actor.municipality,
        data=services.DwellingData(
            landlord=owner,
            address=address,
            postcode=postcode,
            city="Aarhus C",
            area_m2=area_m2,
            rent_monthly=Decimal(rent),
            utilities_monthly=Decimal(utilities),
            deposit=Decimal(deposit),
            rooms=rooms,
            municipal_allocation=allocation,
            area_status=area_status,
            kind=kind,
        ),
    )


def cash_benefit(actor: User, citizen: Citizen, *, since: date = date(2025, 7, 1)) -> None:
    services.income_add(
        actor=actor,
        citizen=citizen,
        data=services.IncomeData(
            kind=IncomeKind.CASH_BENEFIT,
            monthly_after_tax=Decimal("7100"),
            valid_from=since,
            rates=("basic", "single_supplement"),
        ),
    )


def housing_objects(actor: User, citizen: Citizen) -> dict[str, int]:
    """Make a landlord, dwellings, an income, an offer, a lease, a risk and a grant; return ids."""
    owner = landlord(actor)
    cash_benefit(actor, citizen)
    home = dwelling(actor, owner)
    dwelling(actor, owner, address="Østergade 2, st.", rent="2800")
    offer = services.offer_create(
        actor=actor, citizen=citizen, dwelling=home, offered_on=date(2026, 9, 1), today=TODAY
    )
    services.offer_answer(
        actor=actor,
        offer=offer,
        answer=OfferStatus.ACCEPTED,
        answered_on=date(2026, 9, 3),
        today=TODAY,
    )
    tenancy = services.tenancy_create(
        actor=actor,
        citizen=citizen,
        offer=offer,
        lease_signed_on=date(2026, 9, 10),
        move_in=date(2026, 10, 1),
        today=TODAY,
    )
    risk = services.tenancy_risk_add(
        actor=actor,
        tenancy=tenancy,
        kind="arrears",
        noted_on=date(2026, 11, 5),
        amount=Decimal("3400"),
        today=TODAY,
    )
    grant = services.grant_create(
        actor=actor,
        citizen=citizen,
        data=services.GrantData(
            kind=GrantKind.HF_DEPOSIT,
            amount=Decimal("9000"),
            decided_on=date(2026, 9, 12),
            tenancy=tenancy,
        ),
        today=TODAY,
    )
    return {
        "dwelling_pk": home.pk,
        "landlord_pk": owner.pk,
        "offer_pk": offer.pk,
        "tenancy_pk": tenancy.pk,
        "risk_pk": risk.pk,
        "grant_pk": grant.pk,
        "income_pk": citizen.incomes.get().pk,
    }


def refused(call: Callable[..., Any], message: str, field: str | None) -> None:
    """Assert that the call raises a DomainError with this message on this field."""
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.message == message
    assert caught.value.field == field

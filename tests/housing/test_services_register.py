"""Landlords, dwellings and offers: what the services write and refuse (every Danish message)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from hjemvej.accounts.models import AuditEntry, Municipality, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.housing import services
from hjemvej.housing.models import (
    Dwelling,
    DwellingStatus,
    LandlordKind,
    OfferStatus,
)
from tests import factories
from tests.housing import world as build
from tests.housing.conftest import TODAY
from tests.housing.world import refused

pytestmark = pytest.mark.django_db


def town(user: User) -> Municipality:
    assert user.municipality is not None
    return user.municipality


# --- Landlords and dwellings --------------------------------------------------------------------


def data(owner: Any, **changes: Any) -> services.DwellingData:
    base = services.DwellingData(
        landlord=owner,
        address="Skolegade 4",
        postcode="8000",
        city="Aarhus C",
        area_m2=50,
        rent_monthly=Decimal("3200"),
    )
    return replace(base, **changes)


def test_landlord_and_dwelling_are_created_and_audited(cw: User) -> None:
    owner = build.landlord(cw)
    dwelling = services.dwelling_create(
        actor=cw, municipality=town(cw), data=data(owner, address="  Skolegade 4  ")
    )
    assert dwelling.address == "Skolegade 4"
    assert dwelling.status == DwellingStatus.AVAILABLE
    entries = AuditEntry.objects.filter(object_type="housing.Dwelling")
    assert entries.count() == 1
    assert entries.get().citizen is None


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"address": " "}, "Skriv boligens adresse.", "address"),
        ({"postcode": "800"}, "Postnummeret skal være fire cifre.", "postcode"),
        ({"city": ""}, "Skriv byen.", "city"),
        ({"kind": "castle"}, "Vælg boligtypen.", "kind"),
        ({"rooms": 0}, "Antallet af værelser skal være mellem 1 og 20.", "rooms"),
        ({"area_m2": 0}, "Arealet skal være mellem 1 og 1.000 m².", "area_m2"),
        ({"rent_monthly": Decimal(0)}, "Huslejen skal være større end 0 kr.", "rent_monthly"),
        ({"rent_monthly": Decimal(-1)}, "Huslejen kan ikke være negativ.", "rent_monthly"),
        ({"rent_monthly": Decimal("1e10")}, "Huslejen er for stor.", "rent_monthly"),
        (
            {"utilities_monthly": Decimal(-1)},
            "Forbruget kan ikke være negativt.",
            "utilities_monthly",
        ),
        ({"deposit": Decimal(-1)}, "Indskuddet kan ikke være negativt.", "deposit"),
        ({"area_status": "ghetto"}, "Vælg områdets status.", "area_status"),
        (
            {"status": DwellingStatus.LET},
            "En ny bolig er enten ledig eller ikke til rådighed.",
            "status",
        ),
    ],
)
def test_dwelling_refusals(cw: User, changes: dict[str, Any], message: str, field: str) -> None:
    owner = build.landlord(cw)
    refused(
        lambda: services.dwelling_create(
            actor=cw, municipality=town(cw), data=data(owner, **changes)
        ),
        message,
        field,
    )
    assert not Dwelling.objects.exists()


def test_allocation_needs_an_almen_landlord_and_the_landlord_the_municipality(cw: User) -> None:
    private = build.landlord(cw, "Privat Udlejer ApS", kind=LandlordKind.PRIVATE)
    refused(
        lambda: services.dwelling_create(
            actor=cw, municipality=town(cw), data=data(private, municipal_allocation=True)
        ),
        "Kommunal anvisning efter almenboligloven § 59 gælder kun almene boliger. Vælg en "
        "almen boligorganisation som udlejer, eller fjern krydset.",
        "municipal_allocation",
    )
    other = factories.user("anden", Role.CASE_WORKER, code="101")
    foreign = build.landlord(other, "Fremmed Bolig")
    refused(
        lambda: services.dwelling_create(actor=cw, municipality=town(cw), data=data(foreign)),
        "Udlejeren hører til en anden kommune.",
        "landlord",
    )


def test_landlord_refusals(cw: User) -> None:
    build.landlord(cw, "Boligforeningen Øst")
    municipality = cw.municipality
    assert municipality is not None
    refused(
        lambda: services.landlord_create(actor=cw, municipality=municipality, name=" "),
        "Skriv udlejerens navn.",
        "name",
    )
    refused(
        lambda: services.landlord_create(
            actor=cw, municipality=municipality, name="X", kind="bank"
        ),
        "Vælg udlejerens type.",
        "kind",
    )
    refused(
        lambda: services.landlord_create(
            actor=cw, municipality=municipality, name="boligforeningen øst"
        ),
        "Der findes allerede en udlejer med dette navn.",
        "name",
    )


def test_landlord_with_allocated_dwellings_stays_almen(cw: User) -> None:
    owner = build.landlord(cw)
    build.dwelling(cw, owner, allocation=True)
    refused(
        lambda: services.landlord_update(
            actor=cw, landlord=owner, name=owner.name, kind=LandlordKind.PRIVATE
        ),
        "Udlejeren har boliger med kommunal anvisning efter § 59, som kun gælder almene "
        "boliger. Ret boligerne først.",
        "kind",
    )
    services.landlord_update(actor=cw, landlord=owner, name="Nyt Navn", kind=owner.kind)
    owner.refresh_from_db()
    assert owner.name == "Nyt Navn"


def test_status_changes_by_hand_only_between_available_and_withdrawn(
    cw: User, person: Citizen
) -> None:
    owner = build.landlord(cw)
    home = build.dwelling(cw, owner)
    services.dwelling_update(
        actor=cw, dwelling=home, data=data(owner, status=DwellingStatus.WITHDRAWN)
    )
    assert Dwelling.objects.get(pk=home.pk).status == DwellingStatus.WITHDRAWN
    services.dwelling_update(actor=cw, dwelling=home, data=data(owner))
    services.offer_create(actor=cw, citizen=person, dwelling=home, offered_on=TODAY, today=TODAY)
    home.refresh_from_db()
    refused(
        lambda: services.dwelling_update(actor=cw, dwelling=home, data=data(owner)),
        "Status følger boligtilbud og lejemål, mens boligen er tilbudt eller udlejet. "
        "Besvar tilbuddet eller registrér fraflytningen.",
        "status",
    )


# --- Offers ---------------------------------------------------------------------------------------


def test_offer_reserves_and_declining_frees_the_dwelling(
    cw: User, person: Citizen, home: Dwelling
) -> None:
    offer = services.offer_create(
        actor=cw, citizen=person, dwelling=home, offered_on=TODAY, today=TODAY
    )
    assert Dwelling.objects.get(pk=home.pk).status == DwellingStatus.RESERVED
    other = factories.citizen(cw, first_name="Anden")
    refused(
        lambda: services.offer_create(
            actor=cw, citizen=other, dwelling=home, offered_on=TODAY, today=TODAY
        ),
        "Boligen er ikke ledig (status: tilbudt). Vælg en ledig bolig.",
        "dwelling",
    )
    refused(
        lambda: services.offer_answer(
            actor=cw, offer=offer, answer=OfferStatus.DECLINED, answered_on=TODAY, today=TODAY
        ),
        "Vælg hvorfor borgeren takkede nej.",
        "decline_reason",
    )
    services.offer_answer(
        actor=cw,
        offer=offer,
        answer=OfferStatus.DECLINED,
        answered_on=TODAY,
        today=TODAY,
        decline_reason="location",
    )
    assert Dwelling.objects.get(pk=home.pk).status == DwellingStatus.AVAILABLE
    refused(
        lambda: services.offer_answer(
            actor=cw, offer=offer, answer=OfferStatus.ACCEPTED, answered_on=TODAY, today=TODAY
        ),
        "Tilbuddet er allerede besvaret.",
        "answer",
    )


def test_offer_refusals(cw: User, person: Citizen, home: Dwelling) -> None:
    refused(
        lambda: services.offer_create(
            actor=cw, citizen=person, dwelling=home, offered_on=date(2026, 11, 22), today=TODAY
        ),
        "Tilbuddet kan ikke ligge i fremtiden.",
        "offered_on",
    )
    refused(
        lambda: services.offer_create(
            actor=cw,
            citizen=person,
            dwelling=home,
            offered_on=TODAY,
            answer_by=date(2026, 11, 20),
            today=TODAY,
        ),
        "Svarfristen kan ikke ligge før tilbuddet.",
        "answer_by",
    )
    outside = factories.citizen(
        factories.user("fremmed", Role.CASE_WORKER, code="101"), first_name="Ude", code="101"
    )
    refused(
        lambda: services.offer_create(
            actor=cw, citizen=outside, dwelling=home, offered_on=TODAY, today=TODAY
        ),
        "Boligen hører til en anden kommune end borgerens.",
        "dwelling",
    )
    offer = services.offer_create(
        actor=cw, citizen=person, dwelling=home, offered_on=date(2026, 11, 10), today=TODAY
    )
    for answer, when, reason, message, field in [
        ("maybe", TODAY, "", "Vælg svaret på tilbuddet.", "answer"),
        ("accepted", date(2026, 11, 9), "", "Svaret kan ikke ligge før tilbuddet.", "answered_on"),
        ("accepted", date(2026, 11, 22), "", "Svaret kan ikke ligge i fremtiden.", "answered_on"),
        (
            "accepted",
            TODAY,
            "rent",
            "En årsag gives kun, når borgeren takker nej.",
            "decline_reason",
        ),
    ]:
        refused(
            lambda answer=answer, when=when, reason=reason: services.offer_answer(
                actor=cw,
                offer=offer,
                answer=answer,
                answered_on=when,
                today=TODAY,
                decline_reason=reason,
            ),
            message,
            field,
        )

"""Leases, moving in (housed), moving out and the risks: what the services write and refuse."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import ByNameListEvent, Citizen, ListEventReason
from hjemvej.housing import services
from hjemvej.housing.models import (
    Dwelling,
    DwellingStatus,
    OfferStatus,
    Tenancy,
    TenancyEnd,
    TenancyRiskKind,
)
from tests import factories
from tests.housing.conftest import TODAY
from tests.housing.world import refused

pytestmark = pytest.mark.django_db


# --- Tenancies: the lease, moving in (housed), moving out ----------------------------------------


def accepted(cw: User, person: Citizen, home: Dwelling) -> Any:
    offer = services.offer_create(
        actor=cw, citizen=person, dwelling=home, offered_on=date(2026, 10, 1), today=TODAY
    )
    return services.offer_answer(
        actor=cw,
        offer=offer,
        answer=OfferStatus.ACCEPTED,
        answered_on=date(2026, 10, 3),
        today=TODAY,
    )


def test_moving_in_lets_the_dwelling_and_ends_homelessness(
    cw: User, person: Citizen, home: Dwelling
) -> None:
    offer = accepted(cw, person, home)
    tenancy = services.tenancy_create(
        actor=cw,
        citizen=person,
        offer=offer,
        lease_signed_on=date(2026, 10, 10),
        move_in=date(2026, 11, 1),
        today=TODAY,
    )
    assert tenancy.rent_monthly == home.rent_monthly  # the dwelling's rent by default
    assert Dwelling.objects.get(pk=home.pk).status == DwellingStatus.LET
    situation = person.situations.get()
    assert situation.end == date(2026, 11, 1)
    left = ByNameListEvent.objects.filter(citizen=person).order_by("-id").first()
    assert left is not None
    assert left.reason == ListEventReason.HOUSED
    assert left.date == date(2026, 11, 1)
    refused(
        lambda: services.tenancy_create(
            actor=cw,
            citizen=person,
            offer=offer,
            lease_signed_on=TODAY,
            move_in=TODAY,
            today=TODAY,
        ),
        "Borgeren har et lejemål, der ikke er afsluttet før indflytningen. "
        "Registrér fraflytningen fra det først.",
        "move_in",
    )


def test_a_future_move_in_ends_homelessness_when_the_day_has_come(
    cw: User, person: Citizen
) -> None:
    tenancy = services.tenancy_create(
        actor=cw,
        citizen=person,
        address="Parkvej 3, 8000 Aarhus C",
        rent_monthly=Decimal("3100"),
        lease_signed_on=TODAY,
        move_in=date(2026, 12, 1),
        today=TODAY,
    )
    assert person.situations.get().end is None
    refused(
        lambda: services.tenancy_housed(actor=cw, tenancy=tenancy, today=TODAY),
        "Indflytningsdagen er ikke kommet endnu.",
        "move_in",
    )
    services.tenancy_housed(actor=cw, tenancy=tenancy, today=date(2026, 12, 2))
    assert person.situations.get().end == date(2026, 12, 1)
    refused(
        lambda: services.tenancy_housed(actor=cw, tenancy=tenancy, today=date(2026, 12, 2)),
        "Borgeren har ingen hjemløshedssituation, der var i gang på indflytningsdagen, "
        "og er ikke på by-name-listen.",
        None,
    )


def test_a_citizen_discharged_before_the_lease_leaves_the_list_as_housed(
    cw: User, person: Citizen
) -> None:
    person.situations.update(end=date(2026, 11, 1))  # a discharge ended the situation
    services.tenancy_create(
        actor=cw,
        citizen=person,
        address="Parkvej 3, 8000 Aarhus C",
        rent_monthly=Decimal("3100"),
        lease_signed_on=date(2026, 11, 10),  # the move-in is not before the signing
        move_in=date(2026, 11, 15),
        today=TODAY,
    )
    last = person.list_events.order_by("-date", "-id").first()
    assert last is not None
    assert (last.kind, last.reason, last.date) == ("left", "housed", date(2026, 11, 15))


def test_tenancy_refusals(cw: User, person: Citizen, home: Dwelling) -> None:
    def create(**kwargs: Any) -> Any:
        values: dict[str, Any] = {
            "actor": cw,
            "citizen": person,
            "lease_signed_on": TODAY,
            "move_in": TODAY,
            "today": TODAY,
        }
        values.update(kwargs)
        return lambda: services.tenancy_create(**values)

    refused(
        create(),
        "Vælg et accepteret tilbud, eller skriv adressen på en bolig uden for registret.",
        "address",
    )
    refused(create(address="Vej 1"), "Skriv huslejen.", "rent_monthly")
    refused(
        create(address="Vej 1", rent_monthly=Decimal(0)),
        "Huslejen skal være større end 0 kr.",
        "rent_monthly",
    )
    refused(
        create(address="Vej 1", rent_monthly=Decimal(1), lease_signed_on=date(2026, 11, 22)),
        "Underskriften kan ikke ligge i fremtiden.",
        "lease_signed_on",
    )
    offer = services.offer_create(
        actor=cw, citizen=person, dwelling=home, offered_on=date(2026, 11, 1), today=TODAY
    )
    refused(create(offer=offer), "Borgeren har ikke takket ja til tilbuddet.", "offer")
    other = factories.citizen(cw, first_name="Anden")
    refused(create(offer=offer, citizen=other), "Tilbuddet er givet til en anden borger.", "offer")
    services.offer_answer(
        actor=cw, offer=offer, answer=OfferStatus.ACCEPTED, answered_on=TODAY, today=TODAY
    )
    refused(
        create(offer=offer, move_in=date(2026, 10, 31)),
        "Indflytningen kan ikke ligge før tilbuddet.",
        "move_in",
    )


def test_moving_out_frees_the_dwelling_and_an_eviction_is_kept(
    cw: User, person: Citizen, home: Dwelling
) -> None:
    tenancy = services.tenancy_create(
        actor=cw,
        citizen=person,
        offer=accepted(cw, person, home),
        lease_signed_on=date(2026, 10, 5),
        move_in=date(2026, 10, 15),
        today=TODAY,
    )
    for move_out, reason, message in [
        (date(2026, 10, 15), TenancyEnd.EVICTED, "Fraflytningen skal ligge efter indflytningen."),
        (date(2026, 11, 15), "", "Vælg årsagen til fraflytningen."),
    ]:
        refused(
            lambda move_out=move_out, reason=reason: services.tenancy_end(
                actor=cw, tenancy=tenancy, move_out=move_out, end_reason=reason, today=TODAY
            ),
            message,
            "move_out" if reason != "" else "end_reason",
        )
    services.tenancy_end(
        actor=cw,
        tenancy=tenancy,
        move_out=date(2026, 11, 15),
        end_reason=TenancyEnd.EVICTED,
        today=TODAY,
    )
    home.refresh_from_db()
    assert home.status == DwellingStatus.AVAILABLE
    assert home.available_from == date(2026, 11, 15)
    assert Tenancy.objects.get(pk=tenancy.pk).end_reason == TenancyEnd.EVICTED
    refused(
        lambda: services.tenancy_end(
            actor=cw,
            tenancy=tenancy,
            move_out=date(2026, 11, 16),
            end_reason=TenancyEnd.MOVED,
            today=TODAY,
        ),
        "Lejemålet er allerede afsluttet.",
        "move_out",
    )


# --- Risks ----------------------------------------------------------------------------------------


def test_risk_refusals(cw: User, tenancy: Tenancy) -> None:
    def add(**kwargs: Any) -> Any:
        values: dict[str, Any] = {
            "actor": cw,
            "tenancy": tenancy,
            "kind": TenancyRiskKind.ARREARS,
            "noted_on": TODAY,
            "today": TODAY,
            "amount": Decimal(100),
        }
        values.update(kwargs)
        return lambda: services.tenancy_risk_add(**values)

    refused(add(kind="fire"), "Vælg hvilken risiko der er tale om.", "kind")
    refused(add(noted_on=date(2026, 11, 22)), "Datoen kan ikke ligge i fremtiden.", "noted_on")
    refused(add(noted_on=date(2026, 8, 31)), "Datoen ligger før indflytningen.", "noted_on")
    refused(add(amount=None), "Skriv beløbet.", "amount")
    refused(add(amount=Decimal(0)), "Beløbet skal være større end 0 kr.", "amount")
    refused(
        add(kind=TenancyRiskKind.EVICTION_WARNING, amount=None),
        "Skriv fristen i varslet.",
        "deadline",
    )
    refused(add(deadline=date(2026, 11, 20)), "Fristen kan ikke ligge før datoen.", "deadline")
    risk = services.tenancy_risk_add(
        actor=cw,
        tenancy=tenancy,
        kind=TenancyRiskKind.EVICTION_WARNING,
        noted_on=date(2026, 11, 2),
        deadline=date(2026, 11, 16),
        today=TODAY,
    )
    refused(
        lambda: services.tenancy_risk_resolve(
            actor=cw, risk=risk, resolved_on=date(2026, 11, 1), today=TODAY
        ),
        "Datoen kan ikke ligge før risikoen blev registreret.",
        "resolved_on",
    )
    refused(
        lambda: services.tenancy_risk_resolve(
            actor=cw, risk=risk, resolved_on=date(2026, 11, 22), today=TODAY
        ),
        "Datoen kan ikke ligge i fremtiden.",
        "resolved_on",
    )
    services.tenancy_risk_resolve(
        actor=cw, risk=risk, resolved_on=TODAY, today=TODAY, note="Betalt"
    )
    refused(
        lambda: services.tenancy_risk_resolve(actor=cw, risk=risk, resolved_on=TODAY, today=TODAY),
        "Risikoen er allerede markeret som løst.",
        "resolved_on",
    )
    services.tenancy_end(
        actor=cw, tenancy=tenancy, move_out=date(2026, 11, 10), end_reason="moved", today=TODAY
    )
    refused(add(), "Lejemålet var afsluttet på datoen.", "noted_on")

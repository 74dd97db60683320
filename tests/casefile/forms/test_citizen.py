"""Registering and changing a citizen through the forms: create, edit, situations, consent."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.models import (
    Citizen,
    Consent,
    ListEventKind,
    ListEventReason,
    Situation,
)
from tests import factories
from tests.casefile.forms.world import CPR, World, as_user, messages_of, url

pytestmark = pytest.mark.django_db


# --- citizens --------------------------------------------------------------------------------


def test_create_registers_the_citizen_and_shows_the_page(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("create", world),
        {
            "cpr": "020285-2345",
            "first_name": "Ny",
            "last_name": "Borger",
            "gender": "female",
            "acting_municipality": world.citizen.acting_municipality_id,
            "situation": Situation.SOFA,
            "situation_start": "2026-11-01",
            "source": "outreach",
        },
        follow=True,
    )
    created = Citizen.objects.get(first_name="Ny")
    assert response.redirect_chain[-1][0] == reverse("citizens:detail", kwargs={"pk": created.pk})
    assert "Ny Borger er oprettet på listen." in messages_of(response)
    assert cpr_codec.decrypt(created.cpr_token) == "0202852345"
    assert created.situations.get().situation == Situation.SOFA
    assert "0202852345" not in response.redirect_chain[-1][0]


def test_create_without_cpr_name_or_alias_says_so(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("create", world),
        {
            "gender": "unknown",
            "acting_municipality": world.citizen.acting_municipality_id,
            "situation": Situation.SOFA,
            "situation_start": "2026-11-01",
            "source": "outreach",
        },
    )
    assert "Angiv CPR-nummer, navn eller et alias." in response.content.decode()


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        (CPR, "Der findes allerede en borger med dette CPR-nummer."),
        ("12345", "CPR-nummeret skal have 10 cifre"),
        ("3213901234", "CPR-nummerets datodel er ikke en gyldig fødselsdato."),
    ],
)
def test_create_shows_the_services_cpr_errors_on_the_field(
    client: Client, world: World, cpr: str, message: str
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    count = Citizen.objects.count()
    response = client.post(
        url("create", world),
        {
            "cpr": cpr,
            "first_name": "X",
            "gender": "unknown",
            "acting_municipality": world.citizen.acting_municipality_id,
            "situation": Situation.STREET,
            "situation_start": "2026-11-01",
            "source": "outreach",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'id="id_cpr_error">.*{re.escape(message)}', html)
    assert Citizen.objects.count() == count


def test_create_offers_only_the_users_municipality(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("create", world),
        {
            "first_name": "X",
            "gender": "unknown",
            "acting_municipality": world.users["stranger"].municipality_id,
            "situation": Situation.STREET,
            "situation_start": "2026-11-01",
            "source": "outreach",
        },
    )
    assert "Vælg en af mulighederne på listen." in response.content.decode()


def test_edit_changes_details_and_keeps_the_cpr_when_left_blank(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    page = client.get(url("edit", world)).content.decode()
    assert "Søren" in page
    assert CPR not in page
    assert "010190" not in page
    data = {
        "cpr": "",
        "first_name": "Søren",
        "last_name": "Berg",
        "alias": "",
        "gender": "male",
        "phone": "12345678",
        "email": "",
        "contact_note": "Værestedet",
        "acting_municipality": world.citizen.acting_municipality_id,
        "residence_municipality": "",
        "case_worker": world.citizen.case_worker_id,  # as the form shows it: the creator
    }
    response = client.post(url("edit", world), data)
    assert response.status_code == 302
    world.citizen.refresh_from_db()
    assert (world.citizen.last_name, world.citizen.phone) == ("Berg", "12345678")
    assert cpr_codec.decrypt(world.citizen.cpr_token) == CPR
    entry = AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="citizens.Citizen"
    ).get()
    assert "cpr" not in entry.detail["fields"]


def test_edit_refuses_a_cpr_of_another_citizen(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    other = factories.citizen(world.users[Role.CASE_WORKER], first_name="Tredje", cpr="0202852345")
    response = client.post(
        url("edit", world, pk=other.pk),
        {
            "cpr": CPR,
            "first_name": "Tredje",
            "gender": "unknown",
            "acting_municipality": other.acting_municipality_id,
        },
    )
    assert "Der findes allerede en borger med dette CPR-nummer." in response.content.decode()
    other.refresh_from_db()
    assert cpr_codec.decrypt(other.cpr_token) == "0202852345"
    # The refusal is logged against the number's holder, and the log outlives the rollback.
    refusal = AuditEntry.objects.get(action=AuditAction.SEARCH, citizen=world.citizen)
    assert refusal.detail == {"page": "citizen_update", "by": "cpr", "found": True}


def test_moving_a_citizen_to_another_municipality_leads_to_the_cross_border_page(
    client: Client, world: World
) -> None:
    """The old municipality no longer has the case but reads its own part (docs/access.md)."""
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("edit", world, pk=world.other.pk),
        {
            "first_name": "Dorte",
            "last_name": "Dobbelt",
            "gender": "unknown",
            "acting_municipality": world.users["stranger"].municipality_id,
        },
    )
    assert response.status_code == 302
    across = reverse("citizens:across", kwargs={"pk": world.other.pk})
    assert response.headers["Location"] == across
    assert client.get(across).status_code == 200
    assert client.get(url("detail", world, pk=world.other.pk)).status_code == 404


def test_situations_are_added_and_ended(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    added = client.post(
        url("situation_add", world, pk=world.other.pk),
        {"situation": Situation.HOTEL, "start": "2026-10-01", "source": "case_work", "note": ""},
    )
    assert added.status_code == 302
    assert world.other.situations.get(end__isnull=True).situation == Situation.HOTEL
    too_early = client.post(
        url("situation_add", world, pk=world.other.pk),
        {"situation": Situation.SOFA, "start": "2026-01-01", "source": "case_work"},
    )
    assert "begynder samme dag eller senere" in too_early.content.decode()
    page = client.get(url("situation_end", world, pk=world.other.pk)).content.decode()
    assert str(ListEventReason.HOUSED.label) in page
    assert str(ListEventReason.NEWLY_IDENTIFIED.label) not in page  # only the leaving reasons
    ended = client.post(
        url("situation_end", world, pk=world.other.pk),
        {"end": "2026-11-15", "reason": ListEventReason.HOUSED, "note": ""},
    )
    assert ended.status_code == 302
    assert world.other.list_events.order_by("-date", "-id")[0].kind == ListEventKind.LEFT


# --- stays -----------------------------------------------------------------------------------


def test_consent_is_added_and_withdrawn(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    added = client.post(
        url("consent_add", world),
        {
            "recipient": "Psykiatrien",
            "scope": "Behandlingsplan",
            "given_on": "2026-11-01",
            "kind": "other",
        },
    )
    assert added.status_code == 302
    consent = Consent.objects.get(recipient="Psykiatrien")
    assert consent.kind == "other"  # shares outside Hjemvej: opens nothing here
    early = client.post(
        url("consent_withdraw", world, consent_pk=consent.pk), {"withdrawn_on": "2026-10-01"}
    )
    assert "før det blev givet" in early.content.decode()
    done = client.post(
        url("consent_withdraw", world, consent_pk=consent.pk), {"withdrawn_on": "2026-11-10"}
    )
    assert done.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 11, 10)
    again = client.post(
        url("consent_withdraw", world, consent_pk=consent.pk), {"withdrawn_on": "2026-11-11"}
    )
    assert "allerede trukket tilbage" in again.content.decode()


# --- merge and undo ----------------------------------------------------------------------------

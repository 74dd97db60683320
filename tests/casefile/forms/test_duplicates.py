"""Finding the person before making a new one: the create and admit forms show possible matches."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import citizen_create
from hjemvej.shelters.models import Stay
from tests import factories
from tests.casefile.forms.world import World, as_user, url

pytestmark = pytest.mark.django_db

MATCHES = "Mulige match"


def creation(world: World, **extra: str) -> dict[str, Any]:
    return {
        "cpr": "",
        "first_name": "",
        "last_name": "",
        "alias": "",
        "gender": "unknown",
        "acting_municipality": world.citizen.acting_municipality_id,
        "situation": Situation.STREET,
        "situation_start": "2026-11-01",
        "source": "outreach",
        **extra,
    }


def admission(world: World, **extra: str) -> dict[str, Any]:
    return {
        "cpr": "",
        "first_name": "",
        "last_name": "",
        "alias": "",
        "acting_municipality": world.citizen.acting_municipality_id,
        "shelter": world.home.pk,
        "admitted": "2026-11-20",
        "stay_type": "stay",
        "prior_residence": "street",
        "own_payment": "statutory",
        **extra,
    }


def known_by_alias(world: World) -> Citizen:
    """A person the case worker knows by alias, never on the staff's shelter."""
    return citizen_create(
        actor=world.users[Role.CASE_WORKER],
        acting_municipality=world.citizen.acting_municipality,
        situation=Situation.STREET,
        situation_start=date(2026, 6, 1),
        today=factories.TODAY,
        alias="Søren fra Banegården",
        birth_date=date(1971, 5, 3),
        contact_note="Ses ved banegården om morgenen",
    )


# --- create (case workers) -------------------------------------------------------------------


def test_create_shows_a_similar_name_with_the_same_birth_date_first(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    count = Citizen.objects.count()
    response = client.post(
        url("create", world),
        creation(world, first_name="Soeren", last_name="Hansen", birth_date="1990-01-01"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert Citizen.objects.count() == count
    assert MATCHES in html
    assert "Søren Hansen" in html
    assert "født 1990" in html
    assert reverse("citizens:detail", kwargs={"pk": world.citizen.pk}) in html
    assert "Opret ny borger alligevel" in html
    assert 'value="Soeren"' in html  # the form keeps what was typed
    entry = AuditEntry.objects.get(citizen=world.citizen, action=AuditAction.SEARCH)
    assert entry.detail == {
        "page": "citizen_create",
        "reason": "mulig dobbeltregistrering ved oprettelse",
    }


def test_create_anyway_makes_the_citizen_and_logs_the_confirmation(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    typed = creation(world, first_name="Soeren", last_name="Hansen", birth_date="1990-01-01")
    response = client.post(
        url("create", world),
        typed | {"confirm_new": "1", "shown_matches": str(world.citizen.pk)},
    )
    created = Citizen.objects.get(first_name="Soeren")
    assert response.headers["Location"] == reverse("citizens:detail", kwargs={"pk": created.pk})
    entry = AuditEntry.objects.get(citizen=created, action=AuditAction.CREATE)
    assert entry.detail["confirmed_despite_possible_duplicates"] == [world.citizen.pk]


def test_create_anyway_shows_matches_the_user_has_not_seen(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    count = Citizen.objects.count()
    response = client.post(
        url("create", world),
        creation(world, first_name="Søren", last_name="Hansen", birth_date="1990-01-01")
        | {"confirm_new": "1", "shown_matches": "999999"},
    )
    assert MATCHES in response.content.decode()
    assert Citizen.objects.count() == count


def test_a_typed_cpr_number_is_not_echoed_with_the_matches(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("create", world),
        creation(world, cpr="010190-2345", first_name="Søren", last_name="Hansen"),
    )
    html = response.content.decode()
    assert MATCHES in html  # the birth date comes from the CPR number
    assert "2345" not in html
    assert 'value="010190' not in html
    assert "Skriv CPR-nummeret igen" in html
    entry = AuditEntry.objects.get(citizen=world.citizen, action=AuditAction.SEARCH)
    assert "2345" not in str(entry.detail)


def test_create_without_matches_goes_straight_on(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("create", world), creation(world, first_name="Helt", last_name="Ny", alias="Ny-Bo")
    )
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action=AuditAction.SEARCH).exists()


# --- admit (shelter staff) -------------------------------------------------------------------


def test_shelter_staff_are_shown_a_person_known_by_alias_and_no_more(
    client: Client, world: World
) -> None:
    known = known_by_alias(world)
    as_user(client, world, Role.SHELTER_STAFF)
    response = client.post(reverse("citizens:admit_new"), admission(world, alias="Søren"))
    html = response.content.decode()
    assert response.status_code == 200
    assert MATCHES in html
    assert "Søren fra Banegården" in html
    assert "født 1971" in html
    assert "03.05.1971" not in html
    assert "Ses ved banegården" not in html  # the municipality's notes are not shown
    assert "Gadesover" not in html  # nor the citizen's situation
    assert reverse("citizens:detail", kwargs={"pk": known.pk}) not in html
    assert 'name="use_match"' in html
    assert not Stay.objects.filter(citizen=known).exists()
    entry = AuditEntry.objects.get(citizen=known, action=AuditAction.SEARCH)
    assert entry.user == world.users[Role.SHELTER_STAFF]
    assert entry.detail["reason"] == "mulig dobbeltregistrering ved indskrivning"


def test_shelter_staff_admit_the_existing_record(client: Client, world: World) -> None:
    known = known_by_alias(world)
    as_user(client, world, Role.SHELTER_STAFF)
    count = Citizen.objects.count()
    response = client.post(
        reverse("citizens:admit_new"),
        admission(world, alias="Søren", use_match=str(known.pk)),
    )
    assert response.status_code == 302
    assert Citizen.objects.count() == count
    stay = known.stays.get()
    assert (stay.shelter, stay.admitted) == (world.home, date(2026, 11, 20))
    assert response.headers["Location"] == reverse("citizens:detail", kwargs={"pk": known.pk})


def test_a_citizen_that_is_not_a_match_cannot_be_chosen(client: Client, world: World) -> None:
    known_by_alias(world)
    as_user(client, world, Role.SHELTER_STAFF)
    response = client.post(
        reverse("citizens:admit_new"),
        admission(world, alias="Søren", use_match=str(world.other.pk)),
    )
    assert MATCHES in response.content.decode()
    assert not world.other.stays.exists()


def test_shelter_staff_admit_a_new_person_anyway(client: Client, world: World) -> None:
    known = known_by_alias(world)
    as_user(client, world, Role.SHELTER_STAFF)
    response = client.post(
        reverse("citizens:admit_new"),
        admission(world, alias="Søren", confirm_new="1", shown_matches=str(known.pk)),
    )
    assert response.status_code == 302
    created = Citizen.objects.get(alias="Søren")
    assert created.stays.get().shelter == world.home
    entry = AuditEntry.objects.get(
        citizen=created, action=AuditAction.CREATE, object_type="citizens.Citizen"
    )
    assert entry.detail["confirmed_despite_possible_duplicates"] == [known.pk]


def test_admit_does_not_echo_a_typed_unknown_cpr_number(client: Client, world: World) -> None:
    known_by_alias(world)
    as_user(client, world, Role.SHELTER_STAFF)
    response = client.post(
        reverse("citizens:admit_new"), admission(world, cpr="030571-4321", alias="Søren")
    )
    html = response.content.decode()
    assert MATCHES in html
    assert "4321" not in html
    assert "030571" not in html

"""The API's admission asks what the admission page asks before it creates or finds a citizen.

Possible duplicates of a new citizen come back as a 409 listing them (what the page shows that
user, logged as the page logs a showing); the client chooses one (``citizen``) or confirms the
new citizen despite exactly those shown (``confirmed_despite``). A known CPR number whose citizen
has another name than the one given comes back as a 409 asking to confirm, naming the citizen
only to a user who may see them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import citizen_create
from hjemvej.core import dates
from hjemvej.shelters.models import Stay
from tests import factories
from tests.api.world import World, api

CPR = "0202804321"
ALIAS = "Lange Niels fra Banegården"


def _admission(world: World, **extra: object) -> dict[str, object]:
    return {"shelter": world.shelter.pk, "admitted": str(dates.today()), **extra}


def _known_by_alias(world: World) -> Citizen:
    """A citizen of the shelter's municipality known by an alias, not a resident of the shelter."""
    return citizen_create(
        actor=world.users[Role.CASE_WORKER],
        acting_municipality=world.shelter.municipality,
        situation=Situation.STREET,
        situation_start=dates.today() - timedelta(days=100),
        today=dates.today(),
        alias=ALIAS,
    )


def _shown_entries(citizen: Citizen) -> list[dict[str, Any]]:
    return [
        entry.detail
        for entry in AuditEntry.objects.filter(action=AuditAction.SEARCH).order_by("id")
        if citizen.pk in factories.citizens_named([entry])
    ]


@pytest.mark.django_db
def test_a_new_citizen_like_a_known_one_is_answered_409_with_the_candidates(world: World) -> None:
    known = _known_by_alias(world)
    client = api(world, Role.SHELTER_STAFF)
    response = client.post("ophold/", _admission(world, alias="Lange Niels", cpr=""))
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["detail"][0]["field"] == "confirmed_despite"
    assert "findes måske allerede" in body["detail"][0]["msg"]
    assert body["candidates"] == [
        {
            "id": known.pk,
            "name": "",
            "alias": ALIAS,
            "birth_year": None,
            "reasons": ["lignende alias"],
            "visible": False,
        }
    ]
    assert not Citizen.objects.filter(alias="Lange Niels").exists()
    # Logged as the page logs a showing: a search against each citizen shown, with the reason.
    assert _shown_entries(known) == [
        {"page": "api:stay_admit", "reason": "mulig dobbeltregistrering ved indskrivning"}
    ]


@pytest.mark.django_db
def test_confirming_despite_exactly_the_candidates_shown_creates_the_citizen(
    world: World,
) -> None:
    known = _known_by_alias(world)
    client = api(world, Role.SHELTER_STAFF)
    for wrong in ([], [known.pk, world.citizen.pk], [world.citizen.pk]):
        refused = client.post(
            "ophold/", _admission(world, alias="Lange Niels", confirmed_despite=wrong)
        )
        assert refused.status_code == 409, (wrong, refused.content)
    done = client.post(
        "ophold/", _admission(world, alias="Lange Niels", confirmed_despite=[known.pk])
    )
    assert done.status_code == 201, done.content
    new = Citizen.objects.get(alias="Lange Niels")
    assert done.json()["citizen"] == new.pk
    created = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="citizens.Citizen", object_id=str(new.pk)
    )
    assert created.detail["confirmed_despite_possible_duplicates"] == [known.pk]


@pytest.mark.django_db
def test_a_candidate_shown_may_be_chosen_though_the_user_may_not_open_them(world: World) -> None:
    known = _known_by_alias(world)
    client = api(world, Role.SHELTER_STAFF)
    # Not among the candidates of what was typed (nothing typed): not found, as any other id.
    assert client.post("ophold/", _admission(world, citizen=known.pk)).status_code == 404
    chosen = client.post("ophold/", _admission(world, citizen=known.pk, alias="Lange Niels"))
    assert chosen.status_code == 201, chosen.content
    assert chosen.json()["citizen"] == known.pk
    assert Stay.objects.filter(citizen=known, shelter=world.shelter).exists()
    assert not Citizen.objects.filter(alias="Lange Niels").exists()


@pytest.mark.django_db
def test_the_candidates_are_what_the_page_would_show_that_user(world: World) -> None:
    # A citizen of another municipality is no candidate for the shelter's staff.
    stranger = factories.user("fremmed2", Role.CASE_WORKER, code="101")
    citizen_create(
        actor=stranger,
        acting_municipality=factories.municipality("101"),
        situation=Situation.STREET,
        situation_start=dates.today(),
        today=dates.today(),
        alias=ALIAS,
    )
    client = api(world, Role.SHELTER_STAFF)
    response = client.post("ophold/", _admission(world, alias="Lange Niels"))
    assert response.status_code == 201, response.content


@pytest.mark.django_db
def test_the_409_is_in_the_schema(world: World) -> None:
    schema = api(world, Role.CASE_WORKER).get("openapi.json").json()
    responses = schema["paths"]["/api/v1/ophold/"]["post"]["responses"]
    assert "409" in responses
    body = schema["components"]["schemas"]["AdmitIn"]["properties"]
    assert "confirmed_despite" in body
    assert "confirm_cpr_match" in body


@pytest.mark.django_db
def test_a_known_cpr_number_with_another_name_asks_to_confirm_without_naming_a_stranger(
    world: World,
) -> None:
    known = factories.citizen(
        world.users[Role.CASE_WORKER], first_name="Karen", last_name="Blixen", cpr=CPR
    )
    staff = api(world, Role.SHELTER_STAFF)
    for given in ({"first_name": "Bo", "last_name": "Berg"}, {}):
        response = staff.post("ophold/", _admission(world, cpr=CPR, **given))
        assert response.status_code == 409, response.content
        text = response.content.decode()
        assert "Karen" not in text
        assert "Blixen" not in text
        assert CPR not in text
        assert response.json()["detail"][0]["field"] == "cpr"
        assert response.json()["cpr_match"] is None
        # The shelter's staff cannot confirm a name they were not shown.
        confirmed = staff.post(
            "ophold/", _admission(world, cpr=CPR, confirm_cpr_match=True, **given)
        )
        assert confirmed.status_code == 409
    assert not Stay.objects.filter(citizen=known, shelter=world.shelter).exists()
    # The name Hjemvej knows, spelt a little differently, is the confirmation.
    done = staff.post("ophold/", _admission(world, cpr=CPR, first_name="karen", last_name="blixen"))
    assert done.status_code == 201, done.content
    assert done.json()["citizen"] == known.pk


@pytest.mark.django_db
def test_a_user_who_may_see_the_citizen_is_shown_the_name_and_may_confirm(world: World) -> None:
    known = factories.citizen(
        world.users[Role.CASE_WORKER], first_name="Karen", last_name="Blixen", cpr=CPR
    )
    worker = api(world, Role.CASE_WORKER)
    asked = worker.post("ophold/", _admission(world, cpr=CPR, first_name="Tania"))
    assert asked.status_code == 409, asked.content
    assert asked.json()["cpr_match"] == {"id": known.pk, "name": "Karen Blixen"}
    assert CPR not in asked.content.decode()
    done = worker.post(
        "ophold/", _admission(world, cpr=CPR, first_name="Tania", confirm_cpr_match=True)
    )
    assert done.status_code == 201, done.content
    assert done.json()["citizen"] == known.pk
    # Each look-up is logged, found.
    searches = AuditEntry.objects.filter(action=AuditAction.SEARCH, citizen=known)
    assert [e.detail for e in searches] == [
        {"page": "api:stay_admit", "by": "cpr", "found": True}
    ] * 2

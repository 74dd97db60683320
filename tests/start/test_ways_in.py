"""The ways in to create and admit a citizen, and the CPR search that found nobody.

The number searched for is carried in the session under a random token: it is never in an
address, never in a response in full, and the form that creates or admits uses it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.citizens import carried_cpr
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.models import Citizen
from hjemvej.shelters.models import Stay
from tests import factories
from tests.start.world import TODAY, World, build_world

pytestmark = pytest.mark.django_db

LIST = reverse("citizens:list")
CREATE = reverse("citizens:create")
ADMIT = reverse("citizens:admit_new")
NEW_CPR = "2811914455"
SHAPES = (NEW_CPR, "281191-4455")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


@pytest.fixture
def world() -> World:
    return build_world()


def html(response: Any) -> str:
    return str(response.content.decode())


def no_number(*texts: str) -> None:
    """Assert that no text holds the number in full (with or without the dash)."""
    for text in texts:
        for shape in SHAPES:
            assert shape not in text


# --- the ways in --------------------------------------------------------------------------------

WAYS: dict[
    str, tuple[bool, bool, bool]
] = {  # role: (create on the list, admit on the list, admit on the shelter's page)
    Role.CASE_WORKER: (True, True, True),
    Role.SHELTER_STAFF: (False, True, True),
    Role.SUPPORT_WORKER: (False, False, False),
    Role.MANAGER: (False, False, False),
}


@pytest.mark.parametrize("role", list(WAYS))
def test_the_ways_in_are_there_for_the_roles_that_may_use_them(
    client: Client, world: World, role: str
) -> None:
    create, admit, admit_here = WAYS[role]
    client.force_login(world.users[role])
    listing = html(client.get(LIST))
    assert (f'href="{CREATE}"' in listing) is create
    assert (f'href="{ADMIT}"' in listing) is admit
    shelter_page = html(client.get(reverse("shelters:detail", args=[world.shelter.pk])))
    assert (f'href="{ADMIT}?boform={world.shelter.pk}"' in shelter_page) is admit_here


def test_shelter_staff_may_admit_only_at_their_own_shelter(client: Client, world: World) -> None:
    other = factories.shelter("Et andet herberg")
    client.force_login(world.users[Role.SHELTER_STAFF])
    page = html(client.get(reverse("shelters:detail", args=[other.pk])))
    assert ADMIT not in page
    # Asking for another shelter in the address does not choose it.
    form = html(client.get(f"{ADMIT}?boform={other.pk}"))
    assert f'value="{other.pk}" selected' not in form


def test_the_shelter_page_chooses_its_shelter_in_the_admission(
    client: Client, world: World
) -> None:
    other = factories.shelter("Et andet herberg")
    client.force_login(world.users[Role.CASE_WORKER])
    page = html(client.get(reverse("shelters:detail", args=[other.pk])))
    assert f'href="{ADMIT}?boform={other.pk}"' in page
    form = html(client.get(f"{ADMIT}?boform={other.pk}"))
    assert f'<option value="{other.pk}" selected>' in form
    assert client.get(f"{ADMIT}?boform=abc").status_code == 200  # nonsense is ignored


# --- a CPR search that finds nobody ---------------------------------------------------------------


def search(client: Client, number: str = NEW_CPR) -> tuple[str, str]:
    """Search for the number; return the address it leads to and the page there."""
    response = client.post(LIST, {"cpr": number, "filters": ""})
    assert response.status_code == 302
    location = response["Location"]
    page = html(client.get(location))
    no_number(location, page)
    assert "Ingen borger med dette CPR-nummer" in page
    return location, page


def offer_link(page: str, path: str) -> str:
    start = page.index(f'href="{path}?{carried_cpr.PARAMETER}=') + len('href="')
    return page[start : page.index('"', start)]


def test_the_case_worker_creates_the_citizen_searched_for(
    client: Client, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    worker = world.users[Role.CASE_WORKER]
    client.force_login(worker)
    _, page = search(client, "281191-4455")
    assert "Opret borger med dette CPR-nummer" in page
    assert "Indskriv borger med dette CPR-nummer" in page
    link = offer_link(page, CREATE)
    no_number(link)
    form = html(client.get(link))
    no_number(form)
    assert cpr_codec.mask(NEW_CPR) in form  # 281191-****
    assert "disabled" in form[form.index('name="cpr"') - 200 : form.index('name="cpr"') + 200]
    # A form with an error shows the carried number masked again, never in full.
    failed = html(client.post(link, {"first_name": "Ny"}))
    assert "Fejl" in failed
    no_number(failed)
    assert cpr_codec.mask(NEW_CPR) in failed
    # A CPR number posted in the form does not replace the carried one.
    response = client.post(
        link,
        {
            "cpr": "0101010000",
            "first_name": "Ny",
            "last_name": "Borger",
            "gender": "unknown",
            "acting_municipality": worker.municipality_id,
            "situation": "street",
            "situation_start": "01.11.2026",
            "source": "case_work",
        },
    )
    assert response.status_code == 302, html(response)
    no_number(response["Location"])
    citizen = Citizen.objects.get(first_name="Ny")
    assert citizen.cpr_hash == cpr_codec.lookup_hash(NEW_CPR)
    page = html(client.get(response["Location"]))
    no_number(page)
    # The token is used up: the same address no longer carries the number.
    again = html(client.get(link))
    assert cpr_codec.mask(NEW_CPR) not in again
    assert carried_cpr.EXPIRED in again
    searches = AuditEntry.objects.filter(action=AuditAction.SEARCH, detail__by="cpr")
    assert [e.detail["found"] for e in searches] == [False]
    assert NEW_CPR not in caplog.text


def test_shelter_staff_admit_the_citizen_searched_for(client: Client, world: World) -> None:
    staff = world.users[Role.SHELTER_STAFF]
    client.force_login(staff)
    _, page = search(client)
    assert "Opret borger med dette CPR-nummer" not in page
    link = offer_link(page, ADMIT)
    form = html(client.get(link))
    no_number(form)
    assert cpr_codec.mask(NEW_CPR) in form
    response = client.post(
        link,
        {
            "first_name": "Ny",
            "last_name": "Beboer",
            "acting_municipality": staff.shelter.municipality_id if staff.shelter else "",
            "shelter": world.shelter.pk,
            "admitted": "20.11.2026",
            "stay_type": "stay",
            "prior_residence": "unknown",
            "own_payment": "statutory",
        },
    )
    assert response.status_code == 302, html(response)
    stay = Stay.objects.get(citizen__first_name="Ny")
    assert stay.citizen.cpr_hash == cpr_codec.lookup_hash(NEW_CPR)
    no_number(response["Location"], html(client.get(response["Location"])))


@pytest.mark.parametrize("role", [Role.SUPPORT_WORKER, Role.MANAGER])
def test_roles_that_may_not_create_get_no_offer(client: Client, world: World, role: str) -> None:
    client.force_login(world.users[role])
    _, page = search(client)
    assert carried_cpr.PARAMETER not in page
    assert "citizens.carried_cpr" not in client.session


def test_a_carried_number_expires_and_stays_with_its_session(world: World) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    now = timezone.now()
    token = carried_cpr.carry(session, NEW_CPR, now=now)
    assert carried_cpr.carried(session, token, now=now) == NEW_CPR
    later: datetime = now + carried_cpr.LIFETIME + timedelta(seconds=1)
    assert carried_cpr.carried(session, token, now=later) is None
    assert carried_cpr.carried(session, "gæt", now=now) is None
    assert carried_cpr.carried(SessionStore(), token, now=now) is None  # another user's session
    assert NEW_CPR not in str(dict(session.items()))  # kept encrypted


def test_another_users_token_carries_nothing(client: Client, world: World) -> None:
    client.force_login(world.users[Role.CASE_WORKER])
    _, page = search(client)
    link = offer_link(page, CREATE)
    other = Client()
    other.force_login(factories.user("anden", Role.CASE_WORKER))
    form = html(other.get(link))
    assert cpr_codec.mask(NEW_CPR) not in form

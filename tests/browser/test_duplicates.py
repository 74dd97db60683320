"""Shelter staff admit a person who already exists by alias: the match is shown, not made twice.

The first journey starts at the admission form by its address (/borgere/indskriv/), the second at
the login page and goes on by clicks only (start page, the shelter's page, "Indskriv borger").
axe-core checks the form and the matches at 1280 px (and at 360 px in the first).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import citizen_create
from hjemvej.core import dates
from tests import factories
from tests.browser.conftest import assert_accessible

PASSWORD = "test-adgangskode-1"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def known(live_server: Any) -> dict[str, Any]:
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    worker = factories.user("rita", Role.CASE_WORKER)
    shelter = factories.shelter("Herberget Havnely")
    factories.user("boform", Role.SHELTER_STAFF, shelter=shelter)
    citizen = citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.STREET,
        situation_start=date(2026, 6, 1),
        today=factories.TODAY,
        alias="Søren fra Banegården",
        birth_date=date(1971, 5, 3),
        contact_note="Ses ved banegården om morgenen",
    )
    return {"url": live_server.url, "citizen": citizen, "shelter": shelter}


def test_shelter_staff_admit_the_person_they_already_know_by_alias(
    page: Page, known: dict[str, Any]
) -> None:
    base = known["url"]
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill("boform")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    # Signed in: the start page (on a phone the menu is folded behind its button, so not that).
    expect(page).not_to_have_url(re.compile(r"/login/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"{base}/borgere/indskriv/")
    expect(page.get_by_role("heading", name="Indskriv borger")).to_be_visible()
    assert_accessible(page, "admission form")
    page.get_by_label("Alias").fill("Søren")
    count = Citizen.objects.count()
    page.get_by_role("button", name="Indskriv", exact=True).click()

    matches = page.locator("#mulige-match")
    expect(page.get_by_role("heading", name="Mulige match")).to_be_visible()
    expect(matches).to_contain_text("Søren fra Banegården")
    expect(matches).to_contain_text("født 1971")
    expect(matches).not_to_contain_text("banegården om morgenen")
    expect(page.get_by_role("button", name="Opret ny borger alligevel")).to_be_visible()
    assert_accessible(page, "admission with matches")
    page.set_viewport_size({"width": 360, "height": 740})
    assert_accessible(page, "admission with matches at 360 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("button", name="Indskriv Søren fra Banegården").click()
    expect(page.get_by_role("heading", name="Søren fra Banegården")).to_be_visible()
    expect(page.get_by_text("Borgeren er indskrevet på Herberget Havnely")).to_be_visible()
    assert Citizen.objects.count() == count  # no new citizen
    assert known["citizen"].stays.get().shelter == known["shelter"]


def test_shelter_staff_admit_the_known_person_from_their_shelters_page(
    page: Page, known: dict[str, Any]
) -> None:
    """By clicks only: the start page, the shelter's page, "Indskriv borger", the match."""
    base, shelter = known["url"], known["shelter"]
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill("boform")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1, name="Forside")).to_be_visible()
    assert_accessible(page, "start page")

    page.get_by_role("link", name="Se boformen").click()
    expect(page.get_by_role("heading", level=1, name="Herberget Havnely")).to_be_visible()
    assert_accessible(page, "shelter page")
    page.get_by_role("link", name="Indskriv borger", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Indskriv borger")).to_be_visible()
    expect(page.get_by_label("Boform")).to_have_value(str(shelter.pk))
    assert_accessible(page, "admission form from the shelter page")
    page.get_by_label("Alias").fill("Søren fra Banegården")
    page.get_by_role("button", name="Indskriv", exact=True).click()

    expect(page.get_by_role("heading", name="Mulige match")).to_be_visible()
    expect(page.locator("#mulige-match")).to_contain_text("Søren fra Banegården")
    assert_accessible(page, "admission with the match")
    page.get_by_role("button", name="Indskriv Søren fra Banegården").click()
    expect(page.get_by_role("heading", level=1, name="Søren fra Banegården")).to_be_visible()
    expect(page.get_by_text("Borgeren er indskrevet på Herberget Havnely")).to_be_visible()
    assert_accessible(page, "the admitted citizen")

    same = Citizen.objects.filter(alias="Søren fra Banegården")
    assert same.count() == 1  # the existing record, not a second one
    assert same.get() == known["citizen"]
    stay = known["citizen"].stays.get()
    assert stay.shelter == shelter
    assert stay.admitted == dates.today()  # the form's default: the day of admission
    assert stay.discharged is None

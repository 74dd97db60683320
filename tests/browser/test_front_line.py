"""The front line in a real browser: a case worker goes from the login page to the create form by
clicks only, from the start page and from a CPR search that found nobody.

axe-core checks each page against WCAG 2.1 A and AA at 1280 px and at 360 px, where no page may
scroll sideways.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role
from hjemvej.citizens.models import Citizen
from hjemvej.shelters.models import Stay
from tests import factories
from tests.browser.conftest import axe_violations, describe

PASSWORD = "test-adgangskode-1"
NEW_CPR = "2811914455"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def base(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: factories.TODAY)
    worker = factories.user("rita", Role.CASE_WORKER)
    factories.shelter("Herberget Vesterbro")
    factories.citizen(worker, first_name="Karen", last_name="Blixen")
    return str(live_server.url)


def checked(page: Page, name: str, width: int) -> list[str]:
    """Return what axe finds on the page, and whether it scrolls sideways on a small screen."""
    findings = [f"{name} at {width} px: {describe(v)}" for v in [axe_violations(page)] if v]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        findings.append(f"{name}: {scroll} px wide on a {width} px screen")
    return findings


@pytest.mark.parametrize("width", [1280, 360])
def test_from_the_login_page_to_the_create_form_by_clicks(
    page: Page, base: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    findings: list[str] = []
    page.goto(f"{base}/")  # the start page sends a signed-out user to the login page
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    findings += checked(page, "login", width)
    page.get_by_label("Brugernavn").fill("rita")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    expect(page.get_by_role("heading", level=1, name="Forside")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Mine borgere")).to_be_visible()
    findings += checked(page, "start page", width)
    page.get_by_role("link", name="Opret borger", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Opret borger")).to_be_visible()
    findings += checked(page, "create form", width)

    # The rules in force are one click away, from the footer.
    page.get_by_role("link", name="Regler i kraft i dag").first.click()
    expect(page.get_by_role("heading", level=1, name="Regler i kraft i dag")).to_be_visible()
    findings += checked(page, "rules", width)
    assert findings == []


def test_a_cpr_search_that_finds_nobody_leads_to_the_create_form(page: Page, base: str) -> None:
    findings: list[str] = []
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill("rita")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Borgere").click()
    expect(page.get_by_role("link", name="Opret borger", exact=True)).to_be_visible()
    page.get_by_role("textbox", name="CPR-nummer").fill(NEW_CPR)
    page.get_by_role("button", name="Find borger").click()
    expect(page.get_by_text("Ingen borger med dette CPR-nummer")).to_be_visible()
    findings += checked(page, "list with the offer", 1280)
    assert NEW_CPR not in page.url
    assert NEW_CPR not in page.content()
    page.get_by_role("link", name="Opret borger med dette CPR-nummer").click()
    expect(page.get_by_role("heading", level=1, name="Opret borger")).to_be_visible()
    cpr = page.get_by_role("textbox", name="CPR-nummer")
    expect(cpr).to_have_value("281191-****")
    expect(cpr).to_be_disabled()
    assert NEW_CPR not in page.url
    assert NEW_CPR not in page.content()
    findings += checked(page, "create form with the carried number", 1280)
    page.set_viewport_size({"width": 360, "height": 740})
    findings += checked(page, "create form with the carried number", 360)
    assert findings == []


def test_an_amount_above_its_usual_bound_is_confirmed_at_the_field_by_keyboard(
    page: Page, base: str
) -> None:
    # An agreed daily rate above the usual bound: the form asks at the field, the page passes axe
    # at both widths after the refused submit, and ticking »Jeg bekræfter beløbet« saves the stay.
    citizen = Citizen.objects.get(first_name="Karen")
    findings: list[str] = []
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill("rita")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.goto(f"{base}/borgere/{citizen.pk}/ophold/indskriv/")
    page.get_by_label("Boform").select_option(index=1)
    page.get_by_label("Indskrevet").fill(f"{factories.TODAY:%Y-%m-%d}")
    page.get_by_label("Aftalt takst pr. døgn (kr.)").fill("5.000,01")
    page.get_by_label("Aftalt takst pr. døgn (kr.)").press("Enter")

    confirm = page.get_by_role("checkbox", name="Jeg bekræfter beløbet")
    expect(confirm).to_be_visible()
    expect(page.get_by_text("mere end sædvanligt").first).to_be_visible()
    assert not Stay.objects.filter(citizen=citizen).exists()
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        findings += checked(page, "admission asking to confirm the rate", width)
    assert findings == []

    confirm.focus()
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    page.get_by_role("button", name="Indskriv").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Karen Blixen")
    stay = Stay.objects.get(citizen=citizen)
    assert stay.agreed_daily_rate == Decimal("5000.01")

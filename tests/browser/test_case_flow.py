"""A case worker's day in a real browser: log in, find a citizen, admit, discharge, read the law.

axe-core checks every main page against WCAG 2.1 A and AA on the way.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role
from hjemvej.shelters.services import stay_admit, stay_discharge
from tests import factories
from tests.browser.conftest import assert_accessible

PASSWORD = "test-adgangskode-1"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def case(live_server: Any) -> dict[str, Any]:
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    worker = factories.user("rita", Role.CASE_WORKER)
    shelter = factories.shelter("Herberget Vesterbro", rate="1800.00")
    citizen = factories.citizen(worker, first_name="Karen", last_name="Blixen", cpr="0101801234")
    # A first stay opens the reimbursement window on 1 January 2026 (59 nights).
    first = stay_admit(
        actor=worker,
        citizen=citizen,
        shelter=shelter,
        admitted=date(2026, 1, 1),
        today=factories.TODAY,
    )
    stay_discharge(actor=worker, stay=first, discharged=date(2026, 3, 1), today=factories.TODAY)
    return {"url": live_server.url, "citizen": citizen, "shelter": shelter}


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/login/")
    assert_accessible(page, "login")
    page.get_by_label("Brugernavn").fill("rita")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    # Signed in: the start page (on a phone the menu is folded behind its button, so not that).
    expect(page).not_to_have_url(re.compile(r"/login/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_admit_and_discharge_change_the_timeline_and_the_explanation(
    page: Page, case: dict[str, Any]
) -> None:
    base = case["url"]
    log_in(page, base)

    page.get_by_role("link", name="Borgere").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "by-name list")
    page.get_by_label("Navn eller alias").fill("Blixen")
    page.get_by_label("Navn eller alias").press("Enter")
    page.get_by_role("link", name="Karen Blixen").click()

    expect(page.get_by_role("heading", name="Karen Blixen")).to_be_visible()
    assert_accessible(page, "citizen page")
    assert "0101801234" not in page.content()  # masked until asked for
    refusion = page.locator("section[aria-labelledby='refusion']")
    expect(refusion).to_contain_text("dag 1–59 i vinduet 01.01.2026–31.12.2026")
    timeline = page.locator("svg.tl[role='img']")
    expect(timeline).to_contain_text("Herberget Vesterbro")
    bars_before = timeline.locator("rect").count()

    # Admit: an open stay from 1 June; by today the cap of 120 days in the window is reached.
    page.get_by_role("link", name="Indskriv på boform").click()
    assert_accessible(page, "admission form")
    page.get_by_label("Boform").select_option(value=str(case["shelter"].pk))
    page.get_by_label("Indskrevet").fill("2026-06-01")
    page.locator("#main-content form button[type='submit']").first.click()
    expect(page.get_by_role("heading", name="Karen Blixen")).to_be_visible()
    expect(refusion).to_contain_text("dag 60–120 i vinduet 01.01.2026–31.12.2026")
    expect(refusion).to_contain_text("loftet på 120 dage")
    assert timeline.locator("rect").count() > bars_before

    # Discharge on 1 August: 61 nights, all within the cap; no day past the cap any more.
    page.get_by_role("link", name=re.compile("^Udskriv")).first.click()
    assert_accessible(page, "discharge form")
    page.get_by_label("Udskrevet").fill("2026-08-01")
    page.locator("#main-content form button[type='submit']").first.click()
    expect(page.get_by_role("heading", name="Karen Blixen")).to_be_visible()
    expect(refusion).to_contain_text("01.06.2026–31.07.2026 (61 dage): refusion: dag 60–120")
    expect(refusion).not_to_contain_text("loftet på 120 dage")

    # The full CPR number only on request, and the request is a POST.
    page.get_by_role("button", name=re.compile("Vis fuldt CPR-nummer")).click()
    expect(page.get_by_text("010180-1234")).to_be_visible()
    assert "0101801234" not in page.url


def test_shelter_pages_and_start_page_are_accessible(page: Page, case: dict[str, Any]) -> None:
    base = case["url"]
    log_in(page, base)
    assert_accessible(page, "start page")
    page.goto(f"{base}/boformer/")
    expect(page.get_by_role("link", name="Herberget Vesterbro")).to_be_visible()
    assert_accessible(page, "shelters")
    page.get_by_role("link", name="Herberget Vesterbro").click()
    expect(page.get_by_role("heading", name="Herberget Vesterbro")).to_be_visible()
    assert_accessible(page, "shelter page")


def test_a_small_screen_keeps_the_menu_and_log_off(page: Page, case: dict[str, Any]) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, case["url"])
    expect(page.get_by_role("button", name="Log af")).to_be_visible()
    page.goto(f"{case['url']}/borgere/")
    assert_accessible(page, "by-name list on a phone")

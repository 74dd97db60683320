"""What the two journeys home share: the world around the citizen and the pages' common parts.

``test_journey.py`` (from the street) and ``test_way_out.py`` (from a shelter) follow the same
citizen, Mads Vestergaard, to the same dwelling on the same move-in day, in the same
municipality: the staff, the shelters, the dwelling, the clock the pages read and the helpers that
find the menu, the success message and the citizen's tabs live here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.core.cache import cache
from playwright.sync_api import Locator, Page, expect

from hjemvej.accounts.models import Role, User
from hjemvej.shelters.models import Shelter
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.housing import world as build

PASSWORD = "test-adgangskode-1"  # tests/factories.py
TODAY = factories.TODAY  # Saturday 21 November 2026
MOVE_IN = date(2026, 12, 28)  # five weeks on: support starts more than a month before
ADDRESS = "Solsikkevej 7, 1. th."
NAME = "Mads Vestergaard"


@dataclass
class Clock:
    """The day the pages think it is; the test moves it forward to the move-in day."""

    today: date = TODAY


@dataclass
class Surroundings:
    """The staff and shelters around the citizen; a dwelling at ``ADDRESS`` waits to be offered."""

    clock: Clock
    rikke: User  # the case worker
    inside: Shelter  # Herberget Havnely, the municipality's own
    outside: Shelter  # Herberget Ude, in Copenhagen


def staff(username: str, role: str, team: str, last_name: str) -> User:
    made = factories.user(username, role)
    made.team, made.last_name = team, last_name
    made.save(update_fields=["team", "last_name"])
    return made


def surroundings(monkeypatch: pytest.MonkeyPatch) -> Surroundings:
    """Build the world around the citizen through the services; the pages read ``clock.today``."""
    clock = Clock()
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: clock.today)
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    cache.clear()  # the § 177 memo: this test starts from its own data
    rikke = staff("rikke", Role.CASE_WORKER, "Hjemløseteamet", "Holm")
    staff("bo", Role.SUPPORT_WORKER, "CTI-teamet", "Berg")
    inside = factories.shelter("Herberget Havnely", code="751")
    outside = factories.shelter("Herberget Ude", code="101")
    owner = build.landlord(rikke, "Boligselskabet Kystbo")
    build.dwelling(rikke, owner, address=ADDRESS, rent="2600", utilities="300", deposit="7800")
    return Surroundings(clock, rikke, inside, outside)


def log_in(page: Page, url: str) -> None:
    """Log in as the case worker from the login page, the only address typed."""
    page.goto(f"{url}/login/")
    assert_accessible(page, "login")
    page.get_by_label("Brugernavn").fill("rikke")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


def menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Hovedmenu")


def status(page: Page) -> Locator:
    """The page's success message."""
    return page.get_by_role("status")


def tab(page: Page, name: str) -> None:
    """Open one of the citizen's tabs by its link."""
    page.get_by_role("link", name=name, exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name=NAME)).to_be_visible()


def offer_accepted(page: Page) -> None:
    """On the offer form: offer the dwelling, record that the citizen said yes; on to the lease."""
    assert_accessible(page, "offer form")
    page.get_by_role("button", name="Tilbyd boligen").click()
    expect(status(page)).to_contain_text(f"Boligen {ADDRESS} er tilbudt.")
    page.get_by_role("link", name=f"Registrér svar på {ADDRESS}").click()
    assert_accessible(page, "answer form")
    page.get_by_label("Svar", exact=True).select_option("accepted")
    page.get_by_role("button", name="Gem svaret").click()
    expect(status(page)).to_contain_text("Borgeren har takket ja. Registrér lejekontrakten.")
    assert_accessible(page, "lease form")


def weekly_row(page: Page) -> Locator:
    """The citizen's row on the weekly follow-up list."""
    return page.get_by_role("row").filter(has_text=NAME)


def weekly_list(page: Page) -> Locator:
    """Open the weekly follow-up from the menu; return the citizen's row."""
    menu(page).get_by_role("link", name="Opgaver").click()
    expect(page.get_by_role("heading", level=1, name="Opgaver")).to_be_visible()
    assert_accessible(page, "task list")
    page.get_by_role("link", name="Ugentlig opfølgning på borgere på eksterne boformer").click()
    expect(page.get_by_role("heading", level=1, name="Ugentlig opfølgning")).to_be_visible()
    return weekly_row(page)

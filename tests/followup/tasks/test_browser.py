"""The weekly follow-up in a real browser: the list, a contact recorded, the next date moved.

axe-core checks the task list and the weekly list against WCAG 2.1 A and AA, on a laptop and
at 360 px.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Municipality
from tests import factories
from tests.browser.conftest import assert_accessible
from tests.followup.tasks.conftest import TODAY, World, build_world

PASSWORD = "test-adgangskode-1"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[str, World]:
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    return live_server.url, build_world()


def test_weekly_follow_up_and_the_task_list(page: Page, site: tuple[str, World]) -> None:
    base, _ = site
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill("sara")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    page.goto(f"{base}/opgaver/")
    expect(page.get_by_role("heading", level=1, name="Opgaver")).to_be_visible()
    expect(page.get_by_text("Kontakt borger og boform").first).to_be_visible()
    assert_accessible(page, "task list, mine")

    page.get_by_label("Vis", exact=True).select_option("alle")
    page.get_by_role("button", name="Vis", exact=True).click()
    expect(page.get_by_text("Find en bolig til løsladelsen").first).to_be_visible()
    assert_accessible(page, "task list, all")
    done = page.get_by_role("button", name=re.compile(r"^Udført\W+Ring til boformen$"))
    done.click()
    expect(page.get_by_role("status")).to_contain_text("Opgaven er markeret som udført.")
    expect(done).to_have_count(0)

    page.get_by_role("link", name="Ugentlig opfølgning på borgere på eksterne boformer").click()
    expect(page.get_by_role("heading", level=1, name="Ugentlig opfølgning")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Anna Testesen")
    expect(row).to_contain_text("Herberget Ude")
    expect(row).to_contain_text("25.11.2026")
    assert_accessible(page, "weekly list")

    row.get_by_role("link", name=re.compile(r"^Registrér kontakt\W+med Anna Testesen$")).click()
    page.get_by_label("Kontaktform").select_option("visit")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_contain_text("Kontakten er registreret.")

    page.goto(f"{base}/opgaver/ugentlig/")
    row = page.get_by_role("row").filter(has_text="Anna Testesen")
    expect(row).to_contain_text("21.11.2026")  # the last contact: today
    expect(row).to_contain_text("28.11.2026")  # the next one: in a week

    page.set_viewport_size({"width": 360, "height": 740})
    assert_accessible(page, "weekly list at 360 px")
    page.goto(f"{base}/opgaver/?vis=alle")
    assert_accessible(page, "task list at 360 px")


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()


@pytest.mark.parametrize("username", ["sara", "lene"])
def test_task_triage_on_a_phone_and_a_laptop(
    page: Page, site: tuple[str, World], username: str
) -> None:
    """At 360 px the filters fold away and the first task is on the first screen."""
    base, _ = site
    Municipality.objects.filter(code="751").update(started_on=date(2026, 3, 1))
    log_in(page, base, username)

    page.goto(f"{base}/opgaver/")
    heading = re.compile(r"^(Overskredet|Denne uge|Senere) \(\d+\)")
    expect(page.get_by_role("columnheader", name=heading).first).to_be_visible()
    expect(page.get_by_label("Vis", exact=True)).to_be_visible()  # the filters open on a laptop
    expect(page.locator("#ikke-fordelt")).to_contain_text("Ikke fordelt")
    assert_accessible(page, f"task triage, {username}, 1280 px")

    height = 740
    page.set_viewport_size({"width": 360, "height": height})
    page.goto(f"{base}/opgaver/")
    expect(page.get_by_label("Vis", exact=True)).to_be_hidden()  # folded behind the disclosure
    first = page.locator("tr.task-row").first
    box = first.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= height, f"the first task ends at {box['y'] + box['height']}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide"
    assert_accessible(page, f"task triage, {username}, 360 px")

    page.get_by_text("Filtre", exact=False).first.click()
    expect(page.get_by_label("Vis", exact=True)).to_be_visible()

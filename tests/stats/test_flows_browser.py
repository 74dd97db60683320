"""The list over time in a real browser: axe at 1280 and 360 px, the months chosen, and a target
set from the keyboard (Tab, Enter, the error's field focused), with its Danish error first."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Situation
from hjemvej.citizens.services import citizen_create
from hjemvej.core import dates
from hjemvej.rules.dates import month_start_plus
from tests import factories
from tests.browser.conftest import (  # noqa: F401 - the browser's launch and context settings
    CHROMIUM,
    assert_accessible,
    browser_context_args,
    browser_type_launch_args,
)

PASSWORD = "test-adgangskode-1"  # tests/factories.py

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists()
        and not os.environ.get("CI")
        and os.environ.get("HJEMVEJ_REQUIRE_BROWSER") != "1",
        reason="Chromium er ikke installeret (apt-get install chromium)",
    ),
]


@pytest.fixture
def base(live_server: Any) -> str:
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    worker = factories.user("rita", Role.CASE_WORKER)
    today = dates.today()
    for months_back, name in ((9, "Anna"), (4, "Bo"), (0, "Carl")):
        citizen_create(
            actor=worker,
            acting_municipality=factories.municipality(),
            situation=Situation.STREET,
            situation_start=month_start_plus(today, -months_back),
            today=today,
            first_name=name,
        )
    factories.user("lise", Role.MANAGER)
    return str(live_server.url)


def log_in(page: Page, base: str, user: User | str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(str(user))
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def test_the_page_on_a_laptop_and_a_phone(page: Page, base: str) -> None:
    log_in(page, base, "lise")
    page.goto(f"{base}/statistik/")
    page.get_by_role("link", name="Listen over tid").click()
    expect(page.get_by_role("heading", level=1, name="Listen over tid")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("Kurvediagram over borgere på listen"))
    ).to_be_visible()
    assert_accessible(page, "the list over time")
    page.get_by_label("Fra måned").select_option(index=0)  # this month
    page.get_by_label("Til måned").select_option(index=3)  # three months before: an error
    page.get_by_role("button", name="Vis månederne").click()
    expect(page.get_by_text("Til-måneden ligger før fra-måneden.")).to_be_visible()
    assert_accessible(page, "the list over time with an error")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/statistik/listen/")
    assert_accessible(page, "the list over time on a phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_manager_sets_a_target_with_the_keyboard(page: Page, base: str) -> None:
    log_in(page, base, "lise")
    page.goto(f"{base}/statistik/listen/maal/")
    assert_accessible(page, "the targets form")
    field = page.get_by_label("Højst så mange langvarigt hjemløse")
    expect(field).to_be_focused()  # the first field, ready to type in
    page.keyboard.type("-2")
    page.keyboard.press("Tab")
    by_date = page.locator("#id_long_term_by_date")
    expect(by_date).to_be_focused()
    by_date.fill("2027-12-31")  # a native date picker's keys differ by browser and language
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Målet kan ikke være negativt.")
    assert_accessible(page, "the targets form with an error")
    expect(field).to_be_focused()  # the field with the error
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Målene for listen er gemt.")).to_be_visible()
    # Anna, on the street for nine months, is long-term homeless.
    expect(page.get_by_text("Mål: 0 langvarigt hjemløse senest 31.12.2027; nu 1")).to_be_visible()

"""The scenario pages in Chromium: an economist makes and reads scenarios; axe finds nothing.

Runs like ``tests/browser`` (Debian's Chromium through Playwright, axe-core for WCAG 2.1 A and
AA); without Chromium it is skipped locally and fails in CI.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role
from hjemvej.economy.scenarios import views
from tests import factories
from tests.browser.conftest import CHROMIUM, assert_accessible
from tests.economy.scenarios.conftest import TODAY, build_world

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "test-adgangskode-1"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists()
        and not (os.environ.get("CI") or os.environ.get("HJEMVEJ_REQUIRE_BROWSER") == "1"),
        reason="Chromium er ikke installeret (apt-get install chromium)",
    ),
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # bypass_csp lets axe-core be injected; the pages' own CSP is tested without a browser.
    return {
        **browser_context_args,
        "bypass_csp": True,
        "locale": "da-DK",
        "viewport": {"width": 1280, "height": 800},
    }


def test_an_economist_makes_and_reads_scenarios(
    page: Page, live_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    build_world()
    monkeypatch.setattr(views, "today", lambda: TODAY)
    base = live_server.url
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(f"s-{Role.ECONOMIST.value}")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_visible()

    page.goto(f"{base}/oekonomi/scenarier/")
    assert_accessible(page, "scenarier")
    page.get_by_role("link", name="Lovscenarie").click()
    expect(page.get_by_role("heading", name="Nyt lovscenarie")).to_be_visible()
    expect(page.get_by_label("Navn", exact=True)).to_be_focused()
    assert_accessible(page, "nyt lovscenarie")

    # A wrong line first: the error is announced, tied to the field, and in Danish.
    page.get_by_label("Navn", exact=True).fill("Loft 90 dage")
    page.get_by_role("textbox", name="Ændrede parametre").fill(
        "shelter.reimbursement.day_cap=halvfems"
    )
    page.get_by_role("button", name="Gem og beregn").click()
    expect(page.get_by_role("alert")).to_contain_text("er ikke et tal")
    expect(page.get_by_role("textbox", name="Ændrede parametre")).to_be_focused()
    assert_accessible(page, "lovscenarie med fejl")

    page.get_by_role("textbox", name="Ændrede parametre").fill(
        "shelter.reimbursement.day_cap=90@01.04.2026"
    )
    page.get_by_role("button", name="Gem og beregn").click()
    expect(page.get_by_role("heading", name="Loft 90 dage", level=1)).to_be_visible()
    expect(page.get_by_text("42.120 kr. højere")).to_be_visible()
    assert_accessible(page, "lovscenariets resultat")

    page.goto(f"{base}/oekonomi/scenarier/ny/praksis/")
    assert_accessible(page, "vælg praksisscenarie")
    page.get_by_role("link", name="Udflytning med Housing First-støtte").first.click()
    page.get_by_label("Navn", exact=True).fill("CTI til ti borgere")
    page.get_by_label("Støttemetode efter § 85 a").select_option("cti")
    page.get_by_label("Borgere om året").fill("10")
    page.get_by_label("Fra år", exact=True).fill("2027")
    page.get_by_label("Beregn til og med år").fill("2029")
    assert_accessible(page, "nyt praksisscenarie")
    page.get_by_role("button", name="Gem og beregn").click()
    expect(page.get_by_role("heading", name="CTI til ti borgere", level=1)).to_be_visible()
    expect(page.get_by_text("Femårsudgiften pr. borger")).to_be_visible()
    assert_accessible(page, "praksisscenariets resultat")

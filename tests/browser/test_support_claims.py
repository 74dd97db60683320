"""The § 176 a claim's pages in a browser: the list with its form (also after an invalid submit)
and a claim, each passing axe-core (WCAG 2.1 A/AA) at 1280 px and 360 px, pseudonymous."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.browser.conftest import axe_violations, describe
from tests.economy.core.test_support_claims import NAMES, Y2024, _claim, build_town

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "test-adgangskode-1"


def _checked(page: Page, name: str) -> list[str]:
    findings = []
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        if violations := axe_violations(page):
            findings.append(f"{name} at {width} px: {describe(violations)}")
    page.set_viewport_size({"width": 1280, "height": 800})
    return findings


def test_the_support_claim_pages_pass_axe(
    live_server: Any, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: factories.TODAY)
    town = build_town()
    claim = _claim(town, *Y2024)
    assert claim.lines.count() == 4
    base = live_server.url
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(town.economist.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto(f"{base}/oekonomi/refusion/176a/")
    expect(page.get_by_role("heading", name="Refusionsopgørelser efter § 176 a")).to_be_visible()
    findings = _checked(page, "list")
    page.get_by_label("Periodens første dag").fill(date(2024, 6, 1).isoformat())
    page.get_by_label("Periodens sidste dag (medregnet)").fill(date(2024, 1, 31).isoformat())
    page.get_by_role("button", name="Beregn og gem opgørelsen").click()
    expect(page.get_by_text("Periodens sidste dag kan ikke ligge før den første.")).to_be_visible()
    findings += _checked(page, "list after an invalid submit")

    page.goto(f"{base}/oekonomi/refusion/176a/")
    page.get_by_role("link", name="01.01.–31.12.2024").click()
    expect(
        page.get_by_role("heading", name="Refusionsopgørelse efter § 176 a 01.01.–31.12.2024")
    ).to_be_visible()
    expect(page.get_by_text("Opgørelsen passer med de nuværende forløb")).to_be_visible()
    findings += _checked(page, "claim")
    content = page.content()
    assert town.alma.pseudonym in content
    assert not any(name in content for name in NAMES)
    assert findings == [], "\n".join(findings)

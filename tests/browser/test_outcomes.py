"""The outcome pages in a real browser: axe finds nothing at 1280 and 360 px, and the way from a
figure down to its citizens works from the keyboard."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role
from hjemvej.housing.services import tenancy_create
from tests import factories
from tests.browser.conftest import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "test-adgangskode-1"


@pytest.fixture(autouse=True)
def _municipalities(transactional_db: None) -> None:
    factories.ensure_municipalities()  # a transactional test before this one flushed them


def test_the_outcome_pages_pass_axe_and_lead_to_the_citizens(live_server: Any, page: Page) -> None:
    worker = factories.user("rita", Role.CASE_WORKER)
    citizen = factories.citizen(worker, first_name="Søren", last_name="Hansen")
    tenancy_create(
        actor=worker,
        citizen=citizen,
        lease_signed_on=date(2026, 3, 1),
        move_in=date(2026, 3, 1),
        today=factories.TODAY,
        address="Fjordvej 3",
        rent_monthly=Decimal("3100"),
    )
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill("rita")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()

    findings = []
    page.goto(f"{live_server.url}/statistik/resultater/?year=2026")
    for step in ("index", "measure", "citizens"):
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            violations = axe_violations(page)
            if violations:
                findings.append(f"{step} at {width} px: {describe(violations)}")
        page.set_viewport_size({"width": 1280, "height": 800})
        if step == "index":
            link = page.get_by_role("link", name="Ud af listen til egen bolig")
            link.focus()
            page.keyboard.press("Enter")
            expect(page.get_by_role("heading", level=1)).to_contain_text("Ud af listen")
        elif step == "measure":
            page.get_by_role("link", name="Se hver borger bag tallene").click()
            expect(page.get_by_role("heading", level=1)).to_contain_text("borgerne bag tallene")
    assert findings == []
    expect(page.get_by_role("link", name="Søren Hansen")).to_be_visible()

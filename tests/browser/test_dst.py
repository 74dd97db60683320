"""The shelter's leader makes the DST file in a browser: from the shelter's page to the download.

The page passes axe-core (WCAG 2.1 A/AA) at 1280 px and 360 px with problems listed, and the
quarter is chosen and the file made with the keyboard alone.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.shelters.models import Shelter
from tests import factories
from tests.browser.conftest import axe_violations, describe
from tests.stats.dst_world import CPRS, P_NUMBER, dst_world

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "test-adgangskode-1"


def test_the_leader_fixes_then_makes_the_file(
    live_server: Any, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: factories.TODAY)
    world = dst_world()
    Shelter.objects.filter(pk=world.shelter.pk).update(cvr_number="")

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(world.leader.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/boformer/{world.shelter.pk}/")
    page.get_by_role("link", name="Indberetning til Danmarks Statistik").click()

    quarter = page.get_by_label("Kvartal")
    quarter.focus()
    quarter.select_option("2026-K1")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # »Vis kvartalet«
    expect(page.get_by_role("heading", name="Herberget Kvartal, 1. kvartal 2026")).to_be_visible()
    expect(page.get_by_text("Boformen har intet CVR-nummer.")).to_be_visible()
    expect(page.get_by_role("button", name="Dan filen for 1. kvartal 2026")).to_have_count(0)
    findings = []
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        if violations := axe_violations(page):
            findings.append(f"{width} px: {describe(violations)}")
    assert findings == []
    assert not any(cpr in page.content() for cpr in CPRS)

    Shelter.objects.filter(pk=world.shelter.pk).update(cvr_number="29189846")
    page.reload()
    button = page.get_by_role("button", name="Dan filen for 1. kvartal 2026")
    button.focus()
    with page.expect_download() as started:
        page.keyboard.press("Enter")
    download = started.value
    assert download.suggested_filename == f"dst-herberger-{P_NUMBER}-2026-K1.txt"
    with open(download.path(), encoding="utf-8") as text:
        lines = text.read().splitlines()
    assert lines[0].startswith("cvrnr;pnr;cprnr;opholdstype")
    assert len(lines) == 6

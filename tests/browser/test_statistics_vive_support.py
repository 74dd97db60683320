"""VIVE's count week and support in numbers fit a laptop and a phone and pass axe.

Demo Kommune as the layout test builds it (``town``); each page as a case worker (names and the
missing-answers list) and as an economist (pseudonyms), at 1280 px and 360 px, and the count
week's form after a wrong week.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_layout import HEIGHT, checked, log_in
from tests.browser.test_layout import town as town  # the fixture, shared

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_count_week_and_support_pages_fit_and_pass_axe(
    page: Page, town: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT[width]})
    base = town["url"]
    findings: list[str] = []
    for username in ("raadgiver", "oekonomi"):
        log_in(page, base, username)
        page.goto(f"{base}/statistik/optaelling/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("VIVE")
        findings += checked(page, f"count week ({username})", width)
        page.goto(f"{base}/statistik/stoette/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Støtte i tal")
        findings += checked(page, f"support in numbers ({username})", width)
    page.goto(f"{base}/statistik/optaelling/?aar=2027&uge=53")
    expect(page.get_by_role("alert")).to_be_visible()
    findings += checked(page, "count week after a wrong week", width)
    assert findings == [], "\n".join(findings)

"""The axe-core check itself: it finds a violation, also when it runs again on the same document.

``axe_violations`` puts axe-core into a document once and asks only for the violations; a second
check of the same document (the browser tests check each page at 1280 px and at 360 px) reuses it.
"""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import axe_violations

FLAWED = """<!doctype html><html lang="da"><head><title>Prøve</title></head><body><main>
<h1>Prøve</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color: #bbb; background: #fff">Grå tekst på hvid bund</p></main></body></html>"""
FLAWLESS = """<!doctype html><html lang="da"><head><title>Prøve</title></head><body><main>
<h1>Prøve</h1><p>Sort tekst på hvid bund</p></main></body></html>"""


def rules(page: Page) -> set[str]:
    return {violation["id"] for violation in axe_violations(page)}


def test_axe_finds_the_violations_at_each_width_of_the_same_document(page: Page) -> None:
    page.set_content(FLAWED)
    assert rules(page) == {"image-alt", "color-contrast"}
    page.set_viewport_size({"width": 360, "height": 800})
    assert rules(page) == {"image-alt", "color-contrast"}  # axe already in the document


def test_axe_finds_nothing_on_a_flawless_document(page: Page) -> None:
    page.set_content(FLAWLESS)
    assert rules(page) == set()
    page.set_content(FLAWED)  # a new document: axe is put in again
    assert rules(page) == {"image-alt", "color-contrast"}

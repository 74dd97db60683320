"""The screens staff use fit a 1280 px laptop and a 360 px phone (issue 10, finding 8).

Demo Kommune's data (``hjemvej demo``, a smaller town) fills the pages as in real use. Each main
page is visited as the role that uses it, at 1280×800 and at 360×740:

- at 1280 px neither the page nor the main area scrolls sideways, no table's own scroll region
  overflows (secondary columns sit behind a toggle), and the named action buttons are on screen;
- at 360 px the page does not scroll sideways (a wide table scrolls inside its own focusable
  region), the header menu is folded behind a button, and the weekly list's "Registrér kontakt"
  and the contact form's button are on screen;
- charts are shown at least 90 % of the size they are drawn for (their figure scrolls instead);
- axe-core finds no WCAG 2.1 A/AA violation, also on the create form and the admission form after
  an invalid submit.

All findings of a width are collected and reported together.
"""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import User
from hjemvej.demo.common import STAFF_SHELTER
from hjemvej.economy.services import claim_create, support_claim_create
from hjemvej.shelters.models import Shelter, Stay
from tests import factories
from tests.browser.conftest import axe_violations, describe

TODAY = factories.TODAY
HEIGHT = {1280: 800, 360: 740}

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def town(live_server: Any, monkeypatch: pytest.MonkeyPatch, settings: Settings) -> dict[str, Any]:
    """Demo Kommune with 40 citizens, the demo logins, and claims (§ 177, § 176 a) for last year."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    call_command(
        "demo",
        "--today",
        TODAY.isoformat(),
        "--citizens",
        "40",
        "--allow-demo-users",
        stdout=StringIO(),
    )
    economist = User.objects.get(username="oekonomi")
    claim = claim_create(
        actor=economist,
        municipality=economist.municipality,  # type: ignore[arg-type]
        start=date(TODAY.year - 1, 1, 1),
        end=date(TODAY.year, 1, 1),
        today=TODAY,
    )
    support_claim = support_claim_create(
        actor=economist,
        municipality=economist.municipality,  # type: ignore[arg-type]
        start=date(TODAY.year - 1, 1, 1),
        end=date(TODAY.year, 1, 1),
        today=TODAY,
    )
    most_stays = (
        Stay.objects.values("citizen_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "citizen_id")
        .first()
    )
    assert most_stays is not None
    assert most_stays["n"] >= 3
    return {
        "url": live_server.url,
        "citizen": most_stays["citizen_id"],
        "claim": claim.pk,
        "support_claim": support_claim.pk,
        "shelter": Shelter.objects.get(name=STAFF_SHELTER).pk,
    }


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("demo")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


MEASURE = """() => {
    const main = document.querySelector('main');
    const boxes = 'main .table-scroll, main .table--responsive-scroll';
    const regions = [...document.querySelectorAll(boxes)]
        .filter(r => r.offsetParent !== null && r.scrollWidth > r.clientWidth + 1)
        .map(r => (r.getAttribute('aria-label') || r.getAttribute('aria-labelledby') || '?')
             + ` (${r.scrollWidth} px in ${r.clientWidth} px)`);
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => !e.closest('.table-scroll')
                     && e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(-3)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
             + (typeof e.className === 'string' && e.className
                ? '.' + e.className.split(' ').join('.') : ''));
    return {page: document.documentElement.scrollWidth, inner: window.innerWidth,
            main: main.scrollWidth, mainBox: main.clientWidth, regions: regions, wide: wide};
}"""


def on_screen(page: Page, selector: str, name: str, width: int) -> list[str]:
    """Every visible match of the selector lies within the viewport's width."""
    found = page.locator(selector)
    if found.count() == 0:
        return [f"{name}: '{selector}' not found"]
    findings = []
    for index in range(min(found.count(), 5)):
        box = found.nth(index).bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > width:
            findings.append(f"{name}: '{selector}' #{index} off screen at {width} px: {box}")
    return findings


SCALES = """() => [...document.querySelectorAll('main figure img, main svg.tl')].map(e => {
    const drawn = e.tagName === 'IMG' ? Number(e.getAttribute('width')) : e.viewBox.baseVal.width;
    return {chart: e.getAttribute('alt') || e.id || e.tagName,
            scale: e.getBoundingClientRect().width / drawn};
})"""


def charts_readable(page: Page, name: str) -> list[str]:
    """A chart is shown at least 90 % of the size it is drawn for, so its text stays readable."""
    return [
        f"{name}: chart '{chart['chart'][:40]}' shrunk to {chart['scale']:.0%}"
        for chart in page.evaluate(SCALES)
        if chart["scale"] < 0.9
    ]


def checked(page: Page, name: str, width: int, actions: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with the page at this width: sideways scroll, hidden actions, axe."""
    findings = [f"{name} at {width} px: {describe(v)}" for v in [axe_violations(page)] if v]
    measured = page.evaluate(MEASURE)
    if measured["page"] > measured["inner"]:
        wide = measured["wide"]
        findings.append(f"{name}: page {measured['page']} px wide in {measured['inner']} px {wide}")
    if width >= 1280:
        if measured["main"] > measured["mainBox"]:
            findings.append(f"{name}: main {measured['main']} px wide in {measured['mainBox']} px")
        findings += [f"{name}: table scrolls at 1280 px: {r}" for r in measured["regions"]]
    for selector in actions:
        findings += on_screen(page, selector, name, width)
    return findings + charts_readable(page, name)


def menu_folded(page: Page, width: int) -> list[str]:
    """At 360 px the header menu is behind a button; at 1280 px its links show."""
    menu = page.get_by_role("navigation", name="Hovedmenu")
    links = menu.get_by_role("link")
    if width < 992:
        if links.count() and links.first.is_visible():
            return [f"menu not folded at {width} px"]
        page.get_by_role("button", name="Menu").click()
        if not links.first.is_visible():
            return ["the menu button does not open the menu"]
        page.get_by_role("button", name="Luk menu").click()
    elif not links.first.is_visible():
        return [f"menu hidden at {width} px"]
    return []


@pytest.mark.parametrize("width", [1280, 360])
def test_main_pages_fit_the_screen(page: Page, town: dict[str, Any], width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHT[width]})
    base = town["url"]
    findings: list[str] = []

    log_in(page, base, "raadgiver")
    findings += checked(page, "start page", width)
    findings += menu_folded(page, width)
    page.goto(f"{base}/borgere/")
    findings += checked(page, "by-name list", width)
    page.goto(f"{base}/borgere/{town['citizen']}/")
    # At 360 px the stays table may scroll in its own region; at 1280 px its actions show.
    stay_actions = ("#main-content a:text-is('Udskriv'), #main-content a:text-is('Ret')",)
    findings += checked(page, "citizen page", width, actions=stay_actions if width >= 1280 else ())
    page.goto(f"{base}/opgaver/")
    findings += checked(page, "task list", width)
    page.goto(f"{base}/opgaver/ugentlig/")
    findings += checked(
        page,
        "weekly list",
        width,
        actions=("#main-content :is(a, button):text-is('Registrér kontakt')",),
    )
    page.locator("#main-content a:text-is('Registrér kontakt')").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    findings += checked(
        page, "contact form", width, actions=("#main-content form button[type='submit']",)
    )
    page.goto(f"{base}/boliger/")
    findings += checked(page, "dwellings", width)

    page.goto(f"{base}/borgere/ny/")
    page.locator("#main-content form button[type='submit']").first.click()
    expect(page.locator(".error-summary, .alert-error").first).to_be_visible()
    findings += checked(page, "create form after an invalid submit", width)
    page.goto(f"{base}/borgere/{town['citizen']}/ophold/indskriv/")
    page.locator("#main-content form button[type='submit']").first.click()
    expect(page.locator(".error-summary, .alert-error").first).to_be_visible()
    findings += checked(page, "admission form after an invalid submit", width)

    log_in(page, base, "boform")
    page.goto(f"{base}/boformer/")
    findings += checked(page, "shelters", width)
    page.goto(f"{base}/boformer/{town['shelter']}/")
    findings += checked(page, "shelter page", width)

    log_in(page, base, "oekonomi")
    page.goto(f"{base}/oekonomi/")
    findings += checked(page, "economy dashboard", width)
    page.goto(f"{base}/oekonomi/tal/")
    findings += checked(page, "economy figures", width)
    page.goto(f"{base}/oekonomi/prognose/")
    findings += checked(page, "forecast", width)
    page.goto(f"{base}/oekonomi/budget/")
    findings += checked(page, "budget", width)
    page.goto(f"{base}/oekonomi/budget/2026/rediger/")
    findings += checked(page, "budget form", width)
    page.goto(f"{base}/oekonomi/refusion/{town['claim']}/")
    findings += checked(page, "claim", width)
    page.goto(f"{base}/oekonomi/refusion/176a/")
    findings += checked(page, "support claims", width)
    page.goto(f"{base}/oekonomi/refusion/176a/{town['support_claim']}/")
    findings += checked(page, "support claim", width)

    log_in(page, base, "admin")
    page.goto(f"{base}/adgang/log/")
    findings += checked(page, "audit log", width)

    assert findings == [], "\n".join(findings)

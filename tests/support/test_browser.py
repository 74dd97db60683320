"""The support pages in a real browser: a review and an assessment recorded, axe on every page,
and the tab and the caseload on a 360 px screen."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import BotilbudStay, CourseReview, CtiAssessment
from hjemvej.support.services import course_update
from tests import factories
from tests.browser.conftest import (  # noqa: F401 - the browser's launch and context settings
    CHROMIUM,
    assert_accessible,
    axe_violations,
    browser_context_args,
    browser_type_launch_args,
    describe,
)
from tests.support.conftest import TODAY, World

PASSWORD = "test-adgangskode-1"  # tests/factories.py

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # As tests/browser does: without Chromium skip locally, fail in CI.
    pytest.mark.skipif(
        not Path(CHROMIUM).exists()
        and not os.environ.get("CI")
        and os.environ.get("HJEMVEJ_REQUIRE_BROWSER") != "1",
        reason="Chromium er ikke installeret (apt-get install chromium)",
    ),
]


@pytest.fixture
def case(live_server: Any, world: World) -> dict[str, Any]:
    """The support world, served; the CTI course carries the citizen's choice of shelter staff."""
    cti = world.cti
    # L 50: the choice needs the § 85 a decision from 01.07.2026 and before the discharge, so
    # the citizen is back at the shelter 20.06–10.07.2026 and the decision is dated 01.07.2026.
    case = world.users[Role.CASE_WORKER]
    stay = stay_admit(
        actor=case,
        citizen=world.citizen,
        shelter=world.shelter,
        admitted=date(2026, 6, 20),
        today=TODAY,
    )
    stay_discharge(actor=case, stay=stay, discharged=date(2026, 7, 10), today=TODAY)
    course_update(
        actor=case,
        course=cti,
        decided_on=date(2026, 7, 1),
        start=cti.start,
        end=cti.end,
        worker=cti.worker,
        monthly_cost=cti.monthly_cost,
        chosen_shelter=world.shelter,
        chosen_staff_name="Mette Lund",
        chosen_on=date(2026, 7, 1),
    )
    return {"url": live_server.url, "world": world}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    # Signed in: the start page (on a phone the menu is folded behind its button, so not that).
    expect(page).not_to_have_url(re.compile(r"/login/"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_case_worker_records_a_review_and_the_phase_3_assessment(
    page: Page, case: dict[str, Any]
) -> None:
    base, world = case["url"], case["world"]
    log_in(page, base, Role.CASE_WORKER)
    page.goto(f"{base}/borgere/{world.citizen.pk}/stoette/")
    heading = re.compile(r"CTI \(§ 85 a\) fra 20.01.2026")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text("Mette Lund, Herberget Test – valgt 01.07.2026")).to_be_visible()
    assert_accessible(page, "support tab")
    page.goto(f"{base}/borgere/{world.other.pk}/stoette/")
    page.get_by_role("link", name=re.compile("^Registrér opfølgning")).click()
    assert_accessible(page, "review form")
    page.get_by_label("Opfølgningen blev holdt").fill(factories.TODAY.isoformat())
    page.get_by_label(re.compile("^Opsummering")).fill("Godt i gang i boligen.")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text(re.compile("Opfølgningen er registreret"))).to_be_visible()
    assert CourseReview.objects.filter(course=world.icm).count() == 1
    page.goto(f"{base}/borgere/{world.citizen.pk}/stoette/")
    page.get_by_role("link", name=re.compile("^Registrér vurdering")).click()
    assert_accessible(page, "assessment form")
    page.get_by_label("Vurderet").fill("2026-11-20")
    page.get_by_label("Borgerens fremtidige behov").select_option("network")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Vurderingen i fase 3 er gemt.")).to_be_visible()
    assert CtiAssessment.objects.filter(course=world.cti).exists()
    page.get_by_role("link", name=re.compile("^Ret forløb CTI")).click()
    assert_accessible(page, "course form")
    expect(page.get_by_label("Fase 1 begynder")).to_have_value("2026-03-01")


def test_the_caseload_and_limits_on_a_small_screen(page: Page, case: dict[str, Any]) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    base = case["url"]
    log_in(page, base, Role.MANAGER)
    page.goto(f"{base}/stoette/sagsstamme/")
    expect(page.get_by_role("heading", name="Sagsstamme pr. medarbejder og metode")).to_be_visible()
    assert_accessible(page, "caseload on a phone")
    page.get_by_role("link", name="Ret grænser").click()
    assert_accessible(page, "limits form")
    page.get_by_label("CTI (§ 85 a): højst borgere pr. medarbejder").fill("0")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Grænsen skal være et helt tal fra 1 til 200."
    )
    assert_accessible(page, "limits form with an error")
    page.goto(f"{base}/borgere/{case['world'].citizen.pk}/stoette/")
    assert_accessible(page, "support tab on a phone")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_a_case_worker_records_a_sel107_stay_with_the_keyboard(
    page: Page, case: dict[str, Any]
) -> None:
    base, world = case["url"], case["world"]
    log_in(page, base, Role.CASE_WORKER)
    page.goto(f"{base}/borgere/{world.citizen.pk}/stoette/")
    expect(page.get_by_text("Borgeren har ingen ophold i midlertidigt botilbud.")).to_be_visible()
    page.get_by_role("link", name="Nyt ophold i midlertidigt botilbud").click()
    assert_accessible(page, "§ 107 form")
    # The form opens with the focus on its first field, and Enter in a field saves it.
    expect(page.get_by_label("Botilbud", exact=True)).to_be_focused()
    page.keyboard.type("Botilbuddet Åbo")
    page.get_by_label("Afgørelse").fill("2026-02-20")
    page.get_by_label("Start").fill("2026-03-01")
    page.get_by_label(re.compile("^Slut")).fill("2026-06-01")
    page.get_by_label(re.compile("^Udgift pr. måned")).fill("42.000,00")
    page.get_by_label(re.compile("^Udgift pr. måned")).press("Enter")
    expect(page.get_by_text("Opholdet i midlertidigt botilbud er oprettet.")).to_be_visible()
    stay = BotilbudStay.objects.get(citizen=world.citizen)
    assert (stay.decided_on, stay.start, stay.end) == (
        date(2026, 2, 20),
        date(2026, 3, 1),
        date(2026, 6, 1),
    )
    expect(page.get_by_role("cell", name="01.03.–31.05.2026")).to_be_visible()
    assert_accessible(page, "support tab with a § 107 stay")
    page.get_by_role("link", name=re.compile("^Ret ophold i Botilbuddet Åbo")).click()
    assert_accessible(page, "§ 107 edit form")

"""The follow-up tab in a real browser: make a plan, mark a step done, write and send a letter.

axe-core checks each page against WCAG 2.1 A and AA; the tab must not scroll sideways at 360 px.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role
from hjemvej.followup import services
from hjemvej.followup.models import Letter, TransitionKind
from hjemvej.shelters.services import stay_admit
from tests import factories
from tests.browser.conftest import (  # noqa: F401 - the browser's launch settings are fixtures
    assert_accessible,
    axe_violations,
    browser_context_args,
    browser_type_launch_args,
    describe,
)

PASSWORD = "test-adgangskode-1"
TODAY = factories.TODAY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def case(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    worker = factories.user("rita", Role.CASE_WORKER)
    shelter = factories.shelter("Herberget Vesterbro")
    citizen = factories.citizen(worker, first_name="Karen", last_name="Blixen", cpr="0101801234")
    stay_admit(
        actor=worker, citizen=citizen, shelter=shelter, admitted=date(2026, 10, 1), today=TODAY
    )
    services.transition_create(
        actor=worker,
        citizen=citizen,
        data=services.TransitionData(
            kind=TransitionKind.PRISON_RELEASE,
            institution="Statsfængslet i Renbæk",
            notified_on=date(2026, 10, 1),
            expected_on=date(2027, 1, 15),
        ),
        today=TODAY,
    )
    return {"url": live_server.url, "citizen": citizen}


def test_plan_step_and_letter(page: Page, case: dict[str, Any]) -> None:
    base, citizen = case["url"], case["citizen"]
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill("rita")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_visible()

    page.goto(f"{base}/borgere/{citizen.pk}/opfoelgning/")
    expect(page.get_by_role("heading", name="Kritiske overgange")).to_be_visible()
    expect(page.get_by_text("Handleplan senest 4 uger efter underretningen")).to_be_visible()
    assert_accessible(page, "opfølgning")

    page.get_by_role("link", name="Ny handleplan").click()
    assert_accessible(page, "ny handleplan")
    page.get_by_label("Borgerens mål med egne ord").fill("Jeg vil bo tæt på min datter.")
    page.get_by_label("Deltager 1: navn").fill("Mette Blixen")
    page.get_by_label("Deltager 1: rolle eller relation").fill("søster")
    page.get_by_label("Skridt 1: hvad").fill("Søge boligstøtte")
    page.get_by_label("Skridt 1: hvem").fill("Karen og Mette")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("Handleplanen er gemt.")).to_be_visible()
    expect(page.get_by_text("Jeg vil bo tæt på min datter.")).to_be_visible()

    page.get_by_role("button", name=re.compile(r"^Udført i dag\W+Søge boligstøtte$")).click()
    expect(page.get_by_text("Skridtet »Søge boligstøtte« er udført.")).to_be_visible()

    page.set_viewport_size({"width": 360, "height": 740})
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 360, f"siden er {wide} px bred ved 360 px"
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name="Nyt brev").click()
    page.get_by_role("link", name="Påmindelse").click()
    page.get_by_label("Hvad borgeren skal huske").fill("tag dit pas med til banken")
    page.get_by_label("Sendes som").select_option("handed")
    page.get_by_role("button", name="Se brevet").click()
    expect(page.get_by_text("Husk: tag dit pas med til banken.")).to_be_visible()
    assert_accessible(page, "brev, forhåndsvisning")
    page.get_by_role("button", name="Send brevet").click()
    expect(page.get_by_role("link", name="Hent brevet som PDF")).to_be_visible()
    assert_accessible(page, "brev")
    assert Letter.objects.get().values["address"] == "c/o Herberget Vesterbro"

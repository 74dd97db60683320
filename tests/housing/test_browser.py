"""The way into a home in a real browser: search, offer, accept, lease, deposit; axe on each page.

Runs like ``tests/browser``: Debian's Chromium through Playwright, skipped locally without it.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role
from hjemvej.citizens.models import Citizen
from hjemvej.housing import services
from hjemvej.housing.models import Grant, Tenancy
from hjemvej.shelters.models import Stay
from hjemvej.shelters.services import stay_admit
from tests import factories
from tests.browser.conftest import (  # the launch and context of tests/browser
    CHROMIUM,
    assert_accessible,
    browser_context_args,
    browser_type_launch_args,
)
from tests.housing import world as build

__all__ = ["browser_context_args", "browser_type_launch_args"]
PASSWORD = "test-adgangskode-1"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists()
        and not (os.environ.get("CI") or os.environ.get("HJEMVEJ_REQUIRE_BROWSER") == "1"),
        reason="Chromium er ikke installeret (apt-get install chromium)",
    ),
]


@pytest.fixture
def case(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: factories.TODAY)
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    worker = factories.user("rikke", Role.CASE_WORKER)
    shelter = factories.shelter("Herberget Havnely")
    citizen = factories.citizen(worker, first_name="Jens", last_name="Hansen")
    stay_admit(
        actor=worker,
        citizen=citizen,
        shelter=shelter,
        admitted=date(2026, 8, 1),
        today=factories.TODAY,
    )
    services.income_add(
        actor=worker,
        citizen=citizen,
        data=services.IncomeData(
            kind="cash_benefit",
            monthly_after_tax=Decimal("9800"),
            valid_from=date(2026, 1, 1),
            rates=("basic", "single_supplement"),
        ),
    )
    owner = build.landlord(worker, "Boligselskabet Kystbo")
    build.dwelling(worker, owner, address="Fjordvej 12, st. tv.", rent="1500", utilities="300")
    build.dwelling(
        worker,
        owner,
        address="Parken 3, 2. th.",
        rent="1400",
        utilities="250",
        area_status="vulnerable",
    )
    return {"url": live_server.url, "citizen": citizen}


def test_search_offer_lease_and_deposit(page: Page, case: dict[str, Any]) -> None:
    base, citizen = case["url"], case["citizen"]
    assert isinstance(citizen, Citizen)
    page.goto(f"{base}/login/")
    page.get_by_label("Brugernavn").fill("rikke")
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()

    page.goto(f"{base}/borgere/{citizen.pk}/bolig/")
    expect(page.get_by_role("heading", name="Betalingsevne")).to_be_visible()
    assert_accessible(page, "boligside")
    page.get_by_role("link", name="Find en bolig, borgeren kan betale").click()
    expect(page.get_by_role("link", name="Fjordvej 12, st. tv.", exact=True)).to_be_visible()
    expect(page.get_by_text("Må ikke anvises:").first).to_be_visible()  # Parken: 6 months
    assert_accessible(page, "søgning")
    page.get_by_role("link", name="Tilbyd Fjordvej 12, st. tv.").click()
    expect(page.get_by_text("Fjordvej 12, st. tv. kan tilbydes")).to_be_visible()
    assert_accessible(page, "tilbud")
    page.get_by_role("button", name="Tilbyd boligen").click()
    expect(page.get_by_text("Boligen Fjordvej 12, st. tv. er tilbudt.")).to_be_visible()

    page.get_by_role("link", name="Registrér svar på Fjordvej 12, st. tv.").click()
    page.get_by_label("Svar", exact=True).select_option("accepted")
    page.get_by_role("button", name="Gem svaret").click()
    expect(page.get_by_text("Borgeren har takket ja. Registrér lejekontrakten.")).to_be_visible()
    assert_accessible(page, "lejemål")
    page.get_by_label("Indflytning").fill("2026-11-21")
    page.get_by_role("button", name="Gem lejemålet").click()
    expect(page.get_by_text("Lejemålet er registreret.")).to_be_visible()
    expect(page.get_by_text("bor her nu")).to_be_visible()
    expect(page.get_by_text("stadig indskrevet på Herberget Havnely")).to_be_visible()

    page.get_by_role("link", name="Ny bevilling eller afslag").click()
    assert_accessible(page, "bevilling")
    page.get_by_label("Ydelse").select_option("hf_deposit")
    page.get_by_role("button", name="Gem afgørelsen").click()
    expect(
        page.get_by_text("Housing First-opfølgning: indskud: afgørelsen er registreret.")
    ).to_be_visible()
    assert_accessible(page, "boligside med lejemål")

    tenancy = Tenancy.objects.get(citizen=citizen)
    assert tenancy.move_in == date(2026, 11, 21)
    latest = citizen.situations.order_by("-start").first()
    assert latest is not None
    assert latest.end == date(2026, 11, 21)  # housed: off the list
    assert Grant.objects.get(citizen=citizen).amount == Decimal("9000.00")  # the deposit
    assert Stay.objects.get(citizen=citizen).discharged is None  # the shelter discharges

    for path, name in [
        ("/boliger/?ledige=on", "boliger"),
        (f"/boliger/{tenancy.dwelling_id}/", "bolig"),
        ("/boliger/ny/", "ny bolig"),
        ("/boliger/udlejere/", "udlejere"),
        (f"/borgere/{citizen.pk}/bolig/indkomst/ny/", "ny indkomst"),
        (f"/borgere/{citizen.pk}/bolig/lejemaal/{tenancy.pk}/risiko/ny/", "ny risiko"),
    ]:
        page.goto(f"{base}{path}")
        assert_accessible(page, name)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base}/borgere/{citizen.pk}/bolig/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"siden er {width} px bred på en 360 px skærm"

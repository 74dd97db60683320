"""The way out of a § 110 shelter, end to end in a real browser, as a case worker does it.

A citizen lives on a shelter outside the municipality. The case worker keeps the weekly contact
from the follow-up list, finds a dwelling the citizen can pay, offers it, records the accepted
offer and the lease, starts CTI support a month before the move, grants the deposit and sends
the decision letter; on the move-in day the citizen is discharged and the weekly contact is over.

Only the starting data is built through the services; every step after it goes through the
pages. axe-core checks each page visited against WCAG 2.1 A and AA at 1280 px, and the main
pages again at 360 px.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, Response, expect

from hjemvej.citizens.models import Citizen
from hjemvej.citizens.services import citizen_assign_case_worker
from hjemvej.housing import services as housing
from hjemvej.housing.models import IncomeKind
from hjemvej.shelters.services import stay_admit, stay_discharge
from tests import factories
from tests.browser.conftest import assert_accessible, axe_violations, describe
from tests.browser.helpers import (
    ADDRESS,
    MOVE_IN,
    NAME,
    TODAY,
    Clock,
    log_in,
    menu,
    offer_accepted,
    status,
    surroundings,
    tab,
    weekly_list,
    weekly_row,
)

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Case:
    url: str
    clock: Clock
    citizen: Citizen


@pytest.fixture
def case(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Case:
    """The citizen on an external shelter, a dwelling to offer, and the staff around them."""
    around = surroundings(monkeypatch)
    rikke = around.rikke
    citizen = factories.citizen(
        rikke, first_name="Mads", last_name="Vestergaard", start=date(2026, 6, 1)
    )
    citizen_assign_case_worker(actor=rikke, citizen=citizen, case_worker=rikke)
    # First the municipality's own shelter, then since Monday 9 November one outside it, where
    # no one has been in touch: the weekly contact was due on Monday 16 November.
    first = stay_admit(
        actor=rikke,
        citizen=citizen,
        shelter=around.inside,
        admitted=date(2026, 10, 1),
        today=TODAY,
        notified_on=date(2026, 10, 1),
    )
    stay_discharge(actor=rikke, stay=first, discharged=date(2026, 11, 9), today=TODAY)
    stay_admit(
        actor=rikke,
        citizen=citizen,
        shelter=around.outside,
        admitted=date(2026, 11, 9),
        today=TODAY,
        notified_on=date(2026, 11, 10),
    )
    housing.income_add(
        actor=rikke,
        citizen=citizen,
        data=housing.IncomeData(
            kind=IncomeKind.CASH_BENEFIT,
            monthly_after_tax=Decimal("9800"),
            valid_from=date(2026, 1, 1),
            rates=("basic", "single_supplement"),
        ),
    )
    return Case(live_server.url, around.clock, citizen)


def overflowing(page: Page) -> list[str]:
    """Name the outermost elements that reach past the viewport outside a scrolling box."""
    found: list[str] = page.evaluate(
        """() => {
        const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
        const wide = [...document.body.querySelectorAll('*')].filter(e => {
            if (e.getBoundingClientRect().right <= window.innerWidth + 1) return false;
            for (let up = e.parentElement; up; up = up.parentElement) if (scrolls(up)) return false;
            return true;
        });
        return wide.filter(e => !wide.includes(e.parentElement)).map(e => {
            const label = e.querySelector('caption') || e;
            return `<${e.tagName.toLowerCase()}> ${label.textContent.trim().slice(0, 60)}`;
        });
    }"""
    )
    return found


def test_from_shelter_to_own_home(page: Page, case: Case) -> None:
    base, citizen = case.url, case.citizen
    server_errors: list[str] = []  # a page that fails says "Der opstod en fejl"; this says where

    def note_failure(response: Response) -> None:
        if response.status >= 500:
            server_errors.append(f"{response.status} {response.url}")

    page.on("response", note_failure)
    log_in(page, base)
    expect(menu(page)).to_be_visible()
    assert_accessible(page, "start page")

    # 1. The weekly follow-up: overdue since Monday; a visit today moves the next contact on.
    row = weekly_list(page)
    expect(page.get_by_text("1, heraf 1 uden kontakt i tide")).to_be_visible()
    expect(row).to_have_count(1)  # the stay at the municipality's own shelter is not on it
    expect(row).to_contain_text("Herberget Ude")
    expect(row).to_contain_text("09.11.2026")
    expect(row).to_contain_text("Ingen siden indskrivningen")
    expect(row).to_contain_text("16.11.2026")
    expect(row).to_contain_text("Overskredet")
    expect(row).to_contain_text("Rikke Holm")
    assert_accessible(page, "weekly list")
    row.get_by_role("link", name=f"Registrér kontakt med {NAME}").click()
    expect(page.get_by_role("heading", level=1, name="Ny kontakt")).to_be_visible()
    assert_accessible(page, "contact form")
    expect(page.get_by_label("Dato")).to_have_value(TODAY.isoformat())
    page.get_by_label("Kontaktform").select_option(label="Besøg")
    page.get_by_label("Med hvem").fill("Borgeren og kontaktpersonen på boformen")
    page.get_by_label("Notat").fill("Vil gerne bo tæt på sin søster.")
    page.get_by_role("button", name="Gem").click()
    expect(status(page)).to_contain_text("Kontakten er registreret.")
    menu(page).get_by_role("link", name="Opgaver").click()
    page.get_by_role("link", name="Ugentlig opfølgning på borgere på eksterne boformer").click()
    expect(page.get_by_text("1, heraf 0 uden kontakt i tide")).to_be_visible()
    row = weekly_row(page)
    expect(row).to_contain_text("21.11.2026")  # the last contact: today
    expect(row).to_contain_text("28.11.2026")  # the next: a week on
    expect(row).not_to_contain_text("Overskredet")
    assert_accessible(page, "weekly list after the contact")

    # 2. Housing: what the citizen can pay, a dwelling within it, offered, accepted, leased.
    row.get_by_role("link", name=NAME, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=NAME)).to_be_visible()
    assert_accessible(page, "citizen overview")
    tab(page, "Bolig og økonomi")
    expect(page.get_by_role("heading", name="Betalingsevne")).to_be_visible()
    capacity = page.locator("section[aria-labelledby='betalingsevne']")
    expect(capacity).to_contain_text("Kontanthjælp")
    expect(capacity).to_contain_text("Højeste betalbare husleje")
    assert_accessible(page, "housing tab")
    page.get_by_role("link", name="Find en bolig, borgeren kan betale").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("kan betale$"))).to_be_visible()
    expect(page.get_by_role("link", name=ADDRESS, exact=True)).to_be_visible()
    assert_accessible(page, "affordable dwellings")
    page.get_by_role("link", name=f"Tilbyd {ADDRESS}").click()
    expect(page.get_by_text(f"{ADDRESS} kan tilbydes")).to_be_visible()
    offer_accepted(page)
    expect(page.get_by_label("Lejekontrakt underskrevet")).to_have_value(TODAY.isoformat())
    page.get_by_label("Indflytning").fill(MOVE_IN.isoformat())
    page.get_by_role("button", name="Gem lejemålet").click()
    expect(status(page)).to_contain_text("Lejemålet er registreret.")
    lease = page.locator("section[aria-labelledby='lejemaal']")
    expect(lease).to_contain_text("Underskrevet 21.11.2026")
    expect(lease).to_contain_text("28.12.2026")
    expect(lease).not_to_contain_text("bor her nu")  # not before the move-in day
    assert_accessible(page, "housing tab with the lease")

    # 3. Support before the move: CTI with the support worker from today; phase 1 from the lease.
    tab(page, "Støtte")
    expect(page.get_by_text("Borgeren har ingen støtteforløb.")).to_be_visible()
    assert_accessible(page, "support tab")
    page.get_by_role("link", name="Nyt støtteforløb").click()
    expect(page.get_by_role("heading", level=1, name="Nyt støtteforløb")).to_be_visible()
    assert_accessible(page, "course form")
    page.get_by_label("Indsats").select_option("cti")
    page.get_by_label("Medarbejder (valgfrit)").select_option(label="Bo Berg (Bostøttemedarbejder)")
    expect(page.get_by_label("Afgørelse")).to_have_value(TODAY.isoformat())
    expect(page.get_by_label("Start", exact=True)).to_have_value(TODAY.isoformat())
    page.get_by_label("Udgift pr. måned (kr.)").fill("9500")
    page.get_by_label("Fase 1 begynder").fill(TODAY.isoformat())  # the day the lease was signed
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(status(page)).to_contain_text("Forløbet CTI (§ 85 a) er oprettet.")
    course = page.locator("section.support-course")
    expect(
        course.get_by_role("heading", name=re.compile(r"^CTI \(§ 85 a\) fra 21\.11\.2026"))
    ).to_be_visible()
    expect(course).to_contain_text("Bo Berg (CTI-teamet)")
    before_move = course.locator("dt:has-text('Støtte før indflytning') + dd")
    expect(before_move.locator(".badge")).to_have_text("Ja")
    expect(before_move).to_contain_text("Støtten begyndte 37 dage før indflytningen 28.12.2026.")
    phases = course.get_by_role("table", name="CTI's kontaktperiode og faser")
    expect(phases.get_by_role("row")).to_have_count(4)  # no contact period: support began today
    expect(phases.get_by_role("row", name=re.compile("^Fase 1"))).to_contain_text(
        "21.11.2026 20.02.2027 Nu"
    )
    expect(phases.get_by_role("row", name=re.compile("^Fase 2"))).to_contain_text(
        "21.02.2027 20.05.2027 Kommende"
    )
    expect(phases.get_by_role("row", name=re.compile("^Fase 3"))).to_contain_text(
        "21.05.2027 20.08.2027 Kommende"
    )
    expect(course).not_to_contain_text("Hjemvej kender ingen lejekontrakt")
    assert_accessible(page, "support tab with the course")

    # 4. The deposit as a Housing First follow-up payment, and the decision letter as PDF.
    tab(page, "Bolig og økonomi")
    page.get_by_role("link", name="Ny bevilling eller afslag").click()
    assert_accessible(page, "grant form")
    page.get_by_label("Ydelse").select_option(label="Housing First-opfølgning: indskud")
    expect(page.get_by_label("Beløb (kr.)")).to_have_value(re.compile(r"^7\.?800"))
    expect(page.get_by_label("Lejemål")).to_contain_text(f"{ADDRESS}, indflytning 28.12.2026")
    page.get_by_role("button", name="Gem afgørelsen").click()
    expect(status(page)).to_contain_text(
        "Housing First-opfølgning: indskud: afgørelsen er registreret."
    )
    grants = page.get_by_role("table", name=re.compile("^Beboerindskudslån, enkeltydelser"))
    deposit = grants.get_by_role("row", name=re.compile("^Housing First-opfølgning: indskud"))
    expect(deposit).to_contain_text("21.11.2026")
    expect(deposit).to_contain_text("7.800")
    assert_accessible(page, "housing tab with the deposit")

    tab(page, "Opfølgning")
    tasks = page.get_by_role("table", name="Åbne opgaver for borgeren, efter frist")
    expect(tasks.get_by_role("row", name=re.compile("^Kontakt borger og boform"))).to_contain_text(
        "28.11.2026"
    )
    assert_accessible(page, "follow-up tab")
    page.get_by_role("link", name="Nyt brev").click()
    assert_accessible(page, "letter templates")
    page.get_by_role("link", name="Afgørelse om indskud eller hjælp").click()
    assert_accessible(page, "letter form")
    chosen = page.get_by_label("Afgørelse", exact=True)
    chosen.select_option(index=1)
    expect(chosen.locator("option:checked")).to_contain_text("Housing First-opfølgning: indskud")
    expect(page.get_by_label("Adresse på brevet")).to_have_value("c/o Herberget Ude")
    page.get_by_label("Det første, borgeren skal gøre").fill("Betal indskuddet til udlejeren.")
    page.get_by_label("Sådan kan borgeren kontakte dig").fill("Ring til Rikke på 12 34 56 78.")
    page.get_by_label("Sendes som").select_option(label="Givet personligt")
    page.get_by_role("button", name="Se brevet").click()
    expect(page.get_by_text("Betal indskuddet til udlejeren.").first).to_be_visible()
    assert_accessible(page, "letter preview")
    page.get_by_role("button", name="Send brevet").click()
    subject = "Svar om hjælp til indskud i din nye bolig"
    expect(status(page)).to_contain_text(f"Brevet »{subject}« er sendt og gemt.")
    expect(page.get_by_role("heading", level=1, name=f"Brev: {subject}")).to_be_visible()
    expect(
        page.get_by_text(re.compile("Du får .+ til indskud i din nye bolig")).first
    ).to_be_visible()
    assert_accessible(page, "letter")
    href = page.get_by_role("link", name="Hent brevet som PDF").get_attribute("href")
    assert href is not None
    pdf = page.request.get(f"{base}{href}")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    page.get_by_role("link", name=f"Tilbage til opfølgning for {NAME}").click()
    expect(page.get_by_role("heading", name="Breve")).to_be_visible()
    expect(page.locator("section[aria-labelledby='breve']")).to_contain_text(subject)

    # 5. The move-in day: the shelter discharges the citizen to their own home with support.
    tab(page, "Oversigt")
    discharge = page.get_by_role("link", name="Udskriv fra Herberget Ude")
    discharge.click()
    assert_accessible(page, "discharge form")
    page.get_by_label("Udskrevet").fill(MOVE_IN.isoformat())  # still 21 November: refused
    page.get_by_role("button", name="Udskriv").click()
    refused = "Udskrivningsdatoen kan ikke ligge i fremtiden."
    expect(page.get_by_role("link", name=f"Udskrevet: {refused}")).to_be_visible()  # the summary
    expect(page.get_by_label("Udskrevet")).to_have_accessible_description(re.compile(refused))
    assert_accessible(page, "discharge form with an error")

    case.clock.today = MOVE_IN
    page.goto(f"{base}/opgaver/ugentlig/")
    expect(weekly_row(page)).to_contain_text("Overskredet")  # no contact for a month: due again
    page.goto(f"{base}/borgere/{citizen.pk}/")
    stays = page.get_by_role("table", name=re.compile("^Ophold efter serviceloven § 110"))
    expect(stays.get_by_role("row", name=re.compile("Herberget Ude"))).to_contain_text(
        "Indskrevet nu"
    )
    discharge.click()
    expect(page.get_by_label("Udskrevet")).to_have_value(MOVE_IN.isoformat())
    page.get_by_label("Udflytningsforhold").select_option(label="Efter aftale")
    page.get_by_label("Fraflyttet til").select_option(label="Egen bolig med støtte")
    page.get_by_role("button", name="Udskriv").click()
    expect(status(page)).to_contain_text(
        "Borgeren er udskrevet fra Herberget Ude. "
        "Borgeren er ikke længere på by-name-listen: har fået bolig."
    )
    external = stays.get_by_role("row", name=re.compile("Herberget Ude"))
    expect(external).to_contain_text("28.12.2026")
    expect(external).to_contain_text("Efter aftale; egen bolig med støtte")
    expect(external).not_to_contain_text("Indskrevet nu")
    expect(page.get_by_role("link", name=re.compile("^Udskriv"))).to_have_count(0)
    timeline = page.get_by_role("table", name=re.compile("^Tidslinjen som tabel"))
    stay_line = timeline.get_by_role("row", name=re.compile("Herberget Ude"))
    expect(stay_line).to_contain_text("09.11.2026")
    expect(stay_line).to_contain_text("27.12.2026")  # the last night before the move
    expect(stay_line).not_to_contain_text("igangværende")
    expect(page.locator("svg.tl[role='img']")).to_contain_text("Herberget Ude")
    facts = page.locator("section[aria-labelledby='oplysninger']")
    expect(facts).to_contain_text("Ingen igangværende hjemløshedssituation")
    assert_accessible(page, "citizen overview after the discharge")

    tab(page, "Bolig og økonomi")
    expect(page.locator("section[aria-labelledby='lejemaal']")).to_contain_text("bor her nu")
    expect(page.get_by_text("stadig indskrevet på")).to_have_count(0)
    assert_accessible(page, "housing tab on the move-in day")
    # The discharge to their own home took the citizen off the by-name list as housed: there is
    # nothing left for the case worker to do here.
    expect(page.get_by_role("button", name="Tag borgeren af listen (fået bolig)")).to_have_count(0)

    tab(page, "Opfølgning")
    expect(page.get_by_role("heading", name="Opgaver", level=2)).to_be_visible()
    expect(page.get_by_text("Kontakt borger og boform")).to_have_count(0)
    assert_accessible(page, "follow-up tab on the move-in day")

    menu(page).get_by_role("link", name="Opgaver").click()
    page.get_by_role("link", name="Ugentlig opfølgning på borgere på eksterne boformer").click()
    expect(page.get_by_text("Ingen borgere på eksterne boformer i nat.")).to_be_visible()
    assert_accessible(page, "weekly list, nobody left")

    # The main pages on a 360 px phone: no violations and no sideways scrolling. Every page is
    # checked before the findings are asserted, so one finding does not hide the others.
    page.set_viewport_size({"width": 360, "height": 740})
    findings: list[str] = []
    for path, name in [
        ("/opgaver/ugentlig/", "weekly list"),
        (f"/borgere/{citizen.pk}/", "overview"),
        (f"/borgere/{citizen.pk}/bolig/", "housing tab"),
        (f"/borgere/{citizen.pk}/stoette/", "support tab"),
        (f"/borgere/{citizen.pk}/opfoelgning/", "follow-up tab"),
    ]:
        page.goto(f"{base}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if violations := axe_violations(page):
            findings.append(f"{name} at 360 px: {describe(violations)}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            findings.append(f"{name}: {width} px wide on a 360 px screen: {overflowing(page)}")

    # Moved in and discharged to their own home on the same day: off the by-name list, housed
    # (by the discharge itself).
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/borgere/{citizen.pk}/")
    on_list = facts.locator("dt:has-text('På by-name-listen') + dd")
    expect(on_list).to_have_count(1)
    if on_list.inner_text().strip() != "Nej":
        findings.append("still on the by-name list after moving in and being discharged")
    assert server_errors == [], server_errors
    assert findings == [], "\n".join(findings)

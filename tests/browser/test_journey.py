"""A citizen met on the street, from the first registration to their own home, by clicks only.

The case worker logs in and, without typing a single address after the login page, registers a
new citizen (the possible-duplicates check finds nobody), records the first contact, admits the
citizen to a shelter outside the municipality, keeps the weekly contact from the follow-up list,
records the income, offers a dwelling the citizen can pay, records the lease, grants the deposit
and sends the decision letter (a PDF with the citizen's name and no CPR number), starts CTI, and on
the move-in day discharges the citizen to their own home: they are no longer on the by-name list.

Only the world around the citizen (staff, shelters, a dwelling, one other citizen on the list) is
built through the services. axe-core checks every page visited against WCAG 2.1 A and AA at
1280 px.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, Response, expect
from pypdf import PdfReader

from tests import factories
from tests.browser.conftest import assert_accessible
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
)

CPR = "2811914455"
OTHER = "Karen Blixen"  # still homeless: the list is not empty for want of data
CPR_SHAPES = re.compile(r"\d{6}-?\d{4}")

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class World:
    url: str
    clock: Clock


@pytest.fixture
def world(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    around = surroundings(monkeypatch)
    factories.citizen(around.rikke, first_name="Karen", last_name="Blixen", start=date(2026, 6, 1))
    return World(live_server.url, around.clock)


def test_from_the_street_to_own_home_by_clicks(page: Page, world: World) -> None:
    server_errors: list[str] = []

    def note(response: Response) -> None:
        if response.status >= 500:
            server_errors.append(f"{response.status} {response.url}")

    page.on("response", note)
    log_in(page, world.url)  # the only address typed
    expect(page.get_by_role("heading", level=1, name="Forside")).to_be_visible()
    assert_accessible(page, "start page")

    # 1. Met on the street: registered; nobody like him is in Hjemvej, so no match is shown.
    page.get_by_role("link", name="Opret borger", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Opret borger")).to_be_visible()
    assert_accessible(page, "create form")
    page.get_by_label("Fornavn").fill("Mads")
    page.get_by_label("Efternavn").fill("Vestergaard")
    page.get_by_role("textbox", name="CPR-nummer").fill(CPR)
    page.get_by_label("Hvor borgeren kan træffes").fill("Ved Banegården om morgenen")
    page.get_by_label("Hjemløshedssituation").select_option(label="Gadesover")
    page.get_by_label("I situationen siden").fill("2026-06-01")
    page.get_by_role("button", name="Opret borger").click()
    expect(status(page)).to_contain_text(f"{NAME} er oprettet på listen.")
    expect(page.get_by_role("heading", name="Mulige match")).to_have_count(0)
    expect(page.get_by_role("heading", level=1, name=NAME)).to_be_visible()
    assert_accessible(page, "new citizen")
    menu(page).get_by_role("link", name="Borgere").click()
    expect(page.get_by_role("heading", level=1, name="Borgere på by-name-listen")).to_be_visible()
    assert_accessible(page, "by-name list")
    page.get_by_role("link", name=NAME, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=NAME)).to_be_visible()

    # 2. The first contact, on the street.
    page.get_by_role("link", name="Ny kontakt").click()
    expect(page.get_by_role("heading", level=1, name="Ny kontakt")).to_be_visible()
    assert_accessible(page, "contact form")
    page.get_by_label("Kontaktform").select_option(label="Besøg")
    page.get_by_label("Med hvem").fill("Borgeren")
    page.get_by_label("Notat").fill("Vil gerne have en bolig tæt på sin søster.")
    page.get_by_role("button", name="Gem").click()
    expect(status(page)).to_contain_text("Kontakten er registreret.")
    assert_accessible(page, "citizen after the contact")

    # 3. Admitted to a shelter outside the municipality tonight.
    page.get_by_role("link", name="Indskriv på boform").click()
    expect(page.get_by_role("heading", level=1, name="Indskriv på boform")).to_be_visible()
    assert_accessible(page, "admission form")
    page.get_by_label("Boform").select_option(label="Herberget Ude (København)")
    expect(page.get_by_label("Indskrevet")).to_have_value(TODAY.isoformat())
    page.get_by_label("Handlekommunen underrettet").fill(TODAY.isoformat())
    page.get_by_role("button", name="Indskriv", exact=True).click()
    expect(status(page)).to_contain_text("Borgeren er indskrevet på Herberget Ude.")
    assert_accessible(page, "citizen on the shelter")

    # 4. The weekly list: the citizen on the external shelter, contact due in a week.
    row = weekly_list(page)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Herberget Ude")
    expect(row).to_contain_text("21.11.2026")  # admitted today
    expect(row).to_contain_text("28.11.2026")  # the next contact: a week on
    expect(row).not_to_contain_text("Overskredet")
    assert_accessible(page, "weekly list")

    # 5. What the citizen can pay: the income first, then the capacity.
    row.get_by_role("link", name=NAME, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=NAME)).to_be_visible()
    assert_accessible(page, "overview from the weekly list")
    tab(page, "Bolig og økonomi")
    assert_accessible(page, "housing tab without income")
    page.get_by_role("link", name="Ny indkomst").click()
    assert_accessible(page, "income form")
    page.get_by_label("Indkomst", exact=True).select_option(label="Kontanthjælp")
    page.get_by_label("Grundsats").check()
    page.get_by_label("Tillæg til enlige uden børn").check()
    page.get_by_label("Pr. måned efter skat (kr.)").fill("9800")
    page.get_by_label("Fra", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Gem").click()
    capacity = page.locator("section[aria-labelledby='betalingsevne']")
    expect(capacity).to_contain_text("Kontanthjælp")
    expect(capacity).to_contain_text("Højeste betalbare husleje")
    assert_accessible(page, "housing tab with the capacity")

    # 6. A dwelling within it: offered, accepted, leased.
    page.get_by_role("link", name="Find en bolig, borgeren kan betale").first.click()
    expect(page.get_by_role("link", name=ADDRESS, exact=True)).to_be_visible()
    assert_accessible(page, "affordable dwellings")
    page.get_by_role("link", name=f"Tilbyd {ADDRESS}").click()
    offer_accepted(page)
    page.get_by_label("Indflytning").fill(MOVE_IN.isoformat())
    page.get_by_role("button", name="Gem lejemålet").click()
    expect(status(page)).to_contain_text("Lejemålet er registreret.")
    assert_accessible(page, "housing tab with the lease")

    # 7. The deposit, and the decision letter as a PDF.
    page.get_by_role("link", name="Ny bevilling eller afslag").click()
    assert_accessible(page, "grant form")
    page.get_by_label("Ydelse").select_option(label="Housing First-opfølgning: indskud")
    page.get_by_role("button", name="Gem afgørelsen").click()
    expect(status(page)).to_contain_text(
        "Housing First-opfølgning: indskud: afgørelsen er registreret."
    )
    assert_accessible(page, "housing tab with the deposit")
    tab(page, "Opfølgning")
    assert_accessible(page, "follow-up tab")
    page.get_by_role("link", name="Nyt brev").click()
    assert_accessible(page, "letter templates")
    page.get_by_role("link", name="Afgørelse om indskud eller hjælp").click()
    assert_accessible(page, "letter form")
    page.get_by_label("Afgørelse", exact=True).select_option(index=1)
    expect(page.get_by_label("Adresse på brevet")).to_have_value("c/o Herberget Ude")
    page.get_by_label("Det første, borgeren skal gøre").fill("Betal indskuddet til udlejeren.")
    page.get_by_label("Sådan kan borgeren kontakte dig").fill("Ring til Rikke på 12 34 56 78.")
    page.get_by_label("Sendes som").select_option(label="Givet personligt")
    page.get_by_role("button", name="Se brevet").click()
    assert_accessible(page, "letter preview")
    page.get_by_role("button", name="Send brevet").click()
    subject = "Svar om hjælp til indskud i din nye bolig"
    expect(status(page)).to_contain_text(f"Brevet »{subject}« er sendt og gemt.")
    assert_accessible(page, "letter")
    # The link opens the PDF in the browser (inline): the response the click brings is read.
    with page.expect_response(lambda r: r.request.is_navigation_request()) as opened:
        page.get_by_role("link", name="Hent brevet som PDF").click()
    pdf = opened.value
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    # Chromium's PDF viewer stands in for the body of the page; the same address is fetched
    # again, in the same session, for the document itself.
    body = page.request.get(pdf.url).body()
    assert body.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    assert NAME in text
    assert subject in text
    assert CPR not in text.replace("-", "").replace(" ", "")
    assert not CPR_SHAPES.search(text), "a CPR number on the letter"
    page.go_back()  # the browser's back button, to the letter
    page.get_by_role("link", name=f"Tilbage til opfølgning for {NAME}").click()
    expect(page.locator("section[aria-labelledby='breve']")).to_contain_text(subject)
    assert_accessible(page, "follow-up tab with the letter")

    # 8. CTI from today, before the move.
    tab(page, "Støtte")
    assert_accessible(page, "support tab")
    page.get_by_role("link", name="Nyt støtteforløb").click()
    assert_accessible(page, "course form")
    page.get_by_label("Indsats").select_option("cti")
    page.get_by_label("Medarbejder (valgfrit)").select_option(label="Bo Berg (Bostøttemedarbejder)")
    page.get_by_label("Udgift pr. måned (kr.)").fill("9500")
    page.get_by_label("Fase 1 begynder").fill(TODAY.isoformat())
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(status(page)).to_contain_text("Forløbet CTI (§ 85 a) er oprettet.")
    assert_accessible(page, "support tab with the course")

    # 9. The move-in day: discharged to their own home with support, and off the list as housed.
    world.clock.today = MOVE_IN
    tab(page, "Oversigt")
    assert_accessible(page, "overview on the move-in day")
    page.get_by_role("link", name="Udskriv fra Herberget Ude").click()
    assert_accessible(page, "discharge form")
    expect(page.get_by_label("Udskrevet")).to_have_value(MOVE_IN.isoformat())
    page.get_by_label("Udflytningsforhold").select_option(label="Efter aftale")
    page.get_by_label("Fraflyttet til").select_option(label="Egen bolig med støtte")
    page.get_by_role("button", name="Udskriv").click()
    expect(status(page)).to_contain_text(
        "Borgeren er ikke længere på by-name-listen: har fået bolig."
    )
    assert_accessible(page, "overview after the discharge")

    menu(page).get_by_role("link", name="Borgere").click()
    expect(page.get_by_role("heading", level=1, name="Borgere på by-name-listen")).to_be_visible()
    expect(page.get_by_role("link", name=OTHER, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=NAME, exact=True)).to_have_count(0)
    assert_accessible(page, "by-name list without the citizen")

    assert server_errors == [], server_errors

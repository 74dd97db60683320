"""The municipality as a letter's sender: letterhead, case worker, case number, complaint address.

Also: line breaks typed in the form reach the PDF, the address comes from the current lease, and
what was sent is stored with the letter, so a later change of the municipality changes no letter.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.citizens.services import citizen_reveal_cpr
from hjemvej.core.errors import DomainError
from hjemvej.followup import services
from hjemvej.followup.letters import compose, render_pdf
from hjemvej.followup.models import Letter
from hjemvej.followup.selectors import letter_text
from hjemvej.housing.models import Dwelling, HousingOffer
from hjemvej.housing.services import offer_answer, offer_create, tenancy_create
from tests.followup.records.conftest import CPR, TODAY, World, appointment_values, login
from tests.followup.records.test_records_letters import BASE, GRANT, pdf_text
from tests.housing import world as housing

pytestmark = pytest.mark.django_db

CASE_NUMBER = "27.12.04-G01-17-26"
WARNING = "En administrator skal udfylde kommunens adresse"


def fill_in_sender(code: str = "751") -> Municipality:
    """Give the municipality its details as a sender, as an administrator does in the admin."""
    municipality = Municipality.objects.get(code=code)
    municipality.sender_name = "Aarhus Kommune, Socialforvaltningen, Hjemløseenheden"
    municipality.address = "Rådhuspladsen 2"
    municipality.postal_code = "8000"
    municipality.city = "Aarhus C"
    municipality.phone = "89 40 20 00"
    municipality.email = "hjemloese@aarhus.example"
    municipality.website = "https://aarhus.example"
    municipality.save()
    return municipality


def case_worker(world: World) -> User:
    case = world.users[Role.CASE_WORKER]
    case.first_name, case.last_name = "Rikke", "Rådgiver"
    case.email = "rikke.raadgiver@aarhus.example"
    case.team = "Hjemløseteamet"
    case.save()
    return case


def send_decision(world: World, **values: str) -> Letter:
    world.citizen.refresh_from_db()  # as a request reads it: with the municipality as it is now
    return services.letter_send(
        actor=case_worker(world),
        citizen=world.citizen,
        template="grant_decision",
        values={"address": "Havnegade 1\n8000 Aarhus C"} | values,
        channel="digital_post",
        today=TODAY,
        grant=world.grant,
        case_number=CASE_NUMBER,
    )


def pdf_lines(data: bytes) -> list[str]:
    """Return the PDF's lines as laid out (a kept line break is a line of its own)."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [
        " ".join(line.split())
        for page in reader.pages
        for line in page.extract_text().splitlines()
        if line.strip()
    ]


def test_the_letter_carries_the_sender_the_case_worker_and_the_case_number(world: World) -> None:
    fill_in_sender()
    assert citizen_reveal_cpr(actor=world.users[Role.CASE_WORKER], citizen=world.citizen) == CPR
    letter = send_decision(world)
    assert letter.case_number == CASE_NUMBER
    data = render_pdf(letter_text(letter))
    lines = pdf_lines(data)
    # The letterhead first, then the citizen's name and address.
    assert lines[:8] == [
        "Aarhus Kommune, Socialforvaltningen, Hjemløseenheden",
        "Rådhuspladsen 2",
        "8000 Aarhus C",
        "Telefon 89 40 20 00",
        "hjemloese@aarhus.example",
        "aarhus.example",
        "Søren Hansen",
        "Havnegade 1",
    ]
    assert lines[8] == "8000 Aarhus C"
    printed = pdf_text(data)
    assert f"Dato: 21. november 2026 Sagsnummer: {CASE_NUMBER}" in printed
    # The complaint goes to the municipality, with its address and e-mail.
    assert (
        "Send eller fortæl din klage til Aarhus, Rådhuspladsen 2, 8000 Aarhus C, senest 4 uger "
        "efter, at du har fået brevet. Du kan også skrive til hjemloese@aarhus.example."
    ) in printed
    # The case worker signs with name, team and e-mail.
    assert (
        "Venlig hilsen Rikke Rådgiver Hjemløseteamet E-mail: rikke.raadgiver@aarhus.example"
    ) in printed
    for shape in (CPR, "010190-1234", "010190 1234"):
        assert shape not in printed
        assert shape.encode() not in data


def test_the_sender_is_stored_as_sent(world: World) -> None:
    aarhus = fill_in_sender()
    letter = send_decision(world)
    before = letter_text(letter)
    data = render_pdf(before)
    aarhus.address, aarhus.email, aarhus.phone = "Nyt Rådhus 1", "ny@aarhus.example", ""
    aarhus.save()
    case = letter.sent_by
    case.email, case.team = "ny.adresse@aarhus.example", "CTI-teamet"
    case.save()
    again = Letter.objects.get(pk=letter.pk)
    assert letter_text(again) == before
    assert render_pdf(letter_text(again)) == data


def test_a_letter_sent_before_the_sender_was_stored_renders_as_it_did() -> None:
    # A letter stored without sender details (as every letter sent before): the name alone.
    text = compose("grant_decision", BASE | GRANT)
    assert text.lines[0] == "Aarhus"
    assert not any(line.startswith("Sagsnummer") for line in text.lines)
    assert any("Send eller fortæl din klage til Aarhus senest 4 uger" in p for p in text.lines)


def test_without_a_whole_address_no_half_address_is_printed(world: World) -> None:
    aarhus = Municipality.objects.get(code="751")
    aarhus.postal_code, aarhus.city, aarhus.email = "8000", "Aarhus C", "hjemloese@aarhus.example"
    aarhus.save()  # no street address
    printed = pdf_text(render_pdf(letter_text(send_decision(world))))
    assert "8000 Aarhus C Søren Hansen" not in printed
    assert "Send eller fortæl din klage til Aarhus senest 4 uger" in printed


def test_the_case_number_is_checked(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        services.letter_preview(
            actor=world.users[Role.CASE_WORKER],
            citizen=world.citizen,
            template="reminder",
            values={"what": "aflever nøglen", "address": "c/o Herberget i Aarhus"},
            today=TODAY,
            case_number="010190-1234",
        )
    assert (refused.value.field, refused.value.message) == (
        "case_number",
        "Skriv ikke et CPR-nummer i brevet.",
    )
    with pytest.raises(DomainError) as long:
        services.letter_preview(
            actor=world.users[Role.CASE_WORKER],
            citizen=world.citizen,
            template="reminder",
            values={"what": "aflever nøglen", "address": "c/o Herberget i Aarhus"},
            today=TODAY,
            case_number="x" * 41,
        )
    assert long.value.field == "case_number"


def test_line_breaks_typed_in_the_form_reach_the_pdf(world: World) -> None:
    letter = services.letter_send(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        template="appointment",
        values=appointment_values(
            bring="sygesikringskort\r\nlejekontrakt\r\n\r\nog din telefon",
            address="Søren Hansen\r\nc/o Herberget i Aarhus",
        ),
        channel="post",
        today=TODAY,
    )
    assert letter.values["bring"] == "sygesikringskort\nlejekontrakt\n\nog din telefon"
    lines = pdf_lines(render_pdf(letter_text(letter)))
    assert "Tag det her med: sygesikringskort" in lines
    assert "lejekontrakt" in lines
    assert "og din telefon." in lines
    assert "c/o Herberget i Aarhus" in lines


def test_a_decisions_reason_keeps_its_paragraphs() -> None:
    reason = {"reason": "Du har ret til hjælpen.\n\nVi har set på din indkomst."}
    lines = pdf_lines(render_pdf(compose("grant_decision", BASE | GRANT | reason)))
    assert "Det har vi lagt vægt på: Du har ret til hjælpen." in lines
    assert "Vi har set på din indkomst." in lines


def accepted_offer(case: User, world: World, home: Dwelling) -> HousingOffer:
    offer = offer_create(
        actor=case,
        citizen=world.citizen,
        dwelling=home,
        offered_on=TODAY - timedelta(days=10),
        today=TODAY,
    )
    return offer_answer(
        actor=case,
        offer=offer,
        answer="accepted",
        answered_on=TODAY - timedelta(days=5),
        today=TODAY,
    )


# --- The letter form ---------------------------------------------------------------------------


def letter_url(world: World, template: str) -> str:
    return reverse("followup:letter_new", kwargs={"pk": world.citizen.pk}) + f"?skabelon={template}"


def page(response: Any) -> str:
    return str(response.content.decode())


def test_the_form_warns_when_the_municipality_has_no_address(world: World, client: Client) -> None:
    login(client, world.users[Role.CASE_WORKER])
    assert WARNING in page(client.get(letter_url(world, "reminder")))
    fill_in_sender()
    assert WARNING not in page(client.get(letter_url(world, "reminder")))


def test_the_case_number_is_written_on_the_form_and_kept(world: World, client: Client) -> None:
    fill_in_sender()
    login(client, world.users[Role.CASE_WORKER])
    new = letter_url(world, "reminder")
    form = page(client.get(new))
    assert 'name="case_number"' in form
    data = {
        "what": "tag dit pas med til banken",
        "where": "Banken\nSøndergade 4",
        "address": "c/o Herberget i Aarhus",
        "case_number": CASE_NUMBER,
        "channel": "post",
    }
    preview = page(client.post(new, data | {"preview": "1"}))
    assert f"Sagsnummer: {CASE_NUMBER}" in preview
    assert "Rådhuspladsen 2" in preview
    response = client.post(new, data | {"send": "1"})
    assert response.status_code == 302
    letter = Letter.objects.latest("id")
    assert letter.case_number == CASE_NUMBER
    detail = page(client.get(response["Location"]))
    assert f"Sagsnummer: {CASE_NUMBER}" in detail
    refused = page(client.post(new, data | {"case_number": "0101901234", "send": "1"}))
    assert "Skriv ikke et CPR-nummer i brevet." in refused
    assert "0101901234" not in refused
    assert Letter.objects.count() == 2


def test_the_address_comes_from_the_lease_just_registered(world: World, client: Client) -> None:
    case = world.users[Role.CASE_WORKER]
    login(client, case)
    new = letter_url(world, "reminder")
    assert "c/o Herberget i Aarhus</textarea>" in page(client.get(new))
    home = housing.dwelling(case, housing.landlord(case), address="Vestergade 1, 1. tv.")
    offer = accepted_offer(case, world, home)
    tenancy_create(
        actor=case,
        citizen=world.citizen,
        lease_signed_on=TODAY - timedelta(days=3),
        move_in=TODAY,
        today=TODAY,
        offer=offer,
    )
    assert ">\nVestergade 1, 1. tv.\n8000 Aarhus C</textarea>" in page(client.get(new))


def test_a_lease_outside_the_register_gives_its_address(world: World, client: Client) -> None:
    case = world.users[Role.CASE_WORKER]
    tenancy_create(
        actor=case,
        citizen=world.citizen,
        lease_signed_on=date(2026, 11, 1),
        move_in=date(2026, 11, 15),
        today=TODAY,
        address="Skovvej 3, 2. th., 8200 Aarhus N",
        rent_monthly=Decimal("4200"),
    )
    login(client, case)
    assert ">\nSkovvej 3, 2. th., 8200 Aarhus N</textarea>" in page(
        client.get(letter_url(world, "reminder"))
    )

"""Letters: every template renders, the action comes first, no CPR in the PDF, the same again."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest

from hjemvej.accounts.models import Role
from hjemvej.citizens.services import citizen_reveal_cpr
from hjemvej.followup import services
from hjemvej.followup.letters import TEMPLATES, LetterText, compose, render_pdf
from hjemvej.followup.letters.texts import weekday_date
from hjemvej.followup.selectors import letter_text
from hjemvej.housing.models import GrantDecision, GrantKind
from tests.followup.records.conftest import CPR, TODAY, World, appointment_values, make_grant
from tests.pdf_checks import assert_accessible_pdf, structure_tags

BASE = {
    "recipient": "Søren Hansen",
    "sender": "Rikke Rådgiver",
    "municipality": "Aarhus",
    "sent_on": "2026-11-21",
    "address": "Havnegade 1, 8000 Aarhus C",
}
GRANT = {
    "grant_kind": "hf_deposit",
    "decision": "granted",
    "amount": "12500.00",
    "decided_on": "2026-11-20",
    "reason": "",
    "repayment_monthly": "",
    "repayment_from": "",
    "complaint_weeks": "4",  # the service stores the law's numbers with the letter
    "loan_free_years": "5",
}
#: One filled-in example of each template.
EXAMPLES = {
    "appointment": appointment_values(),
    "grant_decision": GRANT,
    "reminder": {"what": "aflever nøglen til herberget", "by_date": "2026-11-30"},
}
#: The first line of each example: the one thing to do.
ACTIONS = {
    "appointment": (
        "Kom til møde tirsdag den 1. december 2026 kl. 10.00. Sted: Jobcentret, Tronholmen 1."
    ),
    "grant_decision": "Du får 12.500,00 kr. til indskud i din nye bolig.",
    "reminder": "Husk: aflever nøglen til herberget senest mandag den 30. november 2026.",
}


def pdf_text(data: bytes) -> str:
    """Return the PDF's text with the line breaks of the layout folded into spaces."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_every_template_has_an_example() -> None:
    assert set(EXAMPLES) == set(TEMPLATES)


@pytest.mark.parametrize("template", sorted(EXAMPLES))
def test_each_template_renders_with_the_action_first(template: str) -> None:
    text = compose(template, BASE | EXAMPLES[template])
    assert text.action == ACTIONS[template]
    lines = text.lines
    # What the citizen reads after the header: the subject, then the action.
    assert lines[lines.index(text.subject) + 1] == text.action
    assert lines[-1] != "Venlig hilsen"
    words = " ".join(lines)
    assert not re.search(r"\bDe\b|\bDem\b|\bDeres\b", words)  # "du", never the formal "De"


@pytest.mark.parametrize("template", sorted(EXAMPLES))
def test_the_pdf_prints_the_text_in_order_and_again_the_same(template: str) -> None:
    text = compose(template, BASE | EXAMPLES[template])
    data = render_pdf(text)
    printed = pdf_text(data)
    assert printed == " ".join(" ".join(text.lines).split())
    assert printed.index(text.subject) < printed.index(text.action) < printed.index("Venlig hilsen")
    assert render_pdf(compose(template, BASE | EXAMPLES[template])) == data


def test_a_decision_says_the_rules_last_and_how_to_complain() -> None:
    refused = GRANT | {
        "grant_kind": "moving_grant",
        "decision": "refused",
        "reason": "Du har selv penge til flytningen.",
    }
    text = compose("grant_decision", BASE | refused)
    assert text.action == (
        "Du får ikke hjælp til flytning og indskud. Er du uenig, kan du klage inden 4 uger "
        "efter, at du har fået dette brev."
    )
    assert "Det er derfor: Du har selv penge til flytningen." in text.paragraphs
    assert any("Ankestyrelsen" in p and "4 uger" in p for p in text.paragraphs)
    assert text.references[0] == "Hjælp til flytning og indskud: lov om aktiv socialpolitik § 85."
    assert "§ 67" in text.references[1]
    assert text.lines[-2:] == list(text.references)
    assert "§" not in " ".join([text.subject, text.action, *text.paragraphs])


@pytest.mark.parametrize("kind", list(GrantKind))
def test_every_kind_of_grant_has_its_decision_letter(kind: GrantKind) -> None:
    text = compose("grant_decision", BASE | GRANT | {"grant_kind": kind.value})
    assert text.action.startswith("Du ")
    assert text.references  # the rule it was decided under, last
    assert "§" not in " ".join([text.subject, text.action, *text.paragraphs])


def test_a_deposit_loan_says_how_it_is_paid_back() -> None:
    loan = GRANT | {"grant_kind": "deposit_loan", "amount": "8000"}
    free = compose("grant_decision", BASE | loan)
    assert free.action == "Du kan låne 8.000,00 kr. til indskud i din nye bolig."
    assert "Du skal ikke betale af på lånet de første 5 år, og der er ingen renter." in (
        free.paragraphs
    )
    paying = compose(
        "grant_decision",
        BASE | loan | {"repayment_monthly": "150.00", "repayment_from": "2031-12-01"},
    )
    assert (
        "Du skal betale 150,00 kr. tilbage hver måned fra 1. december 2031. Der er ingen renter."
        in paying.paragraphs
    )


def test_the_first_step_written_by_the_worker_goes_first() -> None:
    kit = GRANT | {"grant_kind": "hf_starter_kit", "first_step": "Hent startpakken i Genbrugen"}
    text = compose("grant_decision", BASE | kit)
    assert text.action == "Hent startpakken i Genbrugen"
    assert text.paragraphs[0] == (
        "Du får 12.500,00 kr. til en startpakke med møbler og ting fra genbrug."
    )


def test_danish_dates() -> None:
    assert weekday_date(date(2026, 12, 1)) == "tirsdag den 1. december 2026"
    assert weekday_date(date(2027, 1, 3)) == "søndag den 3. januar 2027"


@pytest.mark.django_db
def test_a_sent_letter_is_rendered_again_the_same_and_never_with_the_cpr_number(
    world: World,
) -> None:
    case = world.users[Role.CASE_WORKER]
    assert citizen_reveal_cpr(actor=case, citizen=world.citizen) == CPR
    preview = services.letter_preview(
        actor=case,
        citizen=world.citizen,
        template="grant_decision",
        values={"address": "Havnegade 1, 8000 Aarhus C"},
        today=TODAY,
        grant=world.grant,
    )
    letter = services.letter_send(
        actor=case,
        citizen=world.citizen,
        template="grant_decision",
        values={"address": "Havnegade 1, 8000 Aarhus C"},
        channel="digital_post",
        today=TODAY,
        grant=world.grant,
    )
    again = letter_text(letter)
    assert again == preview
    data = render_pdf(again)
    printed = pdf_text(data)
    assert "Søren Hansen" in printed
    assert "Havnegade 1, 8000 Aarhus C" in printed
    assert "Du får 12.500,00 kr. til indskud i din nye bolig." in printed
    for shape in (CPR, "010190-1234", "010190 1234"):
        assert shape not in printed
        assert shape.encode() not in data
    assert render_pdf(letter_text(letter)) == data


@pytest.mark.django_db
def test_the_log_records_what_was_sent(world: World) -> None:
    support = world.users[Role.SUPPORT_WORKER]
    refused = make_grant(
        world.citizen,
        world.users[Role.CASE_WORKER],
        kind=GrantKind.FURNITURE_GRANT,
        decision=GrantDecision.REFUSED,
        reason="Du har fået hjælp til møbler for et halvt år siden.",
    )
    letter = services.letter_send(
        actor=support,
        citizen=world.citizen,
        template="grant_decision",
        values={"address": "c/o Herberget i Aarhus"},
        channel="handed",
        today=TODAY,
        grant=refused,
    )
    text = letter_text(letter)
    assert isinstance(text, LetterText)
    assert (letter.subject, letter.channel, letter.sent_by) == (
        "Svar om hjælp til møbler og ting til dit hjem",
        "handed",
        support,
    )
    assert text.sender == "Support_worker"
    assert text.references[0] == "Hjælp til møbler og bohave: lov om aktiv socialpolitik § 81."


def test_a_decision_letter_keeps_the_law_numbers_it_was_sent_with(world: World) -> None:
    letter = services.letter_send(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        template="grant_decision",
        values={"address": "Havnegade 1, 8000 Aarhus C"},
        channel="post",
        today=TODAY,
        grant=world.grant,
    )
    # Retssikkerhedsloven § 67, from the dated parameter, stored so the letter renders the same.
    assert letter.values["complaint_weeks"] == "4"
    assert "senest 4 uger efter" in " ".join(letter_text(letter).paragraphs)


@pytest.mark.parametrize("template", sorted(EXAMPLES))
def test_the_pdf_is_tagged_for_screen_readers_with_its_fonts_embedded(template: str) -> None:
    text = compose(template, BASE | EXAMPLES[template])
    reader = assert_accessible_pdf(render_pdf(text), title=text.subject)
    tags = structure_tags(reader)
    # The subject is the one first-level heading; the rules, when given, a heading of their own.
    assert tags.count("H1") == 1
    assert tags.count("H2") == (1 if text.references else 0)
    assert tags.count("P") >= len(text.paragraphs)


def test_what_a_user_typed_is_printed_as_text_never_as_markup() -> None:
    typed = '#set page(width: 1pt) *fed* $x^2$ <b>"x"</b> \\ // [#sys.inputs]'
    text = compose("grant_decision", BASE | GRANT | {"decision": "refused", "reason": typed})
    printed = pdf_text(render_pdf(text))
    assert typed in printed

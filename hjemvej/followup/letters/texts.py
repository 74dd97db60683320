"""The letter templates: plain Danish, the one thing to do first at the top, the rules at the end.

A letter is composed from its stored values only (text, dates as ÅÅÅÅ-MM-DD, the sender as it
was on the day), so the letter a citizen got can be rendered again word for word. No value is ever
a CPR number. A letter stored before the sender's details were kept shows the municipality's name
alone, as it did then.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from hjemvej.core.formatting import kroner, long_date

FieldKind = Literal["text", "date", "time", "textarea"]

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def complaint_reference(weeks: str) -> str:
    """Return the complaint rules every decision letter ends with."""
    return (
        "Klage: lov om retssikkerhed og administration på det sociale område § 60 (klage til "
        f"Ankestyrelsen), § 66 (kommunen ser på sagen igen) og § 67 (klagefristen er {weeks} "
        "uger)."
    )


class MissingValue(Exception):
    """A value the template needs is missing or cannot be read; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class LetterField:
    """A value the user fills in for a template."""

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = True
    help_text: str = ""


@dataclass(frozen=True)
class LetterText:
    """A composed letter: the action first, then the rest in plain words, the rules last."""

    subject: str
    action: str
    paragraphs: tuple[str, ...]
    recipient: str
    address: str
    sender: str
    municipality: str
    sent_on: date
    references: tuple[str, ...] = ()
    #: The municipality as sender: name, address, phone, e-mail, web (empty: the name alone).
    letterhead: tuple[str, ...] = ()
    case_number: str = ""
    #: Under the worker's name: their team and e-mail.
    signature: tuple[str, ...] = ()

    @property
    def header(self) -> tuple[str, ...]:
        """Return the letterhead, or the municipality's name where no letterhead was stored."""
        return self.letterhead or (self.municipality,)

    @property
    def case_text(self) -> str:
        """Return the case number as the letter says it ("" without one)."""
        return f"Sagsnummer: {self.case_number}" if self.case_number else ""

    @property
    def date_text(self) -> str:
        """Return the letter's date as the letter says it."""
        return long_date(self.sent_on)

    @property
    def lines(self) -> list[str]:
        """Return the letter's text in reading order (what the PDF prints, line for line)."""
        out = [
            *self.header,
            self.recipient,
            self.address,
            f"Dato: {self.date_text}",
            self.case_text,
            self.subject,
            self.action,
            *self.paragraphs,
            "Venlig hilsen",
            self.sender,
            *self.signature,
            self.header[0],
        ]
        if self.references:
            out += ["Regler", *self.references]
        return [line for line in out if line]


@dataclass(frozen=True)
class LetterSpec:
    """A template: its key, title, the fields a user fills in, and how the text is made."""

    key: str
    title: str
    fields: tuple[LetterField, ...]
    build: Callable[[Mapping[str, str]], tuple[str, str, list[str], list[str]]]
    needs_grant: bool = False


def weekday_date(day: date) -> str:
    """Return a date with its weekday: tirsdag den 1. december 2026."""
    return f"{WEEKDAYS[day.weekday()]} den {long_date(day)}"


def _text(values: Mapping[str, str], name: str, label: str) -> str:
    value = values.get(name, "").strip()
    if not value:
        raise MissingValue(name, f"Skriv {label}.")
    return value


def _date(values: Mapping[str, str], name: str, *, required: bool = True) -> date | None:
    raw = values.get(name, "").strip()
    if not raw:
        if required:
            raise MissingValue(name, "Skriv datoen.")
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise MissingValue(name, "Skriv datoen som dd.mm.åååå.") from None


def _money(raw: str) -> str:
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise MissingValue("amount", "Beløbet kan ikke læses.") from None
    return kroner(amount)


def blocks(content: str) -> list[list[str]]:
    """Return the paragraphs typed in a text, each as its lines (a blank line parts paragraphs)."""
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if lines:
            out.append(lines)
    return out


def _value(values: Mapping[str, str], name: str) -> str:
    return str(values.get(name, "")).strip()


def _postal_address(values: Mapping[str, str]) -> tuple[str, str] | None:
    """Return the sender's street and "postal code city" as stored, or None without a whole one."""
    street = _value(values, "municipality_address")
    code, city = _value(values, "municipality_postal_code"), _value(values, "municipality_city")
    return (street, f"{code} {city}") if street and code and city else None


def letterhead(values: Mapping[str, str]) -> tuple[str, ...]:
    """Return the sender's letterhead from the stored values (empty when none was stored)."""
    name = _value(values, "sender_name")
    address = _postal_address(values)
    phone, email = _value(values, "municipality_phone"), _value(values, "municipality_email")
    website = re.sub(r"^https?://", "", _value(values, "municipality_website")).rstrip("/")
    if not (name or address or phone or email or website):
        return ()
    return (
        name or _value(values, "municipality"),
        *(address or ()),
        *((f"Telefon {phone}",) if phone else ()),
        *((email,) if email else ()),
        *((website,) if website else ()),
    )


def signature(values: Mapping[str, str]) -> tuple[str, ...]:
    """Return what stands under the worker's name: their team and e-mail."""
    team, email = _value(values, "sender_team"), _value(values, "sender_email")
    return (*((team,) if team else ()), *((f"E-mail: {email}",) if email else ()))


def _complaint(values: Mapping[str, str]) -> str:
    """Return where to complain: the municipality, with its address and e-mail when stored."""
    weeks = values["complaint_weeks"]
    to = values["municipality"]
    if address := _postal_address(values):
        to = f"{to}, {address[0]}, {address[1]},"
    email = _value(values, "municipality_email")
    return (
        f"Er du uenig? Så kan du klage. Send eller fortæl din klage til {to} senest {weeks} uger "
        "efter, at du har fået brevet."
        + (f" Du kan også skrive til {email}." if email else "")
        + " Vi ser på sagen igen. Giver vi dig ikke ret, sender vi klagen videre til "
        "Ankestyrelsen. Vi hjælper gerne med klagen."
    )


def _contact(values: Mapping[str, str]) -> str:
    contact = values.get("contact", "").strip().rstrip(".")
    return f"{contact}." if contact else ""


# --- Mødeindkaldelse ---------------------------------------------------------------------------


def _appointment(values: Mapping[str, str]) -> tuple[str, str, list[str], list[str]]:
    when = _date(values, "date")
    assert when is not None
    time = _text(values, "time", "klokkeslættet")
    place = _text(values, "place", "hvor mødet er")
    with_whom = _text(values, "with_whom", "hvem borgeren skal mødes med")
    subject = f"Vi vil gerne mødes med dig {long_date(when)}"
    action = f"Kom til møde {weekday_date(when)} kl. {time}. Sted: {place.rstrip('.')}."
    paragraphs = [f"Du skal mødes med {with_whom}."]
    if about := values.get("about", "").strip():
        paragraphs.append(f"Vi skal tale om {about.rstrip('.')}.")
    if bring := values.get("bring", "").strip():
        paragraphs.append(f"Tag det her med: {bring.rstrip('.')}.")
    paragraphs.append("Kan du ikke komme? Så sig det til os, så finder vi en anden tid.")
    paragraphs.append(_contact(values))
    return subject, action, paragraphs, []


# --- Afgørelse om indskud eller hjælp ----------------------------------------------------------

#: What a grant of each kind is for, in the citizen's words.
GRANT_PURPOSE = {
    "deposit_loan": "indskud i din nye bolig",
    "moving_grant": "flytning og indskud",
    "furniture_grant": "møbler og ting til dit hjem",
    "hf_deposit": "indskud i din nye bolig",
    "hf_establishment": "at komme godt i gang i din nye bolig",
    "hf_starter_kit": "en startpakke med møbler og ting fra genbrug",
    "own_payment_back": (
        "indskud eller etablering i din nye bolig: den egenbetaling, du betalte under dit ophold, "
        "betalt tilbage"
    ),
}

#: The rule each kind of grant is decided under.
GRANT_REFERENCE = {
    "deposit_loan": "Beboerindskudslån: lov om individuel boligstøtte §§ 54-59.",
    "moving_grant": "Hjælp til flytning og indskud: lov om aktiv socialpolitik § 85.",
    "furniture_grant": "Hjælp til møbler og bohave: lov om aktiv socialpolitik § 81.",
    "hf_deposit": (
        "Indskud som følgeudgift til Housing First-støtten efter lov om social service § 85 a "
        "(kommunens egen ordning)."
    ),
    "hf_establishment": (
        "Etableringsbeløb som følgeudgift til Housing First-støtten efter lov om social service "
        "§ 85 a (kommunens egen ordning)."
    ),
    "hf_starter_kit": (
        "Startpakke som følgeudgift til Housing First-støtten efter lov om social service § 85 a "
        "(kommunens egen ordning)."
    ),
    "own_payment_back": (
        "Egenbetaling for ophold efter lov om social service § 110 (bekendtgørelse nr. 1244 af "
        "13. november 2017) betalt tilbage til indskud eller etablering (kommunens egen ordning)."
    ),
}


def _grant_decision(values: Mapping[str, str]) -> tuple[str, str, list[str], list[str]]:
    kind = values.get("grant_kind", "")
    if kind not in GRANT_PURPOSE:
        raise MissingValue("grant", "Vælg den afgørelse, brevet handler om.")
    purpose = GRANT_PURPOSE[kind]
    amount = _money(values.get("amount", ""))
    granted = values.get("decision") == "granted"
    loan = kind == "deposit_loan"
    reason = values.get("reason", "").strip()
    subject = f"Svar om hjælp til {purpose}"
    if granted:
        action = (
            f"Du kan låne {amount} til {purpose}." if loan else f"Du får {amount} til {purpose}."
        )
        paragraphs = ["Vi har sagt ja."]
        if reason:
            paragraphs.append(f"Det har vi lagt vægt på: {reason}")
        if loan:
            paragraphs.append(_repayment(values))
    else:
        if not reason:
            raise MissingValue(
                "grant",
                "Afgørelsen har ingen begrundelse. Skriv begrundelsen på afgørelsen, før brevet "
                "sendes.",
            )
        action = (
            f"Du får ikke hjælp til {purpose}. Er du uenig, kan du klage inden "
            f"{values['complaint_weeks']} uger efter, at du har fået dette brev."
        )
        paragraphs = ["Vi har sagt nej.", f"Det er derfor: {reason}"]
    if first := values.get("first_step", "").strip():
        paragraphs.insert(0, action)
        action = first
    decided = _date(values, "decided_on")
    assert decided is not None
    paragraphs.append(f"Vi har truffet afgørelsen den {long_date(decided)}.")
    paragraphs.append(_complaint(values))
    paragraphs.append(_contact(values))
    return (
        subject,
        action,
        paragraphs,
        [GRANT_REFERENCE[kind], complaint_reference(values["complaint_weeks"])],
    )


def _repayment(values: Mapping[str, str]) -> str:
    monthly = values.get("repayment_monthly", "").strip()
    start = _date(values, "repayment_from", required=False)
    if monthly and start is not None:
        return (
            f"Du skal betale {_money(monthly)} tilbage hver måned fra {long_date(start)}. "
            "Der er ingen renter."
        )
    return (
        f"Du skal ikke betale af på lånet de første {values['loan_free_years']} år, og der er "
        "ingen renter."
    )


# --- Påmindelse --------------------------------------------------------------------------------


def _reminder(values: Mapping[str, str]) -> tuple[str, str, list[str], list[str]]:
    what = _text(values, "what", "hvad borgeren skal huske").rstrip(".")
    by = _date(values, "by_date", required=False)
    subject = f"Påmindelse: {what}"[:200]
    action = f"Husk: {what}" + (f" senest {weekday_date(by)}." if by else ".")
    paragraphs = []
    if where := values.get("where", "").strip():
        paragraphs.append(f"Sted: {where.rstrip('.')}.")
    paragraphs.append("Har du brug for hjælp til det, så sig til. Vi hjælper gerne.")
    paragraphs.append(_contact(values))
    return subject, action, paragraphs, []


ADDRESS = LetterField(
    "address",
    "Adresse på brevet",
    "textarea",
    help_text=(
        "Borgerens adresse, som den står på brevet: gade og nummer på første linje, postnummer "
        "og by på næste. Eller c/o boformen. Aldrig CPR-nummer."
    ),
)
CONTACT = LetterField(
    "contact",
    "Sådan kan borgeren kontakte dig",
    "textarea",
    required=False,
    help_text="Fx: Ring til Rikke på 12 34 56 78 mellem kl. 9 og 12.",
)

TEMPLATES: dict[str, LetterSpec] = {
    spec.key: spec
    for spec in (
        LetterSpec(
            "appointment",
            "Mødeindkaldelse",
            (
                LetterField("date", "Dato for mødet", "date"),
                LetterField("time", "Klokkeslæt", "time", help_text="Fx 10.00."),
                LetterField("place", "Sted", help_text="Fx Jobcentret, Tronholmen 1, lokale 3."),
                LetterField("with_whom", "Med hvem", help_text="Fx Rikke fra Hjemløseteamet."),
                LetterField("about", "Hvad mødet handler om", required=False),
                LetterField("bring", "Hvad borgeren skal have med", "textarea", required=False),
                CONTACT,
                ADDRESS,
            ),
            _appointment,
        ),
        LetterSpec(
            "grant_decision",
            "Afgørelse om indskud eller hjælp",
            (
                LetterField(
                    "first_step",
                    "Det første, borgeren skal gøre",
                    required=False,
                    help_text=(
                        "Fx: Hent startpakken i Genbrugen, Havnegade 3. Tomt: brevet begynder "
                        "med, hvad afgørelsen betyder."
                    ),
                ),
                CONTACT,
                ADDRESS,
            ),
            _grant_decision,
            needs_grant=True,
        ),
        LetterSpec(
            "reminder",
            "Påmindelse",
            (
                LetterField("what", "Hvad borgeren skal huske", help_text="Fx aflevere nøglen."),
                LetterField("by_date", "Senest", "date", required=False),
                LetterField("where", "Hvor", required=False),
                CONTACT,
                ADDRESS,
            ),
            _reminder,
        ),
    )
}


def compose(template: str, values: Mapping[str, str]) -> LetterText:
    """Compose the letter from its template and stored values (raise MissingValue if short)."""
    spec = TEMPLATES[template]
    subject, action, paragraphs, references = spec.build(values)
    sent_on = _date(values, "sent_on")
    assert sent_on is not None
    return LetterText(
        subject=subject,
        action=action,
        paragraphs=tuple(p for p in paragraphs if p),
        recipient=values.get("recipient", ""),
        address=_text(values, "address", "adressen"),
        sender=values.get("sender", ""),
        municipality=values.get("municipality", ""),
        sent_on=sent_on,
        references=tuple(references),
        letterhead=letterhead(values),
        case_number=_value(values, "case_number"),
        signature=signature(values),
    )

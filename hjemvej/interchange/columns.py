"""The one definition of the workbook: its sheets and their columns, in order.

Parsing (``values.py``), the export (``export.py``), the template workbook (``template.py``) and
the table in ``docs/import.md`` (checked by a test) all read these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import TextChoices

from hjemvej.citizens.models import (
    Gender,
    ListEventKind,
    ListEventReason,
    RiskKind,
    RiskOutcome,
    Situation,
    SituationSource,
)
from hjemvej.shelters.models import (
    ExitDestination,
    ExitReason,
    Operator,
    OwnPayment,
    PriorResidence,
    StayType,
)
from hjemvej.support.models import ContactKind, CourseKind

TEXT = "tekst"
DATE = "dato"
AMOUNT = "beløb"
COUNT = "heltal"
YES_NO = "ja/nej"
CHOICE = "valg"
CPR = "cpr"
MUNICIPALITY = "kommunekode"
REF = "henvisning"
RATES = "takster"


@dataclass(frozen=True)
class Column:
    """One column: its Danish header, the kind of value, the field it fills and what it means."""

    name: str
    kind: str
    field: str
    doc: str
    required: bool = False
    choices: type[TextChoices] | None = None
    ref: str = ""  # the sheet a REF column names a row of
    max_length: int = 0


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, the record it holds (a model label) and its columns."""

    name: str
    model: str
    doc: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Return the column headers in order."""
        return tuple(column.name for column in self.columns)


def _id(what: str) -> Column:
    return Column(
        "ekstern_id",
        TEXT,
        "ekstern_id",
        f"Kildesystemets eget id for {what}; entydigt i arket.",
        required=True,
        max_length=100,
    )


def _citizen() -> Column:
    return Column(
        "borger", REF, "citizen", "Borgerens ekstern_id (arket borgere).", True, ref="borgere"
    )


SHELTERS = Sheet(
    "boformer",
    "shelters.Shelter",
    "Boformer efter § 110 og deres takster. Genkendes på ekstern_id, ellers på P-nummer.",
    (
        _id("boformen"),
        Column("navn", TEXT, "name", "Boformens navn.", True, max_length=200),
        Column(
            "kommune", MUNICIPALITY, "municipality", "Beliggenhedskommunens kode (3 cifre).", True
        ),
        Column(
            "driftsform",
            CHOICE,
            "operator",
            "Kommunal/regional eller selvejende.",
            True,
            choices=Operator,
        ),
        Column(
            "tilbudsportalen",
            YES_NO,
            "on_tilbudsportalen",
            "Registreret på Tilbudsportalen (Ja/Nej; tom: Ja).",
        ),
        Column("pladser", COUNT, "places", "Antal pladser.", True),
        Column("cvr_nummer", TEXT, "cvr_number", "CVR-nummer, 8 cifre.", max_length=8),
        Column("p_nummer", TEXT, "p_number", "P-nummer, 10 cifre.", max_length=10),
        Column(
            "takster",
            RATES,
            "rates",
            "Takst pr. døgn fra en dato, adskilt af semikolon: "
            "»01.01.2025: 1234,50; 01.01.2026: 1300,00«.",
        ),
    ),
)

CITIZENS = Sheet(
    "borgere",
    "citizens.Citizen",
    "Borgerne. Genkendes på CPR-nummer, eller på ekstern_id når der intet CPR-nummer er. "
    "Handlekommunen er den kommune, der indlæses for (--municipality).",
    (
        _id("borgeren"),
        Column("cpr", CPR, "cpr", "CPR-nummer (DDMMÅÅ-XXXX eller 10 cifre); kontrolleres."),
        Column("fornavn", TEXT, "first_name", "Fornavn.", max_length=100),
        Column("efternavn", TEXT, "last_name", "Efternavn.", max_length=100),
        Column("alias", TEXT, "alias", "Alias for en borger uden CPR-nummer.", max_length=100),
        Column("foedselsdato", DATE, "birth_date", "Fødselsdato (tom: fra CPR-nummeret)."),
        Column("koen", CHOICE, "gender", "Køn (tom: Uoplyst).", choices=Gender),
        Column("telefon", TEXT, "phone", "Telefonnummer.", max_length=30),
        Column("email", TEXT, "email", "E-mailadresse.", max_length=254),
        Column("kan_traeffes", TEXT, "contact_note", "Hvor borgeren kan træffes.", max_length=200),
        Column(
            "opholdskommune",
            MUNICIPALITY,
            "residence_municipality",
            "Opholdskommunens kode, hvis en anden end handlekommunen.",
        ),
    ),
)

SITUATIONS = Sheet(
    "situationer",
    "citizens.HomelessnessSituation",
    "Hjemløshedssituationer [fra, til). En ny borger skal have mindst én.",
    (
        _id("situationen"),
        _citizen(),
        Column(
            "situation", CHOICE, "situation", "En af de ni situationer.", True, choices=Situation
        ),
        Column("fra", DATE, "start", "Første dag.", True),
        Column("til", DATE, "end", "Dagen efter sidste dag (tom: varer ved)."),
        Column(
            "kilde",
            CHOICE,
            "source",
            "Hvem der kender situationen (tom: Andet).",
            choices=SituationSource,
        ),
        Column("bemaerkning", TEXT, "note", "Bemærkning.", max_length=300),
    ),
)

STAYS = Sheet(
    "ophold",
    "shelters.Stay",
    "Ophold på boformer [indskrevet, udskrevet). En borgers ophold må ikke overlappe.",
    (
        _id("opholdet"),
        _citizen(),
        Column(
            "boform", REF, "shelter", "Boformens ekstern_id (arket boformer).", True, ref="boformer"
        ),
        Column("indskrevet", DATE, "admitted", "Indskrivningsdato.", True),
        Column("udskrevet", DATE, "discharged", "Udskrivningsdato (tom: indskrevet nu)."),
        Column(
            "opholdstype",
            CHOICE,
            "stay_type",
            "Ophold eller efterforsorg (tom: ophold).",
            choices=StayType,
        ),
        Column(
            "senest_opholdt",
            CHOICE,
            "prior_residence",
            "Hvor borgeren senest opholdt sig (tom: Uoplyst).",
            choices=PriorResidence,
        ),
        Column(
            "udflytningsforhold",
            CHOICE,
            "exit_reason",
            "Hvordan opholdet sluttede.",
            choices=ExitReason,
        ),
        Column(
            "fraflyttet_til",
            CHOICE,
            "exit_destination",
            "Hvor borgeren flyttede hen.",
            choices=ExitDestination,
        ),
        Column(
            "aftalt_takst",
            AMOUNT,
            "agreed_daily_rate",
            "Aftalt takst pr. døgn i kr., hvis en anden end boformens.",
        ),
        Column(
            "egenbetaling",
            CHOICE,
            "own_payment",
            "Egenbetaling (tom: efter takst).",
            choices=OwnPayment,
        ),
        Column(
            "nedsat_egenbetaling",
            AMOUNT,
            "own_payment_reduced",
            "Nedsat egenbetaling pr. døgn i kr.",
        ),
        Column(
            "egenbetaling_afgjort",
            DATE,
            "own_payment_decided_on",
            "Dato for afgørelsen om egenbetaling.",
        ),
        Column("underrettet", DATE, "notified_on", "Dato handlekommunen blev underrettet."),
    ),
)

COURSES = Sheet(
    "stoetteforloeb",
    "support.SupportCourse",
    "Støtteforløb (§ 85, § 85 a, § 99) [start, slut).",
    (
        _id("forløbet"),
        _citizen(),
        Column("indsats", CHOICE, "kind", "Indsatsen.", True, choices=CourseKind),
        Column("afgoerelse", DATE, "decided_on", "Dato for afgørelsen.", True),
        Column("start", DATE, "start", "Første dag.", True),
        Column("slut", DATE, "end", "Dagen efter sidste dag (tom: i gang)."),
        Column("udgift_pr_maaned", AMOUNT, "monthly_cost", "Udgift pr. måned i kr. (tom: 0)."),
        Column("fase1_start", DATE, "phase1_start", "CTI: dagen fase 1 begynder."),
        Column(
            "naeste_opfoelgning",
            DATE,
            "next_review",
            "ICM, ACT, M-ACT: næste opfølgning (tom: standardintervallet).",
        ),
        Column(
            "valgt_boform",
            REF,
            "chosen_shelter",
            "§ 85 a: boformen (ekstern_id) med den valgte medarbejder.",
            ref="boformer",
        ),
        Column(
            "valgt_medarbejder",
            TEXT,
            "chosen_staff_name",
            "§ 85 a: den valgte medarbejders navn.",
            max_length=200,
        ),
        Column("valgt_dato", DATE, "chosen_on", "§ 85 a: dagen borgeren valgte."),
    ),
)

CONTACTS = Sheet(
    "kontakter",
    "support.Contact",
    "Kontakter med eller om borgeren.",
    (
        _id("kontakten"),
        _citizen(),
        Column("dato", DATE, "date", "Dato.", True),
        Column("kontaktform", CHOICE, "kind", "Kontaktform.", True, choices=ContactKind),
        Column("med_hvem", TEXT, "with_whom", "Med hvem.", max_length=200),
        Column("notat", TEXT, "note", "Notat."),
        Column(
            "forloeb",
            REF,
            "course",
            "Støtteforløbets ekstern_id (arket stoetteforloeb).",
            ref="stoetteforloeb",
        ),
    ),
)

LIST_EVENTS = Sheet(
    "hjemloeshedsliste",
    "citizens.ByNameListEvent",
    "Hændelser på hjemløshedslisten (kommet på, gået af, med årsag). Findes arket, er det "
    "borgerens hele historik på listen.",
    (
        _id("hændelsen"),
        _citizen(),
        Column("dato", DATE, "date", "Dato.", True),
        Column(
            "haendelse",
            CHOICE,
            "kind",
            "Kommet på eller gået af listen.",
            True,
            choices=ListEventKind,
        ),
        Column("aarsag", CHOICE, "reason", "Årsagen.", True, choices=ListEventReason),
        Column("bemaerkning", TEXT, "note", "Bemærkning.", max_length=300),
    ),
)

BOTILBUD = Sheet(
    "botilbud",
    "support.BotilbudStay",
    "Ophold i midlertidigt botilbud efter § 107 [start, slut). En borgers ophold må ikke "
    "overlappe.",
    (
        _id("opholdet"),
        _citizen(),
        Column("botilbud", TEXT, "provider", "Botilbuddets navn.", True, max_length=200),
        Column("afgoerelse", DATE, "decided_on", "Dato for afgørelsen.", True),
        Column("start", DATE, "start", "Første dag.", True),
        Column("slut", DATE, "end", "Dagen efter sidste dag (tom: varer ved)."),
        Column("udgift_pr_maaned", AMOUNT, "monthly_cost", "Udgift pr. måned i kr. (tom: 0)."),
        Column("notat", TEXT, "note", "Notat."),
    ),
)

RISKS = Sheet(
    "risici",
    "citizens.RiskOfHomelessness",
    "Risici for hjemløshed [registreret, afsluttet). En borger med risici og ingen situation "
    "følges for risikoen og er ikke på hjemløshedslisten.",
    (
        _id("risikoen"),
        _citizen(),
        Column("risiko", CHOICE, "kind", "Hvilken risiko.", True, choices=RiskKind),
        Column("registreret", DATE, "noted_on", "Dagen risikoen blev registreret.", True),
        Column("forventet", DATE, "expected_on", "Dagen risikoen ventes at indtræffe."),
        Column("afsluttet", DATE, "ended_on", "Første dag risikoen ikke længere gælder."),
        Column(
            "udfald",
            CHOICE,
            "outcome",
            "Hvordan risikoen endte (udfyldes med afsluttet).",
            choices=RiskOutcome,
        ),
        Column("bemaerkning", TEXT, "note", "Bemærkning.", max_length=300),
    ),
)

#: The sheets in the order they are read and written (a sheet names only sheets before it).
SHEETS: tuple[Sheet, ...] = (
    SHELTERS,
    CITIZENS,
    SITUATIONS,
    STAYS,
    COURSES,
    CONTACTS,
    LIST_EVENTS,
    BOTILBUD,
    RISKS,
)
BY_NAME: dict[str, Sheet] = {sheet.name: sheet for sheet in SHEETS}

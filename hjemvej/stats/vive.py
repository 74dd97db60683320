"""VIVE's national count of homelessness (kortlægning af hjemløshed): what Hjemvej takes from it.

VIVE (SFI until 2017) counts everyone in homelessness in Denmark in week 6 every second year:
local services and authorities fill in a person form (»personskema«) for every person in a
homelessness situation whom they had contact with or knowledge of in the count week. Here are the
facts about the count that the count week page (``stats.count_week``) uses: the count years and
their national totals, VIVE's nine situations and how the list's situations map onto them, VIVE's
age bands, and the person form's questions with whether the by-name list holds each answer.

Every fact names its public source (``SOURCES``); docs/statistics.md, "VIVE's count week", says
the same in words. The person form itself is not published beside the reports: its questions are
taken from what VIVE's reports tabulate and describe, and staff should hold the list against the
form VIVE sends before the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hjemvej.citizens.models import Situation
from hjemvej.core.formatting import danish_number

#: The public documents the facts below come from, by key.
SOURCES: dict[str, str] = {
    "socialstyrelsen_2016": (
        "Socialstyrelsen: Aktuelle tal om hjemløshed (opdateret 21.07.2016), "
        "socialstyrelsen.dk/voksne/hjemloshed/om-hjemloshed/aktuelle-tal-om-hjemloshed"
    ),
    "sm_2021": (
        "Social- og Indenrigsministeriet: Årets hjemløsetælling udskydes til 2022 på grund af "
        "COVID-19 (14.01.2021), sm.dk"
    ),
    "vive_2017": "VIVE: Hjemløshed i Danmark 2017. National kortlægning (L. Benjaminsen, 2017)",
    "vive_2019": "VIVE: Hjemløshed i Danmark 2019. National kortlægning (L. Benjaminsen, 2019)",
    "vive_2022": "VIVE: Hjemløshed i Danmark 2022. National kortlægning (2022)",
    "vive_2024": (
        "VIVE: Hjemløshed i Danmark 2024. National kortlægning (2024); tallet også i Ritzau, "
        "september 2024"
    ),
    "situations": (
        "L. Benjaminsen: Hjemløshed i Danmark 2019, s. 15, gengivet af Socialstyrelsen: "
        "Målgrupper – definition af hjemløshed (03.04.2020)"
    ),
    "sfi_2009": "SFI: Hjemløshed i Danmark 2009. National kortlægning (resumé)",
    "sfi_2011": (
        "SFI: Hjemløshed i Danmark 2011. National kortlægning (indholdsfortegnelse og "
        "resumé: køn, alder, indkomstgrundlag, børn, helbred og misbrug, opskrivning til bolig)"
    ),
    "sfi_2015": (
        "SFI: Hjemløshed i Danmark 2015. National kortlægning (resumé og projektbeskrivelse: "
        "forsørgelsesgrundlag, psykisk sygdom, misbrug, sociale indsatser, årsager, "
        "opskrivning til bolig, kommunal handleplan, varighed)"
    ),
}


# --- The count years -------------------------------------------------------------------------

#: VIVE counts in this ISO week of the count year.
COUNT_WEEK = 6


@dataclass(frozen=True)
class NationalCount:
    """One national count: the year, the persons counted in week 6, and where that is written."""

    year: int
    persons: int
    source: str

    @property
    def persons_text(self) -> str:
        """Return the persons as a Danish number: 5.989."""
        return danish_number(self.persons)

    @property
    def source_text(self) -> str:
        """Return the source's citation."""
        return SOURCES[self.source]


#: The counts held so far, with their national totals (persons in a homelessness situation in
#: week 6; homeless migrants without fixed residence are counted apart and not included).
#: Every second year from 2007; the 2021 count was put off to 2022 because of COVID-19.
NATIONAL_COUNTS: tuple[NationalCount, ...] = (
    NationalCount(2007, 5_253, "socialstyrelsen_2016"),
    NationalCount(2009, 4_998, "socialstyrelsen_2016"),
    NationalCount(2011, 5_290, "socialstyrelsen_2016"),
    NationalCount(2013, 5_820, "socialstyrelsen_2016"),
    NationalCount(2015, 6_138, "socialstyrelsen_2016"),
    NationalCount(2017, 6_635, "vive_2017"),
    NationalCount(2019, 6_431, "vive_2019"),
    NationalCount(2022, 5_789, "vive_2022"),
    NationalCount(2024, 5_989, "vive_2024"),
)
#: After the last count above, Hjemvej assumes a count every second year (2026, 2028 …): the
#: rhythm since 2022. Not announced in the sources above; ``is_assumed_count_year`` says so.
ASSUMED_EVERY = 2


def national_count(year: int) -> NationalCount | None:
    """Return the national count of the year, or None when none is known."""
    return next((count for count in NATIONAL_COUNTS if count.year == year), None)


def is_assumed_count_year(year: int) -> bool:
    """Return whether the year is a count year only by Hjemvej's assumption of the rhythm."""
    last = NATIONAL_COUNTS[-1].year
    return year > last and (year - last) % ASSUMED_EVERY == 0


def is_count_year(year: int) -> bool:
    """Return whether VIVE counted (or, by the assumed rhythm, will count) in the year."""
    return national_count(year) is not None or is_assumed_count_year(year)


def latest_count_year(today: date) -> int:
    """Return the latest count year up to and including this year (known or assumed)."""
    year = today.year
    while not is_count_year(year):
        year -= 1
    return year


# --- The nine situations ---------------------------------------------------------------------

#: VIVE's nine homelessness situations in VIVE's order, with VIVE's wording, and the list's
#: situation that is each of them (``citizens.models.Situation``). The list was built on VIVE's
#: definition, so the mapping is one to one (source: ``SOURCES["situations"]``).
VIVE_SITUATIONS: tuple[tuple[str, str], ...] = (
    (Situation.STREET, "Mangler tag over hovedet den kommende nat (gade, trappeopgang, skur o.l.)"),
    (Situation.NIGHT_SHELTER, "Overnatter på natvarmestue eller værested med nødovernatning"),
    (Situation.SHELTER, "Overnatter på herberg eller forsorgshjem (akut/midlertidigt botilbud)"),
    (Situation.HOTEL, "Opholder sig på hotel, vandrehjem o.l. på grund af hjemløshed"),
    (Situation.SOFA, "Bor midlertidigt og uden kontrakt hos familie, venner eller bekendte"),
    (Situation.TRANSITIONAL, "Bor i midlertidig udslusningsbolig uden permanent kontrakt"),
    (
        Situation.PRISON_RELEASE,
        "Under kriminalforsorgen, løslades inden for 1 måned uden boligløsning",
    ),
    (
        Situation.HOSPITAL_DISCHARGE,
        "Indlagt på hospital eller behandlingshjem, udskrives inden for 1 måned uden boligløsning",
    ),
    (Situation.OTHER, "Andet (kolonihave, campingvogn eller anden midlertidig nødbolig)"),
)
#: The VIVE wording of each list situation.
VIVE_SITUATION_LABEL: dict[str, str] = dict(VIVE_SITUATIONS)


# --- Age and time in homelessness ------------------------------------------------------------

#: VIVE's age bands (lowest age in the band, label); the reports tabulate 18–24, 25–29, 30–39,
#: 40–49, 50–59 and 60 and over, and the few under 18 apart (``SOURCES["vive_2019"]``).
AGE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "Under 18 år"),
    (18, "18–24 år"),
    (25, "25–29 år"),
    (30, "30–39 år"),
    (40, "40–49 år"),
    (50, "50–59 år"),
    (60, "60 år og derover"),
)
UNKNOWN = "Uoplyst"


def age_band(age: int | None) -> str:
    """Return VIVE's age band of an age in whole years ("Uoplyst" for none)."""
    if age is None:
        return UNKNOWN
    return [label for low, label in AGE_BANDS if age >= low][-1]


#: How long the citizen has been in homelessness, in whole months up to (not including) the
#: band's upper bound. VIVE's reports speak of "under one year" (2015) and "more than two years"
#: (2009); the finer bands are Hjemvej's assumption, to be held against the form VIVE sends.
DURATION_BANDS: tuple[tuple[int, str], ...] = (
    (0, "Under 3 måneder"),
    (3, "3 måneder til under 1 år"),
    (12, "1 år til under 2 år"),
    (24, "2 år og derover"),
)


# --- The person form and the list ------------------------------------------------------------

HELD = "ja"
PARTLY = "delvist"
NOT_HELD = "nej"


@dataclass(frozen=True)
class FormQuestion:
    """A question of VIVE's person form: whether the list holds the answer, and from where."""

    key: str
    label: str
    held: str  # HELD, PARTLY or NOT_HELD
    where: str  # where on the list the answer comes from, or why it does not
    source: str  # key of SOURCES: the VIVE text that names the question


FORM_QUESTIONS: tuple[FormQuestion, ...] = (
    FormQuestion(
        "gender", "Køn", HELD, "Borgerens køn; »Uoplyst« er et manglende svar.", "sfi_2011"
    ),
    FormQuestion(
        "age",
        "Alder",
        HELD,
        "Fødselsdatoen; alderen er mandagen i tælleugen. Uden fødselsdato mangler svaret.",
        "sfi_2011",
    ),
    FormQuestion(
        "situation",
        "Hjemløshedssituation",
        HELD,
        "Hjemløshedssituationerne i ugen, ellers et ophold på en § 110-boform i ugen. En borger "
        "på listen med kontakt i ugen, men uden situation, mangler svaret.",
        "situations",
    ),
    FormQuestion(
        "duration",
        "Hvor længe borgeren har været i hjemløshed",
        HELD,
        "Fra den første dag i borgerens sammenhængende række af situationer til tælleugens "
        "slutning (eller situationens slutning i ugen).",
        "sfi_2009",
    ),
    FormQuestion(
        "income",
        "Forsørgelsesgrundlag",
        PARTLY,
        "Borgerens indkomster i ugen (kontanthjælp, pension, løn, anden); den største tæller. "
        "Listen skelner ikke mellem fx førtidspension og folkepension, og »ingen indkomst« kan "
        "ikke registreres: uden indkomst i ugen mangler svaret.",
        "sfi_2015",
    ),
    FormQuestion(
        "children",
        "Børn",
        PARTLY,
        "Husstanden: børn under 18, der skal bo med borgeren. Uden registreret husstand "
        "mangler svaret.",
        "sfi_2011",
    ),
    FormQuestion(
        "support",
        "Sociale indsatser",
        PARTLY,
        "Støtteforløb i ugen (§ 85, § 85 a: CTI, ICM, ACT, M-ACT, og § 99). Behandling for "
        "misbrug eller psykisk sygdom står ikke på listen.",
        "sfi_2015",
    ),
    FormQuestion(
        "action_plan",
        "Kommunal handleplan",
        HELD,
        "En handleplan (§ 141 eller § 142) i kraft i ugen: holdt senest i ugen og ikke erstattet "
        "før ugen.",
        "sfi_2015",
    ),
    FormQuestion(
        "contact",
        "Kontakt i tælleugen",
        HELD,
        "Kontakter registreret med datoer i ugen.",
        "sfi_2015",
    ),
    FormQuestion(
        "waiting_list",
        "Skrevet op til egen bolig eller botilbud",
        NOT_HELD,
        "Listen registrerer boligtilbud og lejemål, ikke opskrivning på ventelister.",
        "sfi_2015",
    ),
    FormQuestion(
        "health",
        "Psykisk sygdom, fysisk sygdom og misbrug",
        NOT_HELD,
        "Helbredsoplysninger står ikke på listen (databeskyttelse: kun det arbejdet kræver).",
        "sfi_2011",
    ),
    FormQuestion(
        "causes",
        "Årsager til hjemløsheden",
        NOT_HELD,
        "Står ikke på listen.",
        "sfi_2015",
    ),
    FormQuestion(
        "origin",
        "Etnisk baggrund og statsborgerskab",
        NOT_HELD,
        "Står ikke på listen.",
        "vive_2017",
    ),
)

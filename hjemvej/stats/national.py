"""The national figures the national-style tables are shown beside, each with its source.

Data, not law: every figure says where it is published (document, section or figure, year) and
in the source's own words. Only figures a public source states are here; a figure whose source
cannot be named is left out. Add a year by adding an entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

PARTNERSHIP = (
    "Det Nationale Partnerskab mod Hjemløshed, afrapportering 2025, afsnittet »Nyeste data fra "
    "nationale registre«, »Borgere med ophold på boformer efter § 110« (side 20–26)"
)
DST_2022 = (
    "Danmarks Statistik, Nyt fra Danmarks Statistik: »Flere personer på herberger og "
    "forsorgshjem i 2022« (Herberger og forsorgshjem 2022; statistikbanken HERFOR1)"
)
DST_2022_URL = "https://www.dst.dk/da/Statistik/nyheder-analyser-publ/nyt/NytHtml?cid=47255"

#: What a figure measures, as the national-style tables name their rows.
PERSONS = "persons"
NIGHTS_PER_PERSON = "nights_per_person"
WHOLE_YEAR_SHARE = "whole_year_share"
MEN_SHARE = "men_share"
BY_AGREEMENT_SHARE = "by_agreement_share"


@dataclass(frozen=True)
class NationalFigure:
    """One national figure: ``value`` to compare with (a share as a fraction), ``text`` as said."""

    measure: str
    year: int
    value: Decimal
    text: str  # the source's own words, in Danish
    source: str
    where: str  # the figure or passage in the source
    url: str = ""

    @property
    def citation(self) -> str:
        """Return the source and the place in it, in Danish."""
        return f"{self.source}, {self.where}"


FIGURES: tuple[NationalFigure, ...] = (
    NationalFigure(
        PERSONS,
        2018,
        Decimal(6500),
        "godt 6.500 personer",
        PARTNERSHIP,
        "figur 1 »Brugere af boformer (§ 110), 2018-2024«",
    ),
    NationalFigure(
        PERSONS,
        2022,
        Decimal(7000),
        "7.000 personer",
        DST_2022,
        "første afsnit",
        DST_2022_URL,
    ),
    NationalFigure(
        PERSONS,
        2024,
        Decimal(7300),
        "godt 7.300 personer",
        PARTNERSHIP,
        "figur 1 »Brugere af boformer (§ 110), 2018-2024«",
    ),
    NationalFigure(
        NIGHTS_PER_PERSON,
        2021,
        Decimal(131),
        "131 overnatninger pr. person",
        PARTNERSHIP,
        "teksten før figur 3",
    ),
    NationalFigure(
        NIGHTS_PER_PERSON,
        2024,
        Decimal(125),
        "125 overnatninger pr. person",
        PARTNERSHIP,
        "teksten før figur 3",
    ),
    NationalFigure(
        WHOLE_YEAR_SHARE,
        2022,
        Decimal("0.06"),
        "6 pct. opholdt sig på et herberg eller forsorgshjem hele året",
        DST_2022,
        "afsnittet »Andelen af brugere med et ophold, der varer hele året, er faldet«",
        DST_2022_URL,
    ),
    NationalFigure(
        MEN_SHARE,
        2022,
        Decimal("0.75"),
        "mændene udgør med tre fjerdedele langt den største andel",
        DST_2022,
        "første afsnit",
        DST_2022_URL,
    ),
    NationalFigure(
        BY_AGREEMENT_SHARE,
        2024,
        Decimal(2) / Decimal(3),
        "for to tredjedele af udflytningerne skete udskrivningen efter forudgående aftale "
        "(ophold med uoplyst udflytningsforhold indgår ikke)",
        PARTNERSHIP,
        "figur 4 »Hvordan udflytningen fra et ophold er foregået, 2024«",
    ),
)


def nearest(measure: str, year: int) -> NationalFigure | None:
    """Return the measure's figure for the year, else the latest before it, else the earliest."""
    found = sorted((f for f in FIGURES if f.measure == measure), key=lambda f: f.year)
    if not found:
        return None
    before = [f for f in found if f.year <= year]
    return before[-1] if before else found[0]

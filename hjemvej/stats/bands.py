"""Danmarks Statistik's bands for the shelter statistic (statistikbanken HERFOR1–3), in one place.

The bands are a definition of Danmarks Statistik's (statistikdokumentationen "Herberger og
forsorgshjem mv.", grupperinger og klassifikationer), not law: they are named here, and the
national-style tables and ``hjemvej stats shelter-users`` use them from here only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hjemvej.citizens.models import Gender
from hjemvej.rules.shelter.model import IntArray


@dataclass(frozen=True)
class Band:
    """One band: ``code`` as the command line writes it, ``label`` as the page shows it."""

    code: str
    label: str
    low: int  # the band's smallest value; it reaches up to the next band's ``low``


@dataclass(frozen=True)
class Bands:
    """Bands over whole numbers, in rising order; a value below the first is in none."""

    dimension: str
    title: str
    bands: tuple[Band, ...]

    def index(self, values: IntArray) -> IntArray:
        """Return each value's band (0..len-1), or -1 below the first band."""
        lows = np.array([b.low for b in self.bands], dtype=np.int64)
        found: IntArray = np.searchsorted(lows, values, side="right").astype(np.int64) - 1
        return found

    def __len__(self) -> int:
        return len(self.bands)


#: Persons by their nights in the year (HERFOR1: "samlet varighed af opholdene"); also the
#: length of a stay's nights in the year (HERFOR3). "365+" is the whole year (366 in a leap year).
NIGHTS = Bands(
    "nights",
    "Personer efter overnatninger i året",
    (
        Band("1", "1 overnatning", 1),
        Band("2-5", "2–5 overnatninger", 2),
        Band("6-30", "6–30 overnatninger", 6),
        Band("31-119", "31–119 overnatninger", 31),
        Band("120-364", "120–364 overnatninger", 120),
        Band("365+", "Hele året (365 overnatninger eller flere)", 365),
    ),
)

#: Persons by their number of stays with a night in the year (HERFOR2: "antal ophold").
STAYS = Bands(
    "stays",
    "Personer efter antal ophold i året",
    (
        Band("1", "1 ophold", 1),
        Band("2", "2 ophold", 2),
        Band("3-5", "3–5 ophold", 3),
        Band("6+", "6 ophold eller flere", 6),
    ),
)

#: Persons by age on 31 December of the year; Danmarks Statistik counts persons of 18 and over,
#: younger ones are shown apart, and a citizen without a birth date is "uoplyst".
AGE = Bands(
    "age",
    "Personer efter alder",
    (
        Band("under-18", "Under 18 år", 0),
        Band("18-24", "18–24 år", 18),
        Band("25-29", "25–29 år", 25),
        Band("30-39", "30–39 år", 30),
        Band("40-49", "40–49 år", 40),
        Band("50-59", "50–59 år", 50),
        Band("60+", "60 år og derover", 60),
    ),
)
AGE_UNKNOWN = Band("uoplyst", "Uoplyst alder", -1)

#: Persons by sex (``Citizen.gender``): Danmarks Statistik shows men and women.
SEX = (
    Band("mand", "Mænd", 0),
    Band("kvinde", "Kvinder", 1),
    Band("andet", "Andet", 2),
    Band("uoplyst", "Uoplyst køn", 3),
)
#: ``Citizen.gender``'s stored values, by the index of their band in ``SEX``.
SEX_OF_GENDER: dict[str, int] = {
    Gender.MALE: 0,
    Gender.FEMALE: 1,
    Gender.OTHER: 2,
    Gender.UNKNOWN: 3,
}

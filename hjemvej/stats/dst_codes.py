"""Danmarks Statistik's codes for a stay: every choice Hjemvej stores, mapped in one place.

A shelter reports its stays to Danmarks Statistik (DST) each quarter (»Herberger og forsorgshjem
mv.«). What DST publishes about the variables, and what this table takes from it:

- **Opholdstype** (the stay type) has three codes: 1 herberg or forsorgshjem mv. under § 110,
  2 natcafé (ended 1 July 2022), 3 efterforsorg under § 110. Source: DST, statistikdokumentation
  »Herberger og forsorgshjem mv.«, Sammenlignelighed,
  https://www.dst.dk/da/Statistik/dokumentation/statistikdokumentation/herberger-og-forsorgshjem-mv-/sammenlignelighed
  These two codes are DST's (``assumed=False``).
- **Senest opholdt sig** (where the citizen stayed last before the stay, collected since 2021
  instead of »henvisning«), **udflytningsforhold** (how the stay ended) and **hvor borgeren
  flytter hen** (where the citizen went) are named on the same page and under »Præcision og
  pålidelighed«, where a missing answer is »uoplyst«:
  https://www.dst.dk/da/Statistik/dokumentation/statistikdokumentation/herberger-og-forsorgshjem-mv-/praecision-og-paalidelighed
  DST does not publish these variables' code lists: they are in the upload guide and the draft
  questionnaire that DST gives the reporting shelters (»Vejledning - Upload af fil«, »Kladde«
  on https://www.dst.dk/da/Indberet/oplysningssider/Test-AFD-HERFOR). The numeric codes below
  are therefore **assumed** (``assumed=True``): Hjemvej's own categories, numbered in their
  order. Check them against DST's guide before the first upload and change them here only.
- A missing or unknown answer is written as ``uoplyst``, the word DST uses (``UNKNOWN``).

docs/statistics.md, »Danmarks Statistik's shelter statistic«, shows the whole table.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from hjemvej.shelters.models import ExitDestination, ExitReason, PriorResidence, StayType

#: How the file writes a missing or unknown answer (DST's »uoplyst«).
UNKNOWN: Final = "uoplyst"


class DstCode(NamedTuple):
    """One value as the file writes it, and whether the code is assumed (not published by DST)."""

    code: str
    assumed: bool


#: Opholdstype: DST's published codes (1 herberg/forsorgshjem, 3 efterforsorg).
STAY_TYPE: Final[dict[str, DstCode]] = {
    StayType.STAY: DstCode("1", assumed=False),
    StayType.AFTERCARE: DstCode("3", assumed=False),
}

#: Senest opholdt sig: assumed codes, »uoplyst« for unknown.
PRIOR_RESIDENCE: Final[dict[str, DstCode]] = {
    PriorResidence.OWN_HOME: DstCode("1", assumed=True),
    PriorResidence.FAMILY_FRIENDS: DstCode("2", assumed=True),
    PriorResidence.OTHER_SHELTER: DstCode("3", assumed=True),
    PriorResidence.STREET: DstCode("4", assumed=True),
    PriorResidence.CARE_FACILITY: DstCode("5", assumed=True),
    PriorResidence.HOSPITAL: DstCode("6", assumed=True),
    PriorResidence.PRISON: DstCode("7", assumed=True),
    PriorResidence.HOTEL: DstCode("8", assumed=True),
    PriorResidence.OTHER: DstCode("9", assumed=True),
    PriorResidence.UNKNOWN: DstCode(UNKNOWN, assumed=False),
}

#: Udflytningsforhold: assumed codes, »uoplyst« for unknown.
EXIT_REASON: Final[dict[str, DstCode]] = {
    ExitReason.AGREEMENT: DstCode("1", assumed=True),
    ExitReason.LEFT: DstCode("2", assumed=True),
    ExitReason.EXPELLED: DstCode("3", assumed=True),
    ExitReason.DIED: DstCode("4", assumed=True),
    ExitReason.OTHER: DstCode("5", assumed=True),
    ExitReason.UNKNOWN: DstCode(UNKNOWN, assumed=False),
}

#: Hvor borgeren flytter hen: assumed codes, »uoplyst« for unknown.
EXIT_DESTINATION: Final[dict[str, DstCode]] = {
    ExitDestination.OWN_HOME: DstCode("1", assumed=True),
    ExitDestination.OWN_HOME_SUPPORT: DstCode("2", assumed=True),
    ExitDestination.TRANSITIONAL: DstCode("3", assumed=True),
    ExitDestination.FAMILY_FRIENDS: DstCode("4", assumed=True),
    ExitDestination.OTHER_SHELTER: DstCode("5", assumed=True),
    ExitDestination.CARE_FACILITY: DstCode("6", assumed=True),
    ExitDestination.HOSPITAL: DstCode("7", assumed=True),
    ExitDestination.PRISON: DstCode("8", assumed=True),
    ExitDestination.STREET: DstCode("9", assumed=True),
    ExitDestination.OTHER: DstCode("10", assumed=True),
    ExitDestination.UNKNOWN: DstCode(UNKNOWN, assumed=False),
}


def code(table: dict[str, DstCode], value: str) -> str:
    """Return the file's code for a stored value; an empty or unknown value is »uoplyst«."""
    found = table.get(value)
    return found.code if found is not None else UNKNOWN

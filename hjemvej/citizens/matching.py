"""Scoring possible duplicates of a person record: pure, no Django, no database.

Two records are a possible duplicate when they have the same birth date and a similar name, or a
similar alias (the same CPR number is an exact match, handled by ``services.citizen_by_cpr``).
Similarity is RapidFuzz's token set ratio (0–100) on a folded spelling: lower case, the Danish
letters written out (æ → ae, ø → oe, å → aa, as staff type them on a keyboard without them),
other accents dropped, and in aliases the small words of a place ("fra", "på", "ved" …) left out.
The token set ratio is 100 when one side's words are all among the other's, so "Søren" meets
"Søren fra Banegården", while "Jens fra Banegården" does not. The thresholds are parameters
(``citizens.duplicates.*``); ``duplicates.possible_duplicates`` narrows the candidates in the
database first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from rapidfuzz import fuzz

SIMILAR_NAME = "samme fødselsdato og lignende navn"
SIMILAR_ALIAS = "lignende alias"

_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ö": "oe", "ä": "ae", "ü": "ue"})
#: Small words of an alias that say where a person is seen, not who they are.
_FILLER = frozenset({"fra", "paa", "ved", "i", "og", "den", "det", "de", "med", "til"})

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Person:
    """What is known of a person: typed into a form, or a record's identity."""

    first_name: str = ""
    last_name: str = ""
    alias: str = ""
    birth_date: date | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Thresholds:
    """The least similarity (0–100) that makes a possible duplicate."""

    name: int
    alias: int


@dataclass(frozen=True)
class Scored(Generic[K]):
    """A candidate that is a possible duplicate: its key, its best score and why."""

    key: K
    score: float
    reasons: tuple[str, ...]
    #: The plain ratio of the whole spellings, which orders candidates of equal score.
    exactness: float = 0.0


def normalise(text: str, *, drop_filler: bool = False) -> str:
    """Return the folded spelling: "Søren Jørgensen" and "SOEREN joergensen" are the same."""
    folded = text.casefold().translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", folded)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    if drop_filler:
        words = [w for w in words if w not in _FILLER]
    return " ".join(words)


def name_similarity(a: str, b: str) -> float:
    """Return how alike two full names are (0–100), in any order of the names."""
    left, right = normalise(a), normalise(b)
    if not left or not right:
        return 0.0
    return float(fuzz.token_set_ratio(left, right))


def alias_similarity(a: str, b: str) -> float:
    """Return how alike two aliases are (0–100); where the person is seen may be left out."""
    left, right = normalise(a, drop_filler=True), normalise(b, drop_filler=True)
    if not left or not right:
        return 0.0
    return float(fuzz.token_set_ratio(left, right))


def score(typed: Person, candidate: Person, thresholds: Thresholds) -> Scored[None] | None:
    """Return the candidate's score and reasons when it is a possible duplicate, else None."""
    reasons: list[str] = []
    best = exactness = 0.0
    if typed.birth_date is not None and typed.birth_date == candidate.birth_date:
        similarity = name_similarity(typed.full_name, candidate.full_name)
        if similarity >= thresholds.name:
            reasons.append(SIMILAR_NAME)
            best = max(best, similarity)
            exactness += _plain_ratio(typed.full_name, candidate.full_name)
    similarity = alias_similarity(typed.alias, candidate.alias)
    if similarity >= thresholds.alias:
        reasons.append(SIMILAR_ALIAS)
        best = max(best, similarity)
        exactness += _plain_ratio(typed.alias, candidate.alias)
    if not reasons:
        return None
    # Both reasons together weigh more than either alone.
    return Scored(None, best + (len(reasons) - 1) * 100, tuple(reasons), exactness)


def _plain_ratio(a: str, b: str) -> float:
    return float(fuzz.ratio(normalise(a), normalise(b)))


def rank(
    typed: Person, candidates: Iterable[tuple[K, Person]], thresholds: Thresholds, *, limit: int
) -> list[Scored[K]]:
    """Return at most ``limit`` possible duplicates, the most alike first (ties by key order)."""
    found: list[Scored[K]] = []
    for key, candidate in candidates:
        scored = score(typed, candidate, thresholds)
        if scored is not None:
            found.append(Scored(key, scored.score, scored.reasons, scored.exactness))
    found.sort(key=lambda s: (-s.score, -s.exactness))
    return found[:limit]

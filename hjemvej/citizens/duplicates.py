"""Finding the person before making a new one: the selector of possible duplicates.

The candidates come from ``accounts.policy.duplicate_candidates_for`` (what the user may be shown)
and are narrowed in the database before they are scored in Python (``matching``): a name is
compared only with the records of the same birth date, an alias only with the records that have
one. Two columns of a municipality's aliases are a few thousand short strings even at national
scale, which RapidFuzz scores in milliseconds; a LIKE prefilter on the first letters would miss
"Soeren" for "Søren" on SQLite, whose LIKE folds only ASCII letters. Each search runs a fixed
number of queries however many candidates there are.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.accounts.policy import citizens_for, duplicate_candidates_for
from hjemvej.citizens import matching
from hjemvej.citizens.models import Citizen
from hjemvej.core.law import UsedParameter, current_parameters, used_values

NAME_MIN_SCORE = "citizens.duplicates.name_min_score"
ALIAS_MIN_SCORE = "citizens.duplicates.alias_min_score"
MAX_SHOWN = "citizens.duplicates.max_shown"

#: Why a showing of possible duplicates is logged, by the page that showed them.
REASONS = {
    "admit_new": "mulig dobbeltregistrering ved indskrivning",
    "citizen_create": "mulig dobbeltregistrering ved oprettelse",
    "api:stay_admit": "mulig dobbeltregistrering ved indskrivning",
}


@dataclass(frozen=True)
class PossibleDuplicate:
    """A record that may be the person being registered: only what recognises them."""

    citizen_id: int
    name: str
    alias: str
    birth_year: int | None
    reasons: tuple[str, ...]
    #: Whether the user may open the citizen's page (shelter staff: only their residents).
    visible: bool


@dataclass(frozen=True)
class DuplicateSearch:
    """The possible duplicates shown, and the parameters that decided them."""

    matches: list[PossibleDuplicate]
    used: list[UsedParameter]

    @property
    def ids(self) -> list[int]:
        return [m.citizen_id for m in self.matches]


def thresholds(on: date) -> matching.Thresholds:
    """Return the least similarities of a possible duplicate in force on the date."""
    params = current_parameters()
    return matching.Thresholds(
        name=params.count(NAME_MIN_SCORE, on), alias=params.count(ALIAS_MIN_SCORE, on)
    )


def possible_duplicates(
    *,
    user: User,
    acting_municipality_id: int | None,
    today: date,
    first_name: str = "",
    last_name: str = "",
    alias: str = "",
    birth_date: date | None = None,
) -> DuplicateSearch:
    """Return the records that may be the person typed, most alike first, at most a few."""
    params = current_parameters()
    values = [params.at(name, today) for name in (NAME_MIN_SCORE, ALIAS_MIN_SCORE, MAX_SHOWN)]
    typed = matching.Person(first_name, last_name, alias, birth_date)
    narrowing: list[Q] = []
    if birth_date is not None and typed.full_name:
        narrowing.append(Q(birth_date=birth_date))
    if matching.normalise(alias, drop_filler=True):
        narrowing.append(~Q(alias=""))
    used = used_values(values, params)
    if not narrowing:
        return DuplicateSearch([], used)
    condition = narrowing[0]
    for more in narrowing[1:]:
        condition |= more
    rows = duplicate_candidates_for(user, acting_municipality_id).filter(condition)
    records = {
        pk: matching.Person(first, last, known_alias, born)
        for pk, first, last, known_alias, born in rows.values_list(
            "pk", "first_name", "last_name", "alias", "birth_date"
        )
    }
    ranked = matching.rank(
        typed, records.items(), thresholds(today), limit=params.count(MAX_SHOWN, today)
    )
    keys = [scored.key for scored in ranked]
    visible = set(citizens_for(user).filter(pk__in=keys).values_list("pk", flat=True))
    matches = [
        PossibleDuplicate(
            citizen_id=scored.key,
            name=records[scored.key].full_name,
            alias=records[scored.key].alias,
            birth_year=born.year if (born := records[scored.key].birth_date) else None,
            reasons=scored.reasons,
            visible=scored.key in visible,
        )
        for scored in ranked
    ]
    return DuplicateSearch(matches, used)


def record_shown(*, actor: User, search: DuplicateSearch, page: str) -> None:
    """Log each possible duplicate shown against that citizen: who saw them, where and why.

    Nothing typed into the form is logged: not the name, the alias or a CPR number.
    """
    if search.matches:
        audit.record_many(
            actor=actor,
            action=AuditAction.SEARCH,
            citizen_ids=search.ids,
            detail={"page": page, "reason": REASONS[page]},
        )


@dataclass(frozen=True)
class Decision:
    """What the user decided about the possible duplicates of the person typed."""

    #: Matches to show first (already logged); the form (or the API's 409) comes back with them.
    show: DuplicateSearch | None = None
    #: The existing record chosen among the matches.
    chosen: int | None = None
    #: The matches the user saw and registered a new citizen despite.
    confirmed: tuple[int, ...] = field(default=())


def decide(
    *,
    user: User,
    search: DuplicateSearch,
    page: str,
    chosen: Collection[int] = (),
    confirmed: Collection[int] | None = None,
) -> Decision:
    """Read the user's choice among the possible duplicates found; log them when shown.

    ``chosen``: the one record the user chose, counted only if it is among the matches.
    ``confirmed``: the matches the user says they were shown and register a new citizen
    despite (None: they did not confirm); it counts only when it is exactly the matches found,
    so a match they have not seen is shown first. Otherwise the matches are to be shown, and the
    showing is logged (``record_shown``).
    """
    if not search.matches:
        return Decision()
    picked = set(chosen)
    if len(picked) == 1 and picked <= set(search.ids):
        return Decision(chosen=picked.pop())
    if confirmed is not None and set(confirmed) == set(search.ids):
        return Decision(confirmed=tuple(search.ids))
    record_shown(actor=user, search=search, page=page)
    return Decision(show=search)


def names_agree(
    citizen: Citizen, *, first_name: str, last_name: str, alias: str, today: date
) -> bool:
    """Return whether the name or alias typed is the citizen's, as a possible duplicate would be.

    The same similarity as a possible duplicate of the same birth date (``thresholds``): a name
    spelt a little differently agrees, another person's name does not. Nothing typed: no.
    """
    typed = matching.Person(first_name, last_name, alias, citizen.birth_date or date.min)
    known = matching.Person(
        citizen.first_name, citizen.last_name, citizen.alias, citizen.birth_date or date.min
    )
    return matching.score(typed, known, thresholds(today)) is not None

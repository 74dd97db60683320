"""Made-up people for the demo: names, genders, birth dates and valid CPR numbers.

A CPR number is DDMMYY and four digits; the first of the four gives the century together with
YY (CPR-kontoret's table, as python-stdnum reads it): 0–3 the 1900s; 4 and 9 the 2000s when YY
is below 37; 5–8 the 2000s when YY is below 58. The modulus-11 check is not used since 2007.
The numbers are random: they are not real people's, but nothing guarantees that a real person
does not have one of them, so demo data must never meet real data.

Nobody is an accidental possible duplicate of another (``citizens.matching``): every alias is
unlike the others, and people born the same day have unlike names. This is settled after the
draw without using the random numbers, so a seed still draws the same people otherwise.
"""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz, process

from hjemvej.citizens import matching
from hjemvej.citizens.duplicates import thresholds
from hjemvej.citizens.models import Gender
from hjemvej.demo import names

FIRST_BIRTH = date(1950, 1, 1)
LAST_BIRTH = date(2005, 12, 31)
CPR_SHARE = 0.85
ALIAS_ONLY_SHARE = 0.08  # of everyone: no CPR, no name, only what staff call them


@dataclass(frozen=True)
class Person:
    """A made-up citizen's identity."""

    first_name: str
    last_name: str
    alias: str
    gender: str
    birth_date: date | None
    cpr: str  # 10 digits, or "" for a citizen without a CPR number
    contact_note: str


def make_cpr(rng: random.Random, birth: date) -> str:
    """Return a valid CPR number for the birth date (the century digit fits the year)."""
    if birth.year < 2000:
        first = rng.randint(0, 3)
    elif birth.year % 100 < 37:
        first = rng.randint(4, 9)
    else:  # pragma: no cover - demo birth years end in 2005
        first = rng.randint(5, 8)
    return f"{birth:%d%m%y}{first}{rng.randint(0, 999):03d}"


def draw_birth(rng: random.Random) -> date:
    """Return a birth date between 1950 and 2005, more often in the 1960s–1990s."""
    span = (LAST_BIRTH - FIRST_BIRTH).days
    # The mean of two uniforms leans to the middle: most citizens are 30–60 years old.
    offset = (rng.random() + rng.random()) / 2
    return FIRST_BIRTH + timedelta(days=int(offset * span))


def draw_people(rng: random.Random, count: int, *, today: date) -> list[Person]:
    """Return ``count`` people: ~85 % with a CPR number, some known only by an alias.

    No two are possible duplicates by the thresholds in force ``today`` (``without_duplicates``).
    """
    people: list[Person] = []
    used: set[str] = set()
    for _ in range(count):
        roll = rng.random()
        gender = rng.choices([Gender.MALE, Gender.FEMALE, Gender.OTHER], weights=[72, 27, 1], k=1)[
            0
        ]
        female = gender == Gender.FEMALE or (gender == Gender.OTHER and rng.random() < 0.5)
        first_names = names.FEMALE_FIRST_NAMES if female else names.MALE_FIRST_NAMES
        foreign_names = (
            names.FOREIGN_FEMALE_FIRST_NAMES if female else names.FOREIGN_MALE_FIRST_NAMES
        )
        note = rng.choice(names.WHERE_TO_MEET) if rng.random() < 0.4 else ""
        birth = draw_birth(rng)
        if roll < CPR_SHARE:
            cpr = make_cpr(rng, birth)
            while cpr in used:
                cpr = make_cpr(rng, birth)
            used.add(cpr)
            person = Person(
                rng.choice(first_names), rng.choice(names.LAST_NAMES), "", gender, birth, cpr, note
            )
        elif roll < CPR_SHARE + ALIAS_ONLY_SHARE:
            alias = rng.choice(names.ALIASES)
            person = Person("", "", alias, gender, None, "", note or "Kendes kun under alias")
        else:  # from abroad, known by name, without a Danish CPR number
            person = Person(
                rng.choice(foreign_names),
                rng.choice(names.FOREIGN_LAST_NAMES),
                "",
                gender,
                birth if rng.random() < 0.5 else None,
                "",
                note,
            )
        people.append(person)
    return without_duplicates(people, thresholds(today))


def unlike_aliases(limits: matching.Thresholds) -> Iterator[str]:
    """Yield aliases, each unlike every one before it: the plain ones, then "Søren fra Havnen"."""
    first_names = names.MALE_FIRST_NAMES + names.FEMALE_FIRST_NAMES
    pool = [*names.ALIASES, *(f"{n} fra {p}" for p in names.ALIAS_PLACES for n in first_names)]
    seen: list[str] = []
    for alias in pool:
        key = matching.normalise(alias, drop_filler=True)
        if process.extractOne(key, seen, scorer=fuzz.token_set_ratio, score_cutoff=limits.alias):
            continue
        seen.append(key)
        yield alias


def without_duplicates(people: list[Person], limits: matching.Thresholds) -> list[Person]:
    """Return the people with every alias unlike the others and unlike names per birth date.

    An alias-only person gets the next unused alias (beyond about 2,300 of them aliases repeat);
    a person whose name is like that of someone born the same day gets the next last name.
    """
    aliases = unlike_aliases(limits)
    born: dict[date, list[str]] = defaultdict(list)
    out: list[Person] = []
    for person in people:
        if person.alias:
            person = dataclasses.replace(person, alias=next(aliases, person.alias))
        elif person.birth_date is not None:
            others = born[person.birth_date]
            last_names = names.LAST_NAMES + names.FOREIGN_LAST_NAMES
            start = last_names.index(person.last_name) if person.last_name in last_names else 0
            for step in range(len(last_names)):
                last = last_names[(start + step) % len(last_names)] if step else person.last_name
                name = f"{person.first_name} {last}"
                if all(matching.name_similarity(name, other) < limits.name for other in others):
                    person = dataclasses.replace(person, last_name=last)
                    break
            others.append(f"{person.first_name} {person.last_name}")
        out.append(person)
    return out

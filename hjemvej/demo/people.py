"""Made-up people for the demo: names, genders, birth dates and valid CPR numbers.

A CPR number is DDMMYY and four digits; the first of the four gives the century together with
YY (CPR-kontoret's table, as python-stdnum reads it): 0–3 the 1900s; 4 and 9 the 2000s when YY
is below 37; 5–8 the 2000s when YY is below 58. The modulus-11 check is not used since 2007.
The numbers are random: they are not real people's, but nothing guarantees that a real person
does not have one of them, so demo data must never meet real data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

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


def draw_people(rng: random.Random, count: int) -> list[Person]:
    """Return ``count`` people: ~85 % with a CPR number, some known only by an alias."""
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
    return people

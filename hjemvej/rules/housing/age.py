"""Age-restricted dwelling types: ungdomsbolig and ældrebolig (almenboligloven § 5).

Ungdomsboliger are for young people in education and other young people with a special need
(§ 5, stk. 2); ældreboliger for elderly people and people with disabilities with a special need
(§ 5, stk. 1). The act names no age, so the limits are parameters (``assumed``) and the result is a
warning for the case worker to check, in the manner of the allocation warnings (§ 59): never a
block. A citizen's age is in whole years; one born 29 February turns a year older on 1 March in a
common year (``add_years``).
"""

from __future__ import annotations

from datetime import date

from hjemvej.rules.housing.deposit_loan import add_years
from hjemvej.rules.housing.model import AllocationWarning
from hjemvej.rules.parameters import (
    ParameterError,
    ParameterSet,
    ParameterValue,
    default_parameters,
)

YOUTH_MAX = "housing.age.youth_dwelling_max"
SENIOR_MIN = "housing.age.senior_dwelling_min"
YOUTH_SECTION = "almenboligloven § 5, stk. 2"
SENIOR_SECTION = "almenboligloven § 5, stk. 1"

#: The dwelling kinds with an age limit: kind → (parameter, the kind in a Danish sentence, §).
AGE_LIMITED: dict[str, tuple[str, str, str]] = {
    "youth": (YOUTH_MAX, "en ungdomsbolig", YOUTH_SECTION),
    "senior": (SENIOR_MIN, "en ældrebolig", SENIOR_SECTION),
}


def age_on(birth_date: date, on: date) -> int:
    """Return the age in whole years on the date."""
    years = on.year - birth_date.year
    return years if add_years(birth_date, years) <= on else years - 1


def _limit(params: ParameterSet, name: str, on: date) -> ParameterValue | None:
    try:
        return params.at(name, on)
    except ParameterError:
        return None


def age_warnings(
    *,
    kind: str,
    birth_date: date | None,
    on: date,
    params: ParameterSet | None = None,
) -> tuple[AllocationWarning, ...]:
    """Return the warning when the citizen's age is outside the dwelling kind's age limit.

    ``kind`` is the dwelling's kind (the app's ``DwellingKind`` values); only ``youth`` and
    ``senior`` have a limit. An unknown birth date gives a question to check.
    """
    if kind not in AGE_LIMITED:
        return ()
    name, what, section = AGE_LIMITED[kind]
    params = params or default_parameters()
    limit = _limit(params, name, on)
    if limit is None:
        return ()
    years = params.count(name, on)
    if birth_date is None:
        text = (
            f"Boligen er {what}. Fødselsdatoen er ikke registreret, så Hjemvej kan ikke holde "
            "borgerens alder op mod aldersgrænsen. Kontrollér alderen før tilbuddet."
        )
        return (AllocationWarning("age_unknown", "check", text, section, (limit,)),)
    age = age_on(birth_date, on)
    if kind == "youth" and age > years:
        text = (
            f"Boligen er {what}. Borgeren er {age} år, og ungdomsboliger anvises til unge på "
            f"højst {years} år. Kontrollér boligorganisationens udlejningsregler, før boligen "
            "tilbydes."
        )
        return (AllocationWarning("youth_age", "check", text, section, (limit,)),)
    if kind == "senior" and age < years:
        text = (
            f"Boligen er {what}. Borgeren er {age} år, og ældreboliger anvises uden et særligt "
            f"behov til borgere på mindst {years} år. Kontrollér, om borgeren har et særligt "
            "behov for boligen (fx et handicap), før den tilbydes."
        )
        return (AllocationWarning("senior_age", "check", text, section, (limit,)),)
    return ()

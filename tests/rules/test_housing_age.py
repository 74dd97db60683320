"""Age-restricted dwelling types: ungdomsbolig and ældrebolig warn at the age limits, never block.

The limits are parameters (``housing.age.youth_dwelling_max`` 29 years, ``housing.age.
senior_dwelling_min`` 65 years, both ``assumed``: almenboligloven § 5 names no age). A citizen
is 30 on the 30th birthday; one born 29 February turns a year older on 1 March in a common year.
"""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.rules.housing import age_on, age_warnings


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(1996, 11, 21), date(2026, 11, 20), 29),
        (date(1996, 11, 21), date(2026, 11, 21), 30),
        (date(1996, 2, 29), date(2026, 2, 28), 29),
        (date(1996, 2, 29), date(2026, 3, 1), 30),
        (date(1996, 2, 29), date(2028, 2, 29), 32),
    ],
)
def test_age_in_whole_years(born: date, on: date, age: int) -> None:
    assert age_on(born, on) == age


def test_an_ungdomsbolig_warns_from_the_day_the_citizen_passes_the_limit() -> None:
    born = date(1996, 11, 21)
    assert age_warnings(kind="youth", birth_date=born, on=date(2026, 11, 20)) == ()
    (warning,) = age_warnings(kind="youth", birth_date=born, on=date(2026, 11, 21))
    assert warning.code == "youth_age"
    assert warning.severity == "check"  # a warning, never a block
    assert not warning.applies
    assert "Borgeren er 30 år" in warning.text
    assert "højst 29 år" in warning.text
    assert "almenboligloven § 5" in warning.reference
    (limit,) = warning.parameters
    assert limit.name == "housing.age.youth_dwelling_max"
    assert not limit.enacted


def test_a_41_year_old_is_warned_about_an_ungdomsbolig() -> None:
    (warning,) = age_warnings(kind="youth", birth_date=date(1985, 5, 1), on=date(2026, 11, 21))
    assert "Borgeren er 41 år" in warning.text


def test_an_aeldrebolig_warns_until_the_citizen_reaches_the_limit() -> None:
    born = date(1961, 11, 21)
    (warning,) = age_warnings(kind="senior", birth_date=born, on=date(2026, 11, 20))
    assert warning.code == "senior_age"
    assert warning.severity == "check"
    assert "Borgeren er 64 år" in warning.text
    assert "mindst 65 år" in warning.text
    assert "særligt behov" in warning.text
    assert warning.parameters[0].name == "housing.age.senior_dwelling_min"
    assert age_warnings(kind="senior", birth_date=born, on=date(2026, 11, 21)) == ()


def test_other_kinds_have_no_age_limit_and_an_unknown_age_is_a_question() -> None:
    for kind in ("family", "private", "transitional", "skaev", "other"):
        assert age_warnings(kind=kind, birth_date=date(1940, 1, 1), on=date(2026, 1, 1)) == ()
        assert age_warnings(kind=kind, birth_date=None, on=date(2026, 1, 1)) == ()
    for kind in ("youth", "senior"):
        (warning,) = age_warnings(kind=kind, birth_date=None, on=date(2026, 1, 1))
        assert warning.code == "age_unknown"
        assert "Fødselsdatoen er ikke registreret" in warning.text


def test_before_the_parameters_begin_nothing_is_said() -> None:
    assert age_warnings(kind="youth", birth_date=date(1950, 1, 1), on=date(1990, 1, 1)) == ()

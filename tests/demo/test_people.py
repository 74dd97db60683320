"""The demo's people: nobody is an accidental possible duplicate of another."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date

from rapidfuzz import fuzz, process

from hjemvej.citizens import matching
from hjemvej.citizens.duplicates import thresholds
from hjemvej.demo.people import Person, draw_people

TODAY = date(2026, 11, 21)
LIMITS = thresholds(TODAY)


def assert_no_possible_duplicates(people: list[Person]) -> None:
    """No two share an alias or, on the same birth date, a name as ``matching`` compares them."""
    aliases = [matching.normalise(p.alias, drop_filler=True) for p in people if p.alias]
    for i, alias in enumerate(aliases):
        alike = process.extractOne(
            alias, aliases[:i], scorer=fuzz.token_set_ratio, score_cutoff=LIMITS.alias
        )
        assert alike is None, (alias, alike)
    born: dict[date, list[str]] = defaultdict(list)
    for p in people:
        if p.birth_date is not None and (p.first_name or p.last_name):
            name = f"{p.first_name} {p.last_name}"
            others = born[p.birth_date]
            assert all(matching.name_similarity(name, o) < LIMITS.name for o in others), name
            others.append(name)


def test_the_small_demo_has_no_accidental_duplicates() -> None:
    people = draw_people(random.Random(1), 150, today=TODAY)
    assert sum(bool(p.alias) for p in people) >= 8
    assert_no_possible_duplicates(people)


def test_the_national_demo_has_no_accidental_duplicates() -> None:
    people = draw_people(random.Random(1), 23_000, today=TODAY)
    assert sum(bool(p.alias) for p in people) > 1_500
    assert_no_possible_duplicates(people)


def test_the_same_seed_draws_the_same_people() -> None:
    first = draw_people(random.Random(7), 300, today=TODAY)
    assert first == draw_people(random.Random(7), 300, today=TODAY)
    assert len({p.cpr for p in first if p.cpr}) == sum(bool(p.cpr) for p in first)

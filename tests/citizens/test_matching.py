"""The pure scoring of possible duplicates: Danish names and aliases as staff spell them."""

from __future__ import annotations

from datetime import date

from hjemvej.citizens.matching import (
    SIMILAR_ALIAS,
    SIMILAR_NAME,
    Person,
    Thresholds,
    alias_similarity,
    name_similarity,
    normalise,
    rank,
)

THRESHOLDS = Thresholds(name=85, alias=88)
BORN = date(1971, 5, 3)


def test_danish_letters_are_folded_so_that_both_spellings_meet() -> None:
    assert normalise("Søren Jørgensen") == normalise("SOEREN  joergensen")
    assert normalise("Åse Ærø") == "aase aeroe"
    assert normalise("René") == "rene"


def test_soeren_and_joergensen_spelled_without_danish_letters_are_the_same_name() -> None:
    assert name_similarity("Søren Jørgensen", "Soeren Jorgensen") >= THRESHOLDS.name
    assert name_similarity("Søren Jørgensen", "Sören Jørgensen") >= THRESHOLDS.name
    assert name_similarity("Jørgensen Søren", "Søren Jørgensen") >= THRESHOLDS.name
    assert name_similarity("Søren Jørgensen", "Søren Hansen") < THRESHOLDS.name


def test_an_alias_with_and_without_where_the_person_is_seen_is_the_same_alias() -> None:
    assert alias_similarity("Søren fra Banegården", "Søren") >= THRESHOLDS.alias
    assert alias_similarity("Søren", "Soeren fra Banegaarden") >= THRESHOLDS.alias
    assert alias_similarity("søren fra banegården", "Søren fra Banegården") == 100
    assert alias_similarity("Søren fra Banegården", "Jens fra Banegården") < THRESHOLDS.alias
    assert alias_similarity("Søren fra Banegården", "Søren fra Havnen") < THRESHOLDS.alias
    assert alias_similarity("Digteren", "Tegneren") < THRESHOLDS.alias
    assert alias_similarity("", "Digteren") == 0
    assert alias_similarity("fra", "fra") == 0  # only filler words: nothing to compare


def test_a_similar_name_counts_only_with_the_same_birth_date() -> None:
    typed = Person(first_name="Soeren", last_name="Jorgensen", birth_date=BORN)
    same_day = Person(first_name="Søren", last_name="Jørgensen", birth_date=BORN)
    other_day = Person(first_name="Søren", last_name="Jørgensen", birth_date=date(1972, 5, 3))
    unknown_day = Person(first_name="Søren", last_name="Jørgensen")
    found = rank(typed, [(1, same_day), (2, other_day), (3, unknown_day)], THRESHOLDS, limit=5)
    assert [(m.key, m.reasons) for m in found] == [(1, (SIMILAR_NAME,))]


def test_a_similar_alias_counts_without_a_birth_date() -> None:
    typed = Person(alias="Søren fra Banegården")
    candidates = [
        (1, Person(alias="Søren")),
        (2, Person(first_name="Søren", last_name="Jørgensen", alias="Søren fra Banegården")),
        (3, Person(alias="Jens fra Banegården")),
        (4, Person(first_name="Søren", last_name="Banegård")),  # a name is not an alias
    ]
    found = rank(typed, candidates, THRESHOLDS, limit=5)
    assert [m.key for m in found] == [2, 1]  # the closer alias first
    assert all(m.reasons == (SIMILAR_ALIAS,) for m in found)


def test_both_reasons_are_given_and_the_list_is_bounded() -> None:
    typed = Person(first_name="Søren", last_name="Jørgensen", alias="Søren", birth_date=BORN)
    both = Person(first_name="Søren", last_name="Jørgensen", alias="Søren", birth_date=BORN)
    many = [(i, Person(alias=f"Søren fra sted{i}")) for i in range(10, 20)]
    found = rank(typed, [*many, (1, both)], THRESHOLDS, limit=5)
    assert len(found) == 5
    assert found[0].key == 1
    assert found[0].reasons == (SIMILAR_NAME, SIMILAR_ALIAS)


def test_nothing_typed_finds_nothing() -> None:
    assert rank(Person(birth_date=BORN), [(1, Person(birth_date=BORN))], THRESHOLDS, limit=5) == []

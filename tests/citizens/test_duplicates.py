"""The possible-duplicates selector: whose records each role is shown, and the audit of showing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.casefile.services import citizen_merge
from hjemvej.citizens.duplicates import possible_duplicates, record_shown
from hjemvej.citizens.matching import SIMILAR_ALIAS, SIMILAR_NAME
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import citizen_create
from hjemvej.shelters.services import stay_admit
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY
AARHUS, KOEBENHAVN = "751", "101"


def person(actor: User, code: str = AARHUS, **fields: object) -> Citizen:
    return citizen_create(
        actor=actor,
        acting_municipality=factories.municipality(code),
        situation=Situation.STREET,
        situation_start=date(2026, 1, 1),
        today=TODAY,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def users() -> dict[str, User]:
    home = factories.shelter("Herberget Havnely")
    return {
        "case": factories.user("raadgiver", Role.CASE_WORKER),
        "stranger": factories.user("fremmed", Role.CASE_WORKER, code=KOEBENHAVN),
        "staff": factories.user("boform", Role.SHELTER_STAFF, shelter=home),
        "support": factories.user("bostoette", Role.SUPPORT_WORKER),
        "manager": factories.user("leder", Role.MANAGER),
    }


def found(user: User, municipality: str = AARHUS, **typed: object) -> list[int]:
    search = possible_duplicates(
        user=user,
        acting_municipality_id=factories.municipality(municipality).pk,
        today=TODAY,
        **typed,  # type: ignore[arg-type]
    )
    return [m.citizen_id for m in search.matches]


def test_a_case_worker_is_shown_matches_among_the_citizens_they_may_see(
    users: dict[str, User],
) -> None:
    born = date(1971, 5, 3)
    mine = person(users["case"], first_name="Søren", last_name="Jørgensen", birth_date=born)
    theirs = person(
        users["stranger"], KOEBENHAVN, first_name="Søren", last_name="Jørgensen", birth_date=born
    )
    typed: dict[str, Any] = {"first_name": "Soeren", "last_name": "Jorgensen", "birth_date": born}
    assert found(users["case"], **typed) == [mine.pk]
    # Another municipality's citizen is not shown, not even when that municipality is named.
    assert found(users["case"], KOEBENHAVN, **typed) == [mine.pk]
    assert found(users["stranger"], KOEBENHAVN, **typed) == [theirs.pk]
    assert found(users["case"], **typed | {"birth_date": date(1971, 5, 4)}) == []


def test_shelter_staff_find_a_person_of_the_acting_municipality_by_alias(
    users: dict[str, User],
) -> None:
    known = person(users["case"], alias="Søren fra Banegården", first_name="Søren")
    elsewhere = person(users["stranger"], KOEBENHAVN, alias="Søren fra Banegården")
    # Staff see only their residents, yet a person known in the acting municipality is found.
    assert not Citizen.objects.filter(stays__shelter=users["staff"].shelter).exists()
    assert found(users["staff"], alias="Søren") == [known.pk]
    assert found(users["staff"], KOEBENHAVN, alias="Søren") == [elsewhere.pk]
    search = possible_duplicates(
        user=users["staff"],
        acting_municipality_id=factories.municipality(AARHUS).pk,
        today=TODAY,
        alias="Søren",
    )
    match = search.matches[0]
    assert (match.name, match.alias) == ("Søren", "Søren fra Banegården")
    assert match.reasons == (SIMILAR_ALIAS,)
    assert match.birth_year is None
    assert not match.visible  # not their resident: staff cannot open the citizen's page
    assert all(not used.enacted for used in search.used)


def test_a_resident_of_the_shelter_is_found_whatever_the_acting_municipality(
    users: dict[str, User],
) -> None:
    resident = person(users["stranger"], KOEBENHAVN, alias="Skipper")
    assert users["staff"].shelter is not None
    stay_admit(
        actor=users["stranger"],
        citizen=resident,
        shelter=users["staff"].shelter,
        admitted=date(2026, 2, 1),
        today=TODAY,
    )
    assert found(users["staff"], alias="Skipper") == [resident.pk]
    assert (
        possible_duplicates(
            user=users["staff"],
            acting_municipality_id=factories.municipality(AARHUS).pk,
            today=TODAY,
            alias="Skipper",
        )
        .matches[0]
        .visible
    )


def test_roles_that_register_no_citizens_are_shown_nothing(users: dict[str, User]) -> None:
    person(users["case"], alias="Digteren")
    assert found(users["case"], alias="Digteren")
    assert found(users["support"], alias="Digteren") == []
    assert found(users["manager"], alias="Digteren") == []


def test_merged_records_are_not_matches_and_the_list_is_bounded(users: dict[str, User]) -> None:
    born = date(1980, 2, 2)
    kept = person(users["case"], first_name="Anna", last_name="Holm", birth_date=born)
    gone = person(users["case"], first_name="Anna", last_name="Holm", birth_date=born)
    citizen_merge(actor=users["case"], source=gone, target=kept)
    assert found(users["case"], first_name="Anna", last_name="Holm", birth_date=born) == [kept.pk]
    for n in range(8):
        person(users["case"], alias=f"Digteren fra bænk {n}")
    assert len(found(users["case"], alias="Digteren")) == 5  # citizens.duplicates.max_shown


def test_the_search_runs_the_same_queries_for_few_and_many_candidates(
    users: dict[str, User],
) -> None:
    person(users["case"], alias="Kaptajnen")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            found(users["case"], alias="Kaptajnen", first_name="Ib", birth_date=date(1970, 1, 1))
        return len(captured)

    few = queries()
    for n in range(30):
        person(users["case"], alias=f"Kaptajn nr. {n}", birth_date=date(1970, 1, 1))
    assert queries() == few


def test_each_match_shown_is_logged_against_the_matched_citizen(users: dict[str, User]) -> None:
    known = person(users["case"], alias="Søren fra Banegården")
    search = possible_duplicates(
        user=users["staff"],
        acting_municipality_id=factories.municipality(AARHUS).pk,
        today=TODAY,
        alias="Søren",
    )
    record_shown(actor=users["staff"], search=search, page="admit_new")
    entry = audit.entries_about(known.pk).get(action=AuditAction.SEARCH)
    assert entry.user == users["staff"]
    assert entry.detail == {
        "page": "admit_new",
        "reason": "mulig dobbeltregistrering ved indskrivning",
    }
    assert "Søren" not in str(entry.detail)


def test_a_similar_name_needs_the_same_birth_date(users: dict[str, User]) -> None:
    born = date(1990, 1, 1)
    same = person(users["case"], first_name="Søren", last_name="Hansen", birth_date=born)
    search = possible_duplicates(
        user=users["case"],
        acting_municipality_id=factories.municipality(AARHUS).pk,
        today=TODAY,
        first_name="Søren",
        last_name="Hansen",
        birth_date=born,
    )
    assert [(m.citizen_id, m.reasons, m.birth_year) for m in search.matches] == [
        (same.pk, (SIMILAR_NAME,), 1990)
    ]
    assert search.matches[0].visible
    assert found(users["case"], first_name="Søren", last_name="Hansen") == []

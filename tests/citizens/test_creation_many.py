"""``citizens_create_many`` writes what ``citizen_create`` writes, citizen by citizen."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.citizens import creation
from hjemvej.citizens.models import (
    ActingMunicipalityPeriod,
    ByNameListEvent,
    Citizen,
    CitizenState,
    Gender,
    HomelessnessSituation,
    Situation,
    SituationSource,
)
from hjemvej.core.errors import DomainError
from tests import factories
from tests.bulk_same import written

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db

MODELS = (Citizen, ActingMunicipalityPeriod, HomelessnessSituation, ByNameListEvent, CitizenState)


def _inputs() -> list[dict[str, object]]:
    aarhus = factories.municipality()
    return [
        {
            "acting_municipality": aarhus,
            "situation": Situation.STREET,
            "situation_start": date(2026, 1, 5),
            "cpr": "010190-1234",
        },
        {
            "acting_municipality": aarhus,
            "situation": Situation.HOTEL,
            "situation_start": date(2025, 11, 1),
            "alias": " Ravnen ",
            "gender": Gender.MALE,
            "source": SituationSource.OTHER,
            "residence_municipality": factories.municipality("101"),
        },
        {
            "acting_municipality": aarhus,
            "situation": Situation.SHELTER,
            "situation_start": date(2026, 2, 1),
            "first_name": "Ida",
            "last_name": "Holm",
            "birth_date": date(1980, 3, 4),
            "phone": "12345678",
            "confirmed_despite": [7, 3],
        },
    ]


def test_the_bulk_variant_writes_the_same_records_and_audit_entries(worker: User) -> None:
    inputs = _inputs()

    def one_by_one() -> list[Citizen]:
        return [
            creation.citizen_create(actor=worker, today=TODAY, **given)  # type: ignore[arg-type]
            for given in inputs
        ]

    def in_bulk() -> list[Citizen]:
        built = [
            creation.citizen_build(actor=worker, today=TODAY, **given)  # type: ignore[arg-type]
            for given in inputs
        ]
        made = creation.citizens_create_many(actor=worker, citizens=built, today=TODAY)
        return [done.citizen for done in made]

    single = written(one_by_one, MODELS)
    bulk = written(in_bulk, MODELS)
    assert len(single["citizens.Citizen"]) == 3
    assert len(single["audit"]) == 3
    assert single["chain_broken"] == []
    assert bulk == single


def test_a_taken_cpr_number_is_refused_with_its_place_and_the_search_logged(
    worker: User,
) -> None:
    holder = factories.citizen(worker, cpr="010190-1234")
    inputs = _inputs()
    built = [
        creation.citizen_build(actor=worker, today=TODAY, **given)  # type: ignore[arg-type]
        for given in reversed(inputs)
    ]
    citizens_before = Citizen.objects.count()
    with pytest.raises(creation.CitizenRefused) as refused:
        creation.citizens_create_many(actor=worker, citizens=built, today=TODAY)
    assert refused.value.index == 2
    assert refused.value.field == "cpr"
    assert refused.value.message == creation.TAKEN_CPR
    assert Citizen.objects.count() == citizens_before
    search = AuditEntry.objects.filter(action=AuditAction.SEARCH).get()
    assert search.citizen_id == holder.pk


def test_the_checks_are_citizen_create_s(worker: User) -> None:
    with pytest.raises(DomainError) as refused:
        creation.citizen_build(
            actor=worker,
            acting_municipality=factories.municipality(),
            situation=Situation.STREET,
            situation_start=date(2099, 1, 1),
            today=TODAY,
            alias="X",
        )
    assert refused.value.field == "situation_start"
    with pytest.raises(DomainError) as nameless:
        creation.citizen_build(
            actor=worker,
            acting_municipality=factories.municipality(),
            situation=Situation.STREET,
            situation_start=TODAY,
            today=TODAY,
        )
    assert nameless.value.field == "cpr"

"""The bulk writers of prevention write what the services write one by one.

``risks_record_many`` writes what ``risk_record`` writes risk by risk (past risks, perhaps ended),
``citizens_create_at_risk_many`` what ``citizen_create_at_risk`` writes citizen by citizen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens import prevention
from hjemvej.citizens.creation import CitizenRefused
from hjemvej.citizens.models import (
    ActingMunicipalityPeriod,
    Citizen,
    CitizenState,
    RiskKind,
    RiskOfHomelessness,
    RiskOutcome,
)
from hjemvej.core.errors import DomainError
from tests import factories
from tests.bulk_same import written

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db


def _risks(first: Citizen, second: Citizen) -> list[dict[str, object]]:
    return [
        {"citizen": first, "kind": RiskKind.EVICTION, "noted_on": date(2025, 3, 1)},
        {
            "citizen": second,
            "kind": RiskKind.PRISON_RELEASE,
            "noted_on": date(2025, 4, 1),
            "expected_on": date(2025, 5, 1),
            "ended_on": date(2025, 6, 1),
            "outcome": RiskOutcome.BECAME_HOMELESS,
            "note": " løsladt ",
        },
        {"citizen": first, "kind": RiskKind.OTHER, "noted_on": date(2025, 9, 1)},
    ]


def test_the_bulk_variant_writes_the_same_risks_and_audit_entries(worker: User) -> None:
    first = factories.citizen(worker)
    second = factories.citizen(worker, cpr="0202852345")
    risks = _risks(first, second)

    def one_by_one() -> list[Citizen]:
        for risk in risks:
            prevention.risk_record(actor=worker, today=TODAY, **risk)  # type: ignore[arg-type]
        return [first, second]

    def in_bulk() -> list[Citizen]:
        checked = [prevention.risk_build(actor=worker, today=TODAY, **r) for r in risks]  # type: ignore[arg-type]
        prevention.risks_record_many(actor=worker, risks=checked)
        return [first, second]

    single = written(one_by_one, (RiskOfHomelessness,))
    bulk = written(in_bulk, (RiskOfHomelessness,))
    assert len(single["citizens.RiskOfHomelessness"]) == 3
    assert len(single["audit"]) == 3
    # the audit entry names the fields given, never the kind or the outcome
    entries: list[Any] = single["audit"]
    assert entries[1][5] == {"fields": ["ended_on", "expected_on", "note", "noted_on", "outcome"]}
    assert single["chain_broken"] == []
    assert bulk == single


def test_a_correction_is_audited_by_its_fields(worker: User) -> None:
    citizen = factories.citizen(worker)
    risk = prevention.risk_record(
        actor=worker,
        citizen=citizen,
        kind=RiskKind.EVICTION,
        noted_on=date(2025, 3, 1),
        today=TODAY,
    )
    wanted = prevention.risk_build(
        actor=worker,
        citizen=citizen,
        kind=RiskKind.EVICTION,
        noted_on=date(2025, 3, 1),
        ended_on=date(2025, 8, 1),
        outcome=RiskOutcome.AVERTED,
        today=TODAY,
    )
    prevention.risks_record_many(actor=worker, risks=[], corrections=[(risk, wanted)])
    risk.refresh_from_db()
    assert risk.ended_on == date(2025, 8, 1)
    entry = factories.audit_entries(citizen, AuditAction.UPDATE)[-1]
    assert entry.detail == {"fields": ["ended_on", "outcome"]}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ended_on": date(2025, 2, 1), "outcome": RiskOutcome.OTHER}, "ended_on"),
        ({"ended_on": date(2025, 4, 1)}, "outcome"),
        ({"outcome": RiskOutcome.OTHER}, "ended_on"),
        ({"ended_on": TODAY.replace(year=TODAY.year + 1), "outcome": "other"}, "ended_on"),
        ({"kind": "kidnapped"}, "kind"),
    ],
)
def test_a_past_risk_is_checked_as_the_services_check_one(
    worker: User, changes: dict[str, object], field: str
) -> None:
    citizen = factories.citizen(worker)
    values: dict[str, object] = {
        "citizen": citizen,
        "kind": RiskKind.EVICTION,
        "noted_on": date(2025, 3, 1),
        **changes,
    }
    with pytest.raises(DomainError) as refused:
        prevention.risk_build(actor=worker, today=TODAY, **values)  # type: ignore[arg-type]
    assert refused.value.field == field


AT_RISK_MODELS = (Citizen, ActingMunicipalityPeriod, RiskOfHomelessness, CitizenState)


def test_citizens_at_risk_in_bulk_are_written_as_one_by_one(worker: User) -> None:
    aarhus = factories.municipality()
    inputs: list[dict[str, object]] = [
        {
            "acting_municipality": aarhus,
            "kind": RiskKind.EVICTION,
            "noted_on": date(2025, 11, 1),
            "cpr": "010190-1234",
        },
        {
            "acting_municipality": aarhus,
            "kind": RiskKind.LEAVING_CARE,
            "noted_on": date(2026, 1, 2),
            "expected_on": date(2026, 2, 1),
            "alias": " Ravnen ",
            "note": "fylder 18",
        },
    ]

    def one_by_one() -> list[Citizen]:
        return [
            prevention.citizen_create_at_risk(actor=worker, today=TODAY, **i).citizen  # type: ignore[arg-type]
            for i in inputs
        ]

    def in_bulk() -> list[Citizen]:
        built = [prevention.at_risk_build(actor=worker, today=TODAY, **i) for i in inputs]  # type: ignore[arg-type]
        made = prevention.citizens_create_at_risk_many(actor=worker, citizens=built, today=TODAY)
        return [risk.citizen for risk in made]

    single = written(one_by_one, AT_RISK_MODELS)
    bulk = written(in_bulk, AT_RISK_MODELS)
    assert len(single["citizens.Citizen"]) == 2
    assert len(single["audit"]) == 4
    assert single["chain_broken"] == []
    assert bulk == single


def test_a_cpr_number_already_held_is_refused_with_its_index(worker: User) -> None:
    factories.citizen(worker, cpr="0202852345")
    built = [
        prevention.at_risk_build(
            actor=worker,
            acting_municipality=factories.municipality(),
            kind=RiskKind.EVICTION,
            noted_on=date(2025, 11, 1),
            today=TODAY,
            **person,  # type: ignore[arg-type]
        )
        for person in ({"alias": "Ravnen"}, {"cpr": "020285-2345"})
    ]
    with pytest.raises(CitizenRefused) as refused:
        prevention.citizens_create_at_risk_many(actor=worker, citizens=built, today=TODAY)
    assert (refused.value.index, refused.value.field) == (1, "cpr")
    assert not Citizen.objects.filter(alias="Ravnen").exists()

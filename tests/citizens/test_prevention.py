"""Citizens at risk of homelessness: the risk, its end, registering without a situation."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens import prevention, services
from hjemvej.citizens.models import (
    RiskKind,
    RiskOfHomelessness,
    RiskOutcome,
    Situation,
)
from hjemvej.core.errors import DomainError
from tests import factories

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db


def _at_risk(worker: User, **kwargs: object) -> RiskOfHomelessness:
    values: dict[str, object] = {
        "actor": worker,
        "acting_municipality": factories.municipality(),
        "kind": RiskKind.EVICTION,
        "noted_on": date(2026, 3, 1),
        "expected_on": date(2026, 4, 1),
        "today": TODAY,
        "alias": "Ruth",
    }
    values.update(kwargs)
    return prevention.citizen_create_at_risk(**values)  # type: ignore[arg-type]


def test_a_citizen_at_risk_has_the_risk_and_no_situation_or_list_event(worker: User) -> None:
    risk = _at_risk(worker)
    citizen = risk.citizen
    assert (risk.kind, risk.noted_on, risk.expected_on, risk.ended_on) == (
        RiskKind.EVICTION,
        date(2026, 3, 1),
        date(2026, 4, 1),
        None,
    )
    assert not citizen.situations.exists()
    assert not citizen.list_events.exists()
    citizen.refresh_from_db()
    assert citizen.state.on_list is False
    assert citizen.case_worker == worker
    assert citizen.acting_periods.count() == 1
    created = factories.audit_entries(citizen, AuditAction.CREATE)
    assert {entry.object_type for entry in created} == {
        "citizens.Citizen",
        "citizens.RiskOfHomelessness",
    }
    # The kind (an eviction, a prison release) is never in the log.
    assert all("eviction" not in str(entry.detail) for entry in created)


def test_registering_at_risk_needs_a_name_and_a_kind(worker: User) -> None:
    with pytest.raises(DomainError) as no_name:
        _at_risk(worker, alias="")
    assert no_name.value.field == "cpr"
    with pytest.raises(DomainError) as no_kind:
        _at_risk(worker, kind="")
    assert no_kind.value.field == "risk_kind"


def test_a_risk_cannot_be_noted_in_the_future_nor_expected_before_it(worker: User) -> None:
    with pytest.raises(DomainError) as future:
        _at_risk(worker, noted_on=date(2026, 12, 1))
    assert future.value.field == "noted_on"
    assert "fremtiden" in future.value.message
    with pytest.raises(DomainError) as before:
        _at_risk(worker, expected_on=date(2026, 2, 1))
    assert before.value.field == "expected_on"


def test_risk_add_to_a_listed_citizen_and_its_end(worker: User) -> None:
    citizen = factories.citizen(worker)
    risk = prevention.risk_add(
        actor=worker,
        citizen=citizen,
        kind=RiskKind.LEAVING_CARE,
        noted_on=date(2026, 5, 1),
        today=TODAY,
    )
    assert (str(risk.pk), "citizens.RiskOfHomelessness") in {
        (entry.object_id, entry.object_type)
        for entry in factories.audit_entries(citizen, AuditAction.CREATE)
    }
    ended = prevention.risk_end(
        actor=worker,
        risk=risk,
        ended_on=date(2026, 5, 20),
        outcome=RiskOutcome.AVERTED,
        today=TODAY,
    )
    ended.refresh_from_db()
    assert (ended.ended_on, ended.outcome) == (date(2026, 5, 20), RiskOutcome.AVERTED)
    (update,) = factories.audit_entries(citizen, AuditAction.UPDATE)
    assert update.detail == {"fields": ["ended_on", "outcome"]}


def test_risk_end_refuses_bad_input_naming_the_field(worker: User) -> None:
    risk = _at_risk(worker)
    cases = [
        ({"ended_on": date(2026, 2, 1), "outcome": RiskOutcome.AVERTED}, "ended_on"),
        ({"ended_on": date(2026, 12, 1), "outcome": RiskOutcome.AVERTED}, "ended_on"),
        ({"ended_on": date(2026, 5, 1), "outcome": ""}, "outcome"),
        ({"ended_on": date(2026, 5, 1), "outcome": "nonsense"}, "outcome"),
    ]
    for kwargs, field in cases:
        with pytest.raises(DomainError) as refused:
            prevention.risk_end(actor=worker, risk=risk, today=TODAY, **kwargs)  # type: ignore[arg-type]
        assert refused.value.field == field
    prevention.risk_end(
        actor=worker, risk=risk, ended_on=date(2026, 5, 1), outcome=RiskOutcome.OTHER, today=TODAY
    )
    with pytest.raises(DomainError) as again:
        prevention.risk_end(
            actor=worker,
            risk=risk,
            ended_on=date(2026, 5, 2),
            outcome=RiskOutcome.OTHER,
            today=TODAY,
        )
    assert again.value.field == "ended_on"


def test_a_situation_puts_the_citizen_on_the_list_and_ends_the_open_risk(worker: User) -> None:
    risk = _at_risk(worker)
    citizen = risk.citizen
    services.situation_add(
        actor=worker,
        citizen=citizen,
        situation=Situation.SOFA,
        start=date(2026, 4, 1),
        today=TODAY,
    )
    risk.refresh_from_db()
    assert (risk.ended_on, risk.outcome) == (date(2026, 4, 1), RiskOutcome.BECAME_HOMELESS)
    citizen.refresh_from_db()
    assert citizen.state.on_list is True
    updates = factories.audit_entries(citizen, AuditAction.UPDATE)
    assert [entry.object_type for entry in updates] == ["citizens.RiskOfHomelessness"]


def test_a_situation_leaves_a_risk_noted_after_its_start_open(worker: User) -> None:
    risk = _at_risk(worker, noted_on=date(2026, 5, 1), expected_on=None)
    services.situation_add(
        actor=worker,
        citizen=risk.citizen,
        situation=Situation.SOFA,
        start=date(2026, 4, 1),
        today=TODAY,
    )
    risk.refresh_from_db()
    assert risk.ended_on is None

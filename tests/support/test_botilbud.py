"""Temporary § 107 botilbud stays: recorded, changed and ended through services, audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.support.botilbud import botilbud_stay_add, botilbud_stay_end, botilbud_stay_update
from hjemvej.support.models import BotilbudStay
from tests import factories

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(worker: User) -> Citizen:
    return factories.citizen(worker)


def add(actor: User, citizen: Citizen, **changes: object) -> BotilbudStay:
    values: dict[str, object] = {
        "provider": "Botilbuddet Åbo",
        "decided_on": date(2026, 2, 20),
        "start": date(2026, 3, 1),
        "end": None,
        "monthly_cost": Decimal("42000.50"),
        "note": "",
        **changes,
    }
    return botilbud_stay_add(actor=actor, citizen=citizen, today=TODAY, **values)  # type: ignore[arg-type]


def test_a_stay_is_recorded_with_an_audit_entry(worker: User, citizen: Citizen) -> None:
    stay = add(worker, citizen, note="Aftalt med botilbuddet.")
    stay.refresh_from_db()
    assert (stay.provider, stay.decided_on, stay.start, stay.end, stay.monthly_cost) == (
        "Botilbuddet Åbo",
        date(2026, 2, 20),
        date(2026, 3, 1),
        None,
        Decimal("42000.50"),
    )
    assert stay.created_by == worker
    entry = AuditEntry.objects.get(object_type="support.BotilbudStay")
    assert (entry.action, entry.citizen, entry.object_id) == (
        AuditAction.CREATE,
        citizen,
        str(stay.pk),
    )
    # Names of fields only: never the provider, the cost or the note.
    assert entry.detail == {
        "fields": ["decided_on", "end", "monthly_cost", "note", "provider", "start"]
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"provider": "  "}, "provider"),
        ({"end": date(2026, 2, 28)}, "end"),
        ({"end": date(2026, 3, 1)}, "end"),
        ({"decided_on": date(2026, 6, 1), "end": date(2026, 5, 1)}, "decided_on"),
        ({"decided_on": TODAY.replace(day=TODAY.day + 1)}, "decided_on"),
        ({"monthly_cost": Decimal(-1)}, "monthly_cost"),
        ({"monthly_cost": Decimal("10000000")}, "monthly_cost"),
    ],
)
def test_bad_input_names_the_field_in_danish(
    worker: User, citizen: Citizen, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(DomainError) as caught:
        add(worker, citizen, **changes)
    assert caught.value.field == field
    assert not BotilbudStay.objects.exists()
    assert not AuditEntry.objects.filter(object_type="support.BotilbudStay").exists()


def test_a_decision_may_follow_the_start_as_for_courses(worker: User, citizen: Citizen) -> None:
    # An acute placement: the decision is written the week after the citizen moved in.
    stay = add(worker, citizen, decided_on=date(2026, 3, 8), start=date(2026, 3, 1))
    assert stay.decided_on == date(2026, 3, 8)


def test_two_stays_of_a_citizen_may_not_overlap(worker: User, citizen: Citizen) -> None:
    add(worker, citizen, start=date(2026, 3, 1), end=date(2026, 6, 1))
    with pytest.raises(DomainError) as caught:
        add(worker, citizen, start=date(2026, 5, 1), end=date(2026, 7, 1))
    assert caught.value.field == "start"
    assert "01.03.–31.05.2026" in str(caught.value)
    # Back to back is not an overlap: the first stay's end is the second's first day.
    add(worker, citizen, start=date(2026, 6, 1), decided_on=date(2026, 5, 20))
    assert BotilbudStay.objects.filter(citizen=citizen).count() == 2


def test_an_open_stay_overlaps_every_later_one(worker: User, citizen: Citizen) -> None:
    add(worker, citizen, start=date(2026, 3, 1))
    with pytest.raises(DomainError) as caught:
        add(worker, citizen, start=date(2026, 9, 1), decided_on=date(2026, 8, 1))
    assert caught.value.field == "start"


def test_update_writes_and_audits_only_the_changed_fields(worker: User, citizen: Citizen) -> None:
    stay = add(worker, citizen)
    botilbud_stay_update(
        actor=worker,
        stay=stay,
        provider="Botilbuddet Åbo",
        decided_on=stay.decided_on,
        start=stay.start,
        end=date(2026, 6, 1),
        monthly_cost=Decimal("43000"),
        note="",
        today=TODAY,
    )
    stay.refresh_from_db()
    assert (stay.end, stay.monthly_cost) == (date(2026, 6, 1), Decimal("43000"))
    entry = AuditEntry.objects.filter(object_type="support.BotilbudStay").latest("id")
    assert (entry.action, entry.detail) == (AuditAction.UPDATE, {"fields": ["end", "monthly_cost"]})


def test_update_checks_as_add_does_and_ignores_the_stay_itself(
    worker: User, citizen: Citizen
) -> None:
    stay = add(worker, citizen, start=date(2026, 3, 1), end=date(2026, 6, 1))
    with pytest.raises(DomainError) as caught:
        botilbud_stay_update(
            actor=worker,
            stay=stay,
            provider=stay.provider,
            decided_on=stay.decided_on,
            start=stay.start,
            end=date(2026, 2, 1),
            monthly_cost=stay.monthly_cost,
            note="",
            today=TODAY,
        )
    assert caught.value.field == "end"
    # Moving its own dates is not an overlap with itself.
    botilbud_stay_end(actor=worker, stay=stay, end=date(2026, 5, 1), today=TODAY)
    stay.refresh_from_db()
    assert stay.end == date(2026, 5, 1)


def test_end_refuses_an_end_before_the_start(worker: User, citizen: Citizen) -> None:
    stay = add(worker, citizen)
    with pytest.raises(DomainError) as caught:
        botilbud_stay_end(actor=worker, stay=stay, end=date(2026, 1, 1), today=TODAY)
    assert caught.value.field == "end"
    stay.refresh_from_db()
    assert stay.end is None

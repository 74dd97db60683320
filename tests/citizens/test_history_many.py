"""``situations_record_many`` and ``list_events_record_many`` write what their one-by-one
variants write, under the rules the services hold."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens import history
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    CitizenState,
    HomelessnessSituation,
    ListEventKind,
    ListEventReason,
    Situation,
)
from hjemvej.core.errors import DomainError
from tests import factories
from tests.bulk_same import written

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db


def test_the_bulk_situations_are_the_one_by_one_situations(worker: User) -> None:
    first = factories.citizen(worker)
    second = factories.citizen(worker, cpr="0202852345")
    past = [
        history.PastSituation(first, Situation.SOFA, date(2025, 1, 1), date(2025, 6, 1)),
        history.PastSituation(second, Situation.STREET, date(2025, 2, 1), date(2025, 2, 1)),
        history.PastSituation(first, Situation.STREET, date(2025, 6, 1), date(2026, 1, 1)),
    ]

    def one_by_one() -> list[Citizen]:
        for one in past:
            history.situation_record(actor=worker, past=one, today=TODAY)
        return [first, second]

    def in_bulk() -> list[Citizen]:
        checked = [history.situation_history_check(p, actor=worker, today=TODAY) for p in past]
        history.situations_record_many(actor=worker, situations=checked)
        return [first, second]

    single = written(one_by_one, (HomelessnessSituation, CitizenState))
    bulk = written(in_bulk, (HomelessnessSituation, CitizenState))
    assert len(single["citizens.HomelessnessSituation"]) == 5
    assert len(single["audit"]) == 3
    assert single["chain_broken"] == []
    assert bulk == single


def test_the_bulk_list_events_are_the_one_by_one_events(worker: User) -> None:
    first = factories.citizen(worker)  # on the list from 01.01.2026
    second = factories.citizen(worker, cpr="0202852345")
    past = [
        history.PastListEvent(first, date(2026, 2, 1), ListEventKind.LEFT, ListEventReason.HOUSED),
        history.PastListEvent(
            second, date(2026, 3, 1), ListEventKind.LEFT, ListEventReason.INACTIVE
        ),
        history.PastListEvent(
            first, date(2026, 4, 1), ListEventKind.ENTERED, ListEventReason.RETURNED_FROM_HOUSING
        ),
    ]

    def one_by_one() -> list[Citizen]:
        for one in past:
            history.list_event_record(actor=worker, past=one, today=TODAY)
        return [first, second]

    def in_bulk() -> list[Citizen]:
        checked = [history.list_event_history_check(p, actor=worker, today=TODAY) for p in past]
        history.list_events_record_many(actor=worker, events=checked)
        return [first, second]

    single = written(one_by_one, (ByNameListEvent, CitizenState))
    bulk = written(in_bulk, (ByNameListEvent, CitizenState))
    assert [row["on_list"] for row in single["citizens.CitizenState"]] == [True, False]
    assert len(single["audit"]) == 3
    assert single["chain_broken"] == []
    assert bulk == single


def test_the_history_is_held_to_the_services_rules(worker: User) -> None:
    citizen = factories.citizen(worker)
    with pytest.raises(DomainError) as future:
        history.situation_history_check(
            history.PastSituation(citizen, Situation.SOFA, date(2025, 1, 1), date(2099, 1, 1)),
            actor=worker,
            today=TODAY,
        )
    assert future.value.field == "end"
    with pytest.raises(DomainError) as reason:
        history.list_event_history_check(
            history.PastListEvent(
                citizen, date(2026, 2, 1), ListEventKind.LEFT, ListEventReason.NEWLY_IDENTIFIED
            ),
            actor=worker,
            today=TODAY,
        )
    assert reason.value.field == "reason"
    twice = history.list_event_history_check(  # already on the list since 01.01.2026
        history.PastListEvent(
            citizen, date(2026, 2, 1), ListEventKind.ENTERED, ListEventReason.NEWLY_IDENTIFIED
        ),
        actor=worker,
        today=TODAY,
    )
    with pytest.raises(history.HistoryRefused):
        history.list_events_record_many(actor=worker, events=[twice])
    clash = history.situation_history_check(  # the street from 01.01.2026 is open
        history.PastSituation(citizen, Situation.SOFA, date(2026, 2, 1), date(2026, 3, 1)),
        actor=worker,
        today=TODAY,
    )
    with pytest.raises(history.HistoryRefused):
        history.situations_record_many(actor=worker, situations=[clash])
    assert citizen.situations.count() == 1
    assert citizen.list_events.count() == 1

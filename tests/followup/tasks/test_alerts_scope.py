"""The task engine counts § 177 days only for the citizens it shows: one citizen's tab, one."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date

import pytest
from django.core.cache import cache

from hjemvej.followup.tasks import TaskRow, open_tasks
from hjemvej.followup.tasks import alerts as task_alerts
from hjemvej.shelters import alerts as alerts_selector
from hjemvej.shelters.services import stay_admit
from tests.followup.tasks.conftest import TODAY, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[set[int] | None]]:
    """Record whose days the alerts' selector is asked to count (None: the whole scope)."""
    calls: list[set[int] | None] = []
    real = alerts_selector.reimbursement_alerts

    def spy(*args: object, citizen_ids: Collection[int] | None = None, **kwargs: object) -> object:
        calls.append(None if citizen_ids is None else set(citizen_ids))
        return real(*args, citizen_ids=citizen_ids, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(task_alerts, "reimbursement_alerts", spy)
    cache.clear()
    yield calls
    cache.clear()


def _days(rows: list[TaskRow]) -> list[TaskRow]:
    return [r for r in rows if r.kind == "reimbursed_days"]


def test_the_citizens_tab_counts_only_that_citizen(
    world: World, counted: list[set[int] | None]
) -> None:
    sara, fie = world.users["sara"], world.citizens["Fie"]
    every = open_tasks(user=sara, today=TODAY)
    assert counted == [{world.pk("Anna"), fie.pk}]  # the citizens in a stay tonight
    counted.clear()
    mine = open_tasks(user=sara, today=TODAY, citizen=fie)
    assert counted == [{fie.pk}]
    assert len(_days(mine)) == 1
    assert _days(mine) == [r for r in _days(every) if r.citizen_id == fie.pk]


def test_a_citizen_not_in_a_stay_counts_nobody(
    world: World, counted: list[set[int] | None]
) -> None:
    rows = open_tasks(user=world.users["sara"], today=TODAY, citizen=world.citizens["Carla"])
    assert counted == []
    assert _days(rows) == []


def test_a_stay_tonight_makes_a_narrowed_answer_of_its_own(
    world: World, counted: list[set[int] | None]
) -> None:
    sara, carla, fie = world.users["sara"], world.citizens["Carla"], world.citizens["Fie"]
    open_tasks(user=sara, today=TODAY, citizen=fie)
    open_tasks(user=sara, today=TODAY, citizen=fie)  # kept: counted once
    assert counted == [{fie.pk}]
    stay_admit(
        actor=sara, citizen=carla, shelter=world.inside, admitted=date(2026, 7, 1), today=TODAY
    )
    rows = open_tasks(user=sara, today=TODAY, citizen=carla)
    assert counted == [{fie.pk}, {carla.pk}]
    assert [(r.citizen_id, r.status) for r in _days(rows)] == [(carla.pk, "overdue")]

"""Hand-written tasks: every rule of writing one and of marking it done."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.core.errors import DomainError
from hjemvej.followup.models import Task
from hjemvej.followup.task_services import task_create, task_done
from tests import factories
from tests.followup.tasks.conftest import TODAY, World

pytestmark = pytest.mark.django_db


def test_a_task_is_written_and_audited_without_its_text(world: World) -> None:
    sara, anna = world.users["sara"], world.citizens["Bent"]
    task = task_create(
        actor=sara,
        citizen=anna,
        title="  Ring til   boformen  ",
        due=TODAY,
        today=TODAY,
        assignee=world.users["bo"],
    )
    assert (task.title, task.due, task.assignee, task.created_by) == (
        "Ring til boformen",
        TODAY,
        world.users["bo"],
        sara,
    )
    entry = AuditEntry.objects.filter(object_type="followup.Task", object_id=str(task.pk)).get()
    assert (entry.action, entry.citizen_id) == (AuditAction.CREATE, anna.pk)
    assert "boformen" not in str(entry.detail)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "   "}, "title", "Skriv, hvad der skal gøres."),
        ({"title": "x" * 201}, "title", "Skriv opgaven kortere (højst 200 tegn)."),
        ({"title": "Ring om 010190-1234"}, "title", "Skriv ikke et CPR-nummer i opgaven."),
        ({"title": "Tjek 0101901234"}, "title", "Skriv ikke et CPR-nummer i opgaven."),
        ({"due": TODAY - timedelta(days=1)}, "due", "Fristen kan ikke ligge før i dag."),
    ],
)
def test_what_a_task_cannot_be(
    world: World, changes: dict[str, object], field: str, message: str
) -> None:
    values: dict[str, object] = {"title": "Ring", "due": TODAY} | changes
    with pytest.raises(DomainError) as caught:
        task_create(
            actor=world.users["sara"],
            citizen=world.citizens["Anna"],
            today=TODAY,
            **values,  # type: ignore[arg-type]
        )
    assert (caught.value.field, caught.value.message) == (field, message)
    assert Task.objects.count() == 1  # the world's own task only: nothing was written


@pytest.mark.parametrize("who", ["lene", "ulla", "fremmed", "inactive"])
def test_only_active_workers_of_the_municipality_can_be_assigned(world: World, who: str) -> None:
    if who == "inactive":
        assignee = factories.user("gammel", Role.SUPPORT_WORKER)
        assignee.is_active = False
        assignee.save()
    else:
        assignee = world.users[who]
    with pytest.raises(DomainError) as caught:
        task_create(
            actor=world.users["sara"],
            citizen=world.citizens["Anna"],
            title="Ring",
            due=TODAY,
            today=TODAY,
            assignee=assignee,
        )
    assert caught.value.field == "assignee"
    assert caught.value.message == (
        "Vælg en aktiv sagsbehandler eller bostøttemedarbejder i borgerens handlekommune."
    )


def test_a_task_is_done_once(world: World) -> None:
    task = Task.objects.get(title="Ring til boformen")
    done = task_done(actor=world.users["carl"], task=task, today=TODAY)
    assert done.done_on == TODAY
    assert Task.objects.get(pk=task.pk).done_on == TODAY
    assert AuditEntry.objects.filter(
        object_type="followup.Task", action=AuditAction.UPDATE, detail={"fields": ["done_on"]}
    ).exists()
    with pytest.raises(DomainError) as caught:
        task_done(actor=world.users["sara"], task=task, today=TODAY + timedelta(days=1))
    assert caught.value.message == "Opgaven blev allerede markeret som udført den 21.11.2026."
    assert Task.objects.get(pk=task.pk).done_on == date(2026, 11, 21)


def test_a_support_worker_is_assigned_only_their_own_citizens(world: World) -> None:
    with pytest.raises(DomainError) as caught:
        task_create(
            actor=world.users["sara"],
            citizen=world.citizens["Anna"],  # no course with Bo
            title="Ring",
            due=TODAY,
            today=TODAY,
            assignee=world.users["bo"],
        )
    assert caught.value.field == "assignee"
    assert caught.value.message == (
        "Bo har ikke et forløb med borgeren og kan ikke se opgaven. Vælg en anden."
    )

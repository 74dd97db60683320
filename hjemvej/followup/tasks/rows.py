"""Open tasks as rows: the rules' tasks with who is responsible, in the user's scope."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import Action, allowed, citizens_for
from hjemvej.citizens.models import Citizen
from hjemvej.core.law import current_parameters
from hjemvej.followup.tasks.facts import gather
from hjemvej.followup.tasks.scope import Gathered, scope_for
from hjemvej.rules.followup import DueTask, derive_tasks
from hjemvej.rules.parameters import ParameterSet, ParameterValue

UNASSIGNED = "Ikke fordelt"


@dataclass(frozen=True)
class Worker:
    """A member of staff as a task shows them."""

    pk: int
    name: str
    team: str


@dataclass(frozen=True)
class TaskRow:
    """One open task: the rule's task, for which citizen, whose, and (when allowed) the name."""

    task: DueTask
    pseudonym: str
    responsible_id: int | None  # None: a shelter's staff, or nobody assigned
    responsible_name: str
    team: str
    name: str = ""  # the citizen's name; filled in only for a user who may see it

    @property
    def key(self) -> str:
        """Return the task's stable key."""
        return self.task.key

    @property
    def kind(self) -> str:
        """Return the kind (a code)."""
        return self.task.kind

    @property
    def kind_label(self) -> str:
        """Return the kind in Danish."""
        return self.task.kind_label

    @property
    def citizen_id(self) -> int:
        """Return the citizen's id."""
        return self.task.citizen_id

    @property
    def due(self) -> date:
        """Return the last day to act."""
        return self.task.due

    @property
    def status(self) -> str:
        """Return overdue, due_soon or open."""
        return self.task.status

    @property
    def status_label(self) -> str:
        """Return the status in Danish."""
        return self.task.status_label

    @property
    def title(self) -> str:
        """Return what to do, in Danish."""
        return self.task.title

    @property
    def explanation(self) -> str:
        """Return why and by which rule, in Danish."""
        return self.task.explanation

    @property
    def parameters(self) -> tuple[ParameterValue, ...]:
        """Return the parameter values behind the deadline."""
        return self.task.parameters

    @property
    def task_pk(self) -> int | None:
        """Return a hand-written task's id (it can be marked done), else None."""
        return self.task.task_id

    @property
    def unassigned(self) -> bool:
        """Return whether nobody is responsible yet (no case worker, no course worker)."""
        return self.responsible_id is None and self.task.responsible.role != "shelter"

    @property
    def overdue(self) -> bool:
        """Return whether the due date has passed."""
        return self.task.status == "overdue"

    @property
    def not_enacted(self) -> tuple[ParameterValue, ...]:
        """Return the parameter values behind the deadline that are not enacted law."""
        return self.task.not_enacted


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while the facts and tasks of many citizens are made.

    A municipality's list makes a fact and a task per citizen, tens of thousands of small objects;
    with the collector on, its passes over the growing heap cost more than the work itself
    (measured on the national demo: 1.0 s against 0.3 s for 27,000 tasks). None of these objects
    needs the collector (no reference cycles); it runs again as soon as the work is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def workers(ids: Iterable[int]) -> dict[int, Worker]:
    """Return the named members of staff by id (one query)."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {
        pk: Worker(pk, f"{first} {last}".strip() or username, team)
        for pk, first, last, username, team in User.objects.filter(pk__in=wanted).values_list(
            "pk", "first_name", "last_name", "username", "team"
        )
    }


def _worker_id(task: DueTask, gathered: Gathered) -> int | None:
    """Return the worker who must act; a course without a worker falls to the case worker."""
    worker = task.responsible.worker_id
    if worker is None and task.responsible.role == "support":
        worker = gathered.citizens[task.citizen_id].case_worker_id
    return worker


def to_rows(tasks: list[DueTask], gathered: Gathered) -> list[TaskRow]:
    """Return the tasks as rows with the responsible worker's (or shelter's) name and team."""
    ids = {_worker_id(t, gathered) for t in tasks}
    staff = workers(pk for pk in ids if pk is not None)
    rows = []
    for task in tasks:
        worker_id = _worker_id(task, gathered)
        if task.responsible.role == "shelter":
            shelter_id = task.responsible.shelter_id
            name = gathered.shelters.get(shelter_id or 0, "Boformen")
            team = ""
        elif worker_id is not None and worker_id in staff:
            name, team = staff[worker_id].name, staff[worker_id].team
        else:
            worker_id, name, team = None, UNASSIGNED, ""
        rows.append(
            TaskRow(
                task=task,
                pseudonym=gathered.citizens[task.citizen_id].pseudonym,
                responsible_id=worker_id,
                responsible_name=name,
                team=team,
            )
        )
    return rows


def open_tasks(
    *,
    user: User,
    today: date,
    citizen: Citizen | None = None,
    mine: bool = False,
    kinds: Iterable[str] | None = None,
    params: ParameterSet | None = None,
    with_unassigned: bool = False,
) -> list[TaskRow]:
    """Return the open tasks the user may see on ``today`` (one citizen's when given), by due date.

    Shelter staff see their shelter's notices; support workers the tasks of their citizens; case
    workers and managers those of their municipality. ``mine`` keeps the user's own tasks
    (shelter staff: all of their shelter's), and with ``with_unassigned`` also the tasks nobody
    has (in the same reading: the task list counts them beside the user's own); ``kinds`` keeps
    those kinds (and reads only their facts). No names: see ``citizen_names``.
    """
    if not allowed(user, Action.VIEW_TASKS):
        return []
    params = params or current_parameters()
    own = mine and user.role != Role.SHELTER_STAFF
    only = frozenset(kinds) if kinds is not None else None
    with without_cycle_collection():
        scope = scope_for(user, citizen, mine=own, kinds=only, unassigned=own and with_unassigned)
        gathered = gather(scope, today=today, params=params)
        tasks = derive_tasks(gathered.facts, as_of=today, params=params)
        if only is not None:
            tasks = [t for t in tasks if t.kind in only]
        rows = to_rows(tasks, gathered)
    if not own:
        return rows
    return [r for r in rows if r.responsible_id == user.pk or (with_unassigned and r.unassigned)]


def citizen_names(user: User, ids: Iterable[int]) -> dict[int, str]:
    """Return the names of the citizens the user may see by name (one query; none without)."""
    wanted = set(ids)
    if not wanted or not allowed(user, Action.VIEW_CITIZEN):
        return {}
    found = citizens_for(user).filter(pk__in=wanted).only("pk", "first_name", "last_name", "alias")
    return {c.pk: c.display_name for c in found}


def municipality_tasks(
    *, municipality_id: int, today: date, params: ParameterSet | None = None
) -> list[TaskRow]:
    """Return every open task of a municipality's citizens (the command line's view)."""
    # An unsaved manager of the municipality: the policy's own scope, nothing stored or logged.
    viewer = User(username="hjemvej-tasks", role=Role.MANAGER, municipality_id=municipality_id)
    return open_tasks(user=viewer, today=today, params=params)

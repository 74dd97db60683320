"""The task list page's reading: filters over the open tasks, the choices, the counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import citizens_for
from hjemvej.citizens.selectors import name_terms
from hjemvej.followup.tasks.forms import MINE, UNASSIGNED, TaskFilterForm
from hjemvej.followup.tasks.rows import TaskRow
from hjemvej.support.forms import workers_for


@dataclass(frozen=True)
class Counts:
    """How many tasks the filters leave, and how many of them are overdue or due soon."""

    total: int
    overdue: int
    due_soon: int


def staff_choices(user: User) -> tuple[list[tuple[int, str]], list[str]]:
    """Return the municipality's case and support workers, and their teams (one query)."""
    staff = list(
        workers_for(user.municipality_id).values_list(
            "pk", "first_name", "last_name", "username", "team"
        )
    )
    people = [(pk, f"{first} {last}".strip() or username) for pk, first, last, username, _ in staff]
    teams = sorted({team for *_, team in staff if team})
    return people, teams


def matching_citizens(user: User, text: str) -> set[int]:
    """Return the citizens in the user's scope whose pseudonym or name matches the text."""
    found = citizens_for(user).filter(Q(pseudonym__iexact=text.strip()) | name_terms(text))
    return set(found.values_list("pk", flat=True))


def filtered(rows: Iterable[TaskRow], form: TaskFilterForm, user: User) -> list[TaskRow]:
    """Return the rows the form's valid filters leave (not "mine": ``open_tasks`` does that)."""
    chosen = list(rows)
    worker = form.value("medarbejder")
    if worker == UNASSIGNED:
        chosen = [r for r in chosen if r.unassigned]
    elif worker.isdigit():
        chosen = [r for r in chosen if r.responsible_id == int(worker)]
    team = form.value("team")
    if team:
        chosen = [r for r in chosen if r.team == team]
    kind = form.value("opgave")
    if kind:
        chosen = [r for r in chosen if r.kind == kind]
    status = form.value("status")
    if status:
        chosen = [r for r in chosen if r.status == status]
    text = form.value("borger")
    if text:
        wanted = matching_citizens(user, text)
        chosen = [r for r in chosen if r.citizen_id in wanted]
    return chosen


def wants_mine(form: TaskFilterForm) -> bool:
    """Return whether the list shows only the user's own tasks."""
    return form.value("vis") == MINE


def counts(rows: list[TaskRow]) -> Counts:
    """Return the number of tasks, overdue and due soon."""
    by_status = Counter(r.status for r in rows)
    return Counts(len(rows), by_status["overdue"], by_status["due_soon"])

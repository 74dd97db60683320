"""The task list page's reading: filters over the open tasks, the choices, the counts, triage.

Triage puts the tasks in three groups by due date: overdue (before today), this week (today up
to and including Sunday: a Danish week runs Monday to Sunday) and later. Overdue tasks whose
deadline fell before the municipality began using Hjemvej (``Municipality.started_on``) are
history, not work: they are collapsed behind a count. Unassigned tasks (a citizen without a case
worker) are counted beside the list for the case workers of the team that put the citizen on the
by-name list, and for the manager.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Q

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.accounts.policy import citizens_for
from hjemvej.citizens.models import ByNameListEvent, ListEventKind
from hjemvej.citizens.selectors import name_terms
from hjemvej.followup.tasks.forms import ALL, MINE, UNASSIGNED, TaskFilterForm
from hjemvej.followup.tasks.rows import TaskRow
from hjemvej.support.forms import workers_for

OVERDUE, THIS_WEEK, LATER = "overdue", "this_week", "later"
HEADINGS = {OVERDUE: "Overskredet", THIS_WEEK: "Denne uge", LATER: "Senere"}
#: The roles that see the unassigned tasks beside their list: they can take them or hand them out.
SEE_UNASSIGNED = (Role.CASE_WORKER, Role.MANAGER)


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


def week_end(today: date) -> date:
    """Return the Sunday that ends today's week (a Danish week runs Monday to Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def group_of(due: date, today: date) -> str:
    """Return a due date's group: overdue (before today), this week (today to Sunday), later."""
    if due < today:
        return OVERDUE
    return THIS_WEEK if due <= week_end(today) else LATER


@dataclass(frozen=True)
class Group:
    """One group of the list: its heading, its tasks on every page, and those on this page."""

    key: str
    heading: str
    total: int
    rows: list[TaskRow]


@dataclass(frozen=True)
class Triage:
    """The tasks to list, and the old deadlines collapsed behind a count (or shown on request)."""

    listed: list[TaskRow]  # by due date
    old: int  # overdue tasks due before the municipality began using Hjemvej
    old_shown: bool
    started_on: date | None
    totals: dict[str, int]

    def groups(self, rows: Iterable[TaskRow], today: date) -> list[Group]:
        """Return one page's rows in their groups, each with its total over every page."""
        page = list(rows)
        return [
            Group(key, heading, self.totals.get(key, 0), chosen)
            for key, heading in HEADINGS.items()
            if (chosen := [r for r in page if group_of(r.due, today) == key])
        ]


def started_on(user: User) -> date | None:
    """Return the day the user's municipality began using Hjemvej (None: not recorded)."""
    if user.municipality_id is None:
        return None
    found = Municipality.objects.filter(pk=user.municipality_id).values_list(
        "started_on", flat=True
    )
    return found.first()


def is_old(row: TaskRow, *, today: date, started: date | None) -> bool:
    """Return whether the task is history: overdue, and due before the municipality began."""
    return started is not None and row.due < started and row.due < today


def triage(rows: list[TaskRow], *, today: date, started: date | None, show_old: bool) -> Triage:
    """Return the rows to list: the old overdue deadlines collapsed unless asked for.

    Only an overdue task is old: a start day set ahead of time collapses no work still to do.
    """

    def old(row: TaskRow) -> bool:
        return is_old(row, today=today, started=started)

    collapsed = sum(1 for r in rows if old(r))
    listed = rows if show_old else [r for r in rows if not old(r)]
    totals = Counter(group_of(r.due, today) for r in listed)
    return Triage(listed, collapsed, show_old and collapsed > 0, started, dict(totals))


def with_intake_teams(rows: list[TaskRow], user: User) -> list[TaskRow]:
    """Give each unassigned task the team of whoever last put its citizen on the list (one query).

    Nobody is responsible for such a task yet; the team that took the citizen in is the team
    that should hand it out.
    """
    if not any(r.unassigned for r in rows):
        return rows
    without = citizens_for(user).filter(case_worker__isnull=True).values("pk")
    teams: dict[int, str] = {}
    for citizen_id, team in (
        ByNameListEvent.objects.filter(citizen_id__in=without, kind=ListEventKind.ENTERED)
        .order_by("citizen_id", "date", "id")
        .values_list("citizen_id", "created_by__team")
    ):
        teams[citizen_id] = team or ""  # the last entry wins
    return [replace(r, team=teams.get(r.citizen_id, "")) if r.unassigned else r for r in rows]


@dataclass(frozen=True)
class Unassigned:
    """The unassigned tasks a user is shown beside the list: how many, and where to see them."""

    team: str  # "": the whole municipality's
    total: int
    overdue: int
    query: str  # the list's query that shows them


def unassigned_for(rows: list[TaskRow], user: User, form: TaskFilterForm) -> Unassigned | None:
    """Return the unassigned tasks to count for the user, or None (none, or already listed).

    A case worker counts those of their own team (see ``with_intake_teams``), every one when they
    have no team; a manager counts every one.
    """
    if user.role not in SEE_UNASSIGNED or form.value("medarbejder") == UNASSIGNED:
        return None
    team = user.team if user.role == Role.CASE_WORKER else ""
    found = [r for r in rows if r.unassigned and (not team or r.team == team)]
    if not found:
        return None
    query = {"vis": ALL, "medarbejder": UNASSIGNED, **({"team": team} if team else {})}
    overdue = sum(1 for r in found if r.overdue)
    return Unassigned(team, len(found), overdue, urlencode(query))

"""What each role's start page shows, read from the rooms that own it, in the user's scope.

Every function asks the database a fixed number of times, however many citizens, stays, tasks or
courses there are; the lists are cut at ``SHOWN`` rows with a count and a link to the whole list.

The manager's and the economist's overview (overdue tasks per team, this year's cost) is computed
over the whole municipality: about a second for a large one. It is kept ``OVERVIEW_SECONDS`` in
the cache and the page says when it was computed; a case worker's own tasks are always fresh.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TypeVar
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Window
from django.utils import timezone

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import citizens_for, stays_for
from hjemvej.casefile import selectors as casefile
from hjemvej.core.formatting import whole_kroner
from hjemvej.core.law import current_parameters
from hjemvej.economy.selectors import year_figures
from hjemvej.followup.tasks import TaskRow, citizen_names, listing, open_tasks
from hjemvej.housing.selectors.followup import moves_ahead
from hjemvej.shelters.alerts import AlertRow, reimbursement_alerts
from hjemvej.shelters.notices import Notices, open_notices
from hjemvej.shelters.selectors import current_stays
from hjemvej.stats.flows.selectors import month_flow
from hjemvej.support.models import SupportCourse
from hjemvej.support.selectors import open_courses_of

#: How many rows a section lists before it says "and N more" and links to the whole list.
SHOWN = 10
#: How long the overview figures of the whole municipality are kept before they are computed anew.
OVERVIEW_SECONDS = 5 * 60
#: How far ahead a shelter looks for residents moving into their own home (a display window).
MOVES_AHEAD_DAYS = 30
NO_TEAM = "Uden team"
T = TypeVar("T")


@dataclass(frozen=True)
class TaskLine:
    """A task on a start page, with the citizen's name."""

    row: TaskRow
    name: str


@dataclass
class Section:
    """What a start page shows; ``named`` are the citizens shown by name (the audit log)."""

    named: set[int] = field(default_factory=set)


def _lines(user: User, rows: list[TaskRow]) -> list[TaskLine]:
    names = citizen_names(user, {r.citizen_id for r in rows})
    return [TaskLine(r, names.get(r.citizen_id, r.pseudonym)) for r in rows]


@dataclass
class CaseWorkerStart(Section):
    my_citizens: int = 0
    due: list[TaskLine] = field(default_factory=list)
    due_total: int = 0
    week_end: date | None = None
    notices: Notices | None = None
    near_cap: list[AlertRow] = field(default_factory=list)
    near_cap_total: int = 0
    unassigned: int = 0


def case_worker(user: User, today: date) -> CaseWorkerStart:
    """My citizens and what is due this week, notices, the reimbursement cap, unassigned tasks."""
    params = current_parameters()
    week_end = listing.week_end(today)
    started = listing.started_on(user)
    # The user's own tasks and those nobody has yet: the scope is the user's citizens and those
    # without a case worker, not the whole municipality (the task list has the rest).
    tasks = open_tasks(user=user, today=today, params=params, mine=True, with_unassigned=True)
    due = [
        r
        for r in tasks
        if r.responsible_id == user.pk
        and r.due <= week_end
        and not listing.is_old(r, today=today, started=started)
    ]
    notices = open_notices(stays_for(user), today=today, params=params)
    # Near the cap: the user's own citizens (the alerts page has the municipality's).
    mine = citizens_for(user).filter(case_worker=user).values("pk")
    alerts = reimbursement_alerts(user, today=today, params=params, citizen_ids=mine)
    near = [*alerts.past, *alerts.near]
    start = CaseWorkerStart(
        my_citizens=casefile.on_list_count(user, today, case_worker=user),
        due=_lines(user, due[:SHOWN]),
        due_total=len(due),
        week_end=week_end,
        notices=notices,
        near_cap=near[:SHOWN],
        near_cap_total=len(near),
        unassigned=sum(1 for r in tasks if r.unassigned),
    )
    start.named = {line.row.citizen_id for line in start.due}
    start.named |= {row.citizen_id for row in notices.rows}
    start.named |= {row.citizen_pk for row in start.near_cap}
    return start


@dataclass(frozen=True)
class MoveLine:
    citizen_id: int
    name: str
    move_in: date


@dataclass
class ShelterStart(Section):
    residents: int = 0
    places: int = 0
    shelter_id: int | None = None
    shelter_name: str = ""
    notices: Notices | None = None
    moves: list[MoveLine] = field(default_factory=list)
    moves_until: date | None = None


def shelter_staff(user: User, today: date) -> ShelterStart:
    """Residents now, admissions whose notice is due, residents moving into their own home."""
    stays = stays_for(user)
    now = stays.filter(pk__in=current_stays(today).values("pk"))
    until = today + timedelta(days=MOVES_AHEAD_DAYS)
    moves = moves_ahead(now.values("citizen_id"), today=today, until=until)
    notices = open_notices(stays, today=today, params=current_parameters(), due_only=True)
    shelter = user.shelter
    start = ShelterStart(
        residents=now.count(),
        places=shelter.places if shelter is not None else 0,
        shelter_id=user.shelter_id,
        shelter_name=shelter.name if shelter is not None else "",
        notices=notices,
        moves=[MoveLine(t.citizen_id, t.citizen.display_name, t.move_in) for t in moves[:SHOWN]],
        moves_until=until,
    )
    start.named = {row.citizen_id for row in notices.rows} | {m.citizen_id for m in start.moves}
    return start


@dataclass
class SupportStart(Section):
    courses: Sequence[SupportCourse] = field(default_factory=list)
    courses_total: int = 0
    contacts: list[TaskLine] = field(default_factory=list)
    contacts_total: int = 0


def support_worker(user: User, today: date) -> SupportStart:
    """My courses (the first ``SHOWN`` by name, and how many), and the contacts that are due."""
    # The first courses and, in each row, how many there are in all: one query.
    courses = list(open_courses_of(user, today).annotate(total=Window(Count("pk")))[:SHOWN])
    due = open_tasks(user=user, today=today, mine=True, kinds={"no_contact"})
    start = SupportStart(
        courses=courses,
        courses_total=courses[0].total if courses else 0,
        contacts=_lines(user, due[:SHOWN]),
        contacts_total=len(due),
    )
    start.named = {c.citizen_id for c in start.courses} | {
        line.row.citizen_id for line in start.contacts
    }
    return start


@dataclass(frozen=True)
class TeamOverdue:
    team: str
    count: int
    query: str  # the task list's filters


@dataclass(frozen=True)
class Headline:
    """This year's shelter cost, reimbursement and net cost, formatted; or the problem."""

    year: int
    gross_cost: str = ""
    reimbursement: str = ""
    net_cost: str = ""
    note: str = ""  # the year is not over: which days the figures count
    problem: str = ""
    computed_at: datetime | None = None


def _kept(key: str, compute: Callable[[], T]) -> tuple[T, datetime]:
    """Return the value kept under ``key`` and when it was computed, computing it when missing."""
    found: tuple[T, datetime] | None = cache.get(key)
    if found is None:
        found = (compute(), timezone.now())
        cache.set(key, found, OVERVIEW_SECONDS)
    return found


@dataclass
class ManagerStart(Section):
    on_list: int = 0
    inflow: int = 0
    outflow: int = 0
    month: date | None = None
    overdue: list[TeamOverdue] = field(default_factory=list)
    overdue_at: datetime | None = None
    headline: Headline | None = None


def headline(user: User, today: date) -> Headline | None:
    """Return this year's shelter figures of the user's municipality (None without one)."""
    municipality_id = user.municipality_id
    if municipality_id is None:
        return None
    params = current_parameters()

    def compute() -> Headline:
        figures = year_figures(municipality_id, year=today.year, today=today, params=params)
        if figures.problem:
            return Headline(today.year, problem=figures.problem)
        total = next(s for s in figures.splits if s.key == "all").year.amounts
        return Headline(
            today.year,
            gross_cost=whole_kroner(total.gross_cost),
            reimbursement=whole_kroner(total.reimbursement),
            net_cost=whole_kroner(total.net_cost),
            note=figures.period.incomplete_note,
        )

    key = f"start:headline:{municipality_id}:{today.isoformat()}:{params.fingerprint}"
    found, at = _kept(key, compute)
    return replace(found, computed_at=at)


def manager(user: User, today: date) -> ManagerStart:
    """The list now, this month's inflow and outflow, overdue tasks per team, cost this year."""
    flow = month_flow(citizens_for(user), today=today)
    params = current_parameters()

    def per_team_overdue() -> Counter[str]:
        tasks = open_tasks(user=user, today=today, params=params)
        return Counter(r.team or NO_TEAM for r in tasks if r.overdue)

    # Per user: the count is of the tasks in the user's own scope.
    key = f"start:overdue:{user.pk}:{today.isoformat()}:{params.fingerprint}"
    per_team, overdue_at = _kept(key, per_team_overdue)
    overdue = []
    for team, count in sorted(per_team.items()):
        query = {"vis": "alle", "status": "overdue"}
        if team != NO_TEAM:
            query["team"] = team
        overdue.append(TeamOverdue(team, count, urlencode(query)))
    return ManagerStart(
        on_list=casefile.on_list_count(user, today),
        inflow=flow.inflow,
        outflow=flow.outflow,
        month=flow.month,
        overdue=overdue,
        overdue_at=overdue_at,
        headline=headline(user, today),
    )

"""The user's scope and the facts every task page starts from: citizens, stays tonight, contacts.

Every query starts from the user's scope (``citizens_for``/``stays_for``) and reads plain values
(``values_list``), never a query per citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import Max, Q, QuerySet

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import citizens_for, stays_for
from hjemvej.citizens.models import ByNameListEvent, Citizen, ListEventKind
from hjemvej.followup.models import Task
from hjemvej.rules.followup import ExternalStay, Facts
from hjemvej.shelters.models import Stay, StayType
from hjemvej.support.models import Contact
from hjemvej.support.models import SupportCourse as CourseModel


@dataclass(frozen=True)
class Scope:
    """Whose tasks: the citizens and stays a user may see, and what they are shown."""

    user: User
    citizens: QuerySet[Citizen]
    stays: QuerySet[Stay]
    notices_only: bool  # shelter staff see their shelter's notices, nothing else
    kinds: frozenset[str] | None = None  # only these kinds of task; None: all


def scope_for(
    user: User,
    citizen: Citizen | None = None,
    *,
    mine: bool = False,
    kinds: frozenset[str] | None = None,
    unassigned: bool = False,
) -> Scope:
    """Return the user's scope, narrowed to one citizen when given, and to some kinds of task.

    ``mine`` narrows it to the citizens whose tasks can be the user's: the user is their case
    worker, works on one of their courses, or has a hand-written task of theirs; with
    ``unassigned`` also those without a case worker, whose tasks nobody has yet.
    """
    citizens = citizens_for(user)
    stays = stays_for(user)
    if citizen is not None:
        citizens = citizens.filter(pk=citizen.pk)
        stays = stays.filter(citizen_id=citizen.pk)
    if mine:
        courses = CourseModel.objects.filter(worker=user).values("citizen_id")
        written = Task.objects.filter(assignee=user, done_on__isnull=True).values("citizen_id")
        own = Q(case_worker=user) | Q(pk__in=courses) | Q(pk__in=written)
        if unassigned:
            own |= Q(case_worker__isnull=True)
        citizens = citizens.filter(own)
        stays = stays.filter(citizen__in=citizens)
    return Scope(user, citizens, stays, notices_only=user.role == Role.SHELTER_STAFF, kinds=kinds)


class CitizenInfo(NamedTuple):
    """What the rules and the rows need of every citizen in scope."""

    case_worker_id: int | None
    pseudonym: str
    municipality_id: int
    on_list_since: date | None  # the day of the entry that put the citizen on the list now


class OpenStay(NamedTuple):
    """A stay tonight."""

    stay_id: int
    citizen_id: int
    shelter_id: int
    shelter_name: str
    shelter_municipality_id: int
    admitted: date
    notified_on: date | None


@dataclass
class Gathered:
    """The facts, and what the rows need besides: each citizen's info, the shelters' names."""

    facts: Facts
    citizens: dict[int, CitizenInfo]
    shelters: dict[int, str]


def citizen_info(scope: Scope, today: date, *, with_list: bool) -> dict[int, CitizenInfo]:
    """Return every citizen in scope with case worker, pseudonym and (when asked) list entry.

    On the list now means the last list event up to today is an entry, as ``on_list_now`` has
    it; read here in one pass over the events rather than a subquery per citizen.
    """
    since: dict[int, date] = {}
    if with_list:
        last: dict[int, tuple[str, date]] = {}
        for citizen_id, day, kind in (
            ByNameListEvent.objects.filter(
                citizen_id__in=scope.citizens.values("pk"), date__lte=today
            )
            .order_by("citizen_id", "date", "id")
            .values_list("citizen_id", "date", "kind")
        ):
            last[citizen_id] = (kind, day)
        since = {pk: day for pk, (kind, day) in last.items() if kind == ListEventKind.ENTERED}
    return {
        pk: CitizenInfo(worker, pseudonym, municipality, since.get(pk))
        for pk, worker, pseudonym, municipality in scope.citizens.values_list(
            "pk", "case_worker_id", "pseudonym", "acting_municipality_id"
        )
    }


def open_stays(scope: Scope, today: date) -> list[OpenStay]:
    """Return the stays in scope that are open tonight (not aftercare)."""
    rows = (
        scope.stays.filter(stay_type=StayType.STAY, admitted__lte=today)
        .filter(Q(discharged__isnull=True) | Q(discharged__gt=today))
        .order_by("citizen_id", "admitted")
        .values_list(
            "pk",
            "citizen_id",
            "shelter_id",
            "shelter__name",
            "shelter__municipality_id",
            "admitted",
            "notified_on",
        )
    )
    return [OpenStay(*row) for row in rows]


def last_contacts(scope: Scope, today: date) -> dict[int, date]:
    """Return each citizen's latest contact on or before today."""
    rows = (
        Contact.objects.filter(citizen_id__in=scope.citizens.values("pk"), date__lte=today)
        .order_by()
        .values("citizen_id")
        .annotate(last=Max("date"))
        .values_list("citizen_id", "last")
    )
    return dict(rows)


def external_stays(
    stays: list[OpenStay], info: dict[int, CitizenInfo], contacts: dict[int, date]
) -> list[ExternalStay]:
    """Return the stays on a shelter outside the citizen's acting municipality."""
    return [
        ExternalStay(
            citizen_id=s.citizen_id,
            stay_id=s.stay_id,
            shelter_name=s.shelter_name,
            admitted=s.admitted,
            last_contact=contacts.get(s.citizen_id),
            case_worker_id=info[s.citizen_id].case_worker_id,
        )
        for s in stays
        if s.citizen_id in info and s.shelter_municipality_id != info[s.citizen_id].municipality_id
    ]

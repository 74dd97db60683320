"""Hand-written tasks: write one for a citizen, mark it done.

Derived tasks (a missing notice, a week without contact …) are never stored: they close when the
case data change. A hand-written task is what a worker wants remembered besides.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.accounts.policy import citizens_for
from hjemvej.citizens import cpr
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.followup.models import Task

TITLE_MAX = 200
ASSIGNABLE_ROLES = frozenset({Role.CASE_WORKER, Role.SUPPORT_WORKER})
#: Ten digits, with or without the hyphen: what a CPR number looks like in free text.


def _check_assignee(citizen: Citizen, assignee: User | None) -> None:
    """Refuse an assignee who may not take the task or could not see it."""
    if assignee is None:
        return
    if (
        assignee.role not in ASSIGNABLE_ROLES
        or not assignee.is_active
        or assignee.municipality_id != citizen.acting_municipality_id
    ):
        raise DomainError(
            "Vælg en aktiv sagsbehandler eller bostøttemedarbejder i borgerens handlekommune.",
            field="assignee",
        )
    if not citizens_for(assignee).filter(pk=citizen.pk).exists():
        # A support worker sees only the citizens of their own courses: a task they cannot see
        # would never be done.
        raise DomainError(
            f"{assignee.get_full_name() or assignee.username} har ikke et forløb med borgeren "
            "og kan ikke se opgaven. Vælg en anden.",
            field="assignee",
        )


def task_create(
    *,
    actor: User,
    citizen: Citizen,
    title: str,
    due: date,
    today: date,
    assignee: User | None = None,
) -> Task:
    """Write a task for the citizen: what, by when, and who (None: the citizen's case worker)."""
    text = " ".join(title.split())
    if not text:
        raise DomainError("Skriv, hvad der skal gøres.", field="title")
    if len(text) > TITLE_MAX:
        raise DomainError(f"Skriv opgaven kortere (højst {TITLE_MAX} tegn).", field="title")
    if cpr.in_text(text):
        raise DomainError("Skriv ikke et CPR-nummer i opgaven.", field="title")
    if due < today:
        raise DomainError("Fristen kan ikke ligge før i dag.", field="due")
    if citizen.merged_into_id is not None:
        raise DomainError("Borgeren er lagt sammen med en anden borger.")
    _check_assignee(citizen, assignee)
    with transaction.atomic():
        task = Task.objects.create(
            citizen=citizen, title=text, due=due, assignee=assignee, created_by=actor
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=task,
            detail={"fields": ["title", "due", "assignee"]},
        )
    return task


def task_done(*, actor: User, task: Task, today: date) -> Task:
    """Mark a hand-written task done today."""
    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.done_on is not None:
            raise DomainError(
                f"Opgaven blev allerede markeret som udført den {locked.done_on:%d.%m.%Y}."
            )
        locked.done_on = today
        locked.save(update_fields=["done_on"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=task.citizen,
            obj=locked,
            detail={"fields": ["done_on"]},
        )
    task.done_on = locked.done_on
    return task

"""The task list, the weekly follow-up of external stays, and hand-written tasks."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.accounts.policy import Action, allowed, citizens_for, policy
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.core.law import UsedParameter, used_values
from hjemvej.core.pages import FORM_METHODS, attempt, current_user, form_page
from hjemvej.followup import task_services
from hjemvej.followup.models import Task
from hjemvej.followup.tasks import TaskRow, citizen_names, open_tasks, weekly_rows
from hjemvej.followup.tasks.forms import CPR_REFUSED, TaskFilterForm, TaskForm, is_cpr_search
from hjemvej.followup.tasks.listing import (
    OVERDUE,
    filtered,
    staff_choices,
    started_on,
    triage,
    unassigned_for,
    wants_mine,
    week_end,
    with_intake_teams,
)
from hjemvej.rules.parameters import ParameterValue

PAGE_SIZE = 50
GET_ONLY = require_http_methods(["GET", "HEAD"])


def _querystring(query: QueryDict, **changes: str | None) -> str:
    """Return the query without the page number, with some values set (None: removed)."""
    params = query.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    return params.urlencode()


def _not_enacted(values: list[ParameterValue]) -> list[UsedParameter]:
    """Return the distinct parameter values that are not law, with their titles."""
    return used_values(value for value in values if not value.enacted)


def _page(request: HttpRequest, user: User, rows: list[Any], page_name: str) -> dict[str, Any]:
    """Return one page of rows, the citizens named on it (logged as read) and the links."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    names = citizen_names(user, (row.citizen_id for row in page.object_list))
    if names:
        audit.record_many(
            actor=user,
            action=AuditAction.VIEW,
            citizen_ids=sorted(names),
            detail={"page": page_name},
        )
    return {
        "page": page,
        "names": names,
        "querystring": _querystring(request.GET),
        "may_see_citizen": allowed(user, Action.VIEW_CITIZEN),
    }


def _render(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render a page that names citizens: never kept by a cache."""
    response = render(request, template, context)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _named(rows: list[TaskRow], names: dict[int, str]) -> list[TaskRow]:
    """Return the rows with the citizens' names filled in."""
    return [replace(row, name=names.get(row.citizen_id, "")) for row in rows]


@policy(Action.VIEW_TASKS)
@GET_ONLY
def task_list(request: HttpRequest) -> HttpResponse:
    """List the open tasks by due date in three groups: overdue, this week, later.

    Filters by worker, team, kind, citizen; the old deadlines (before the municipality began
    using Hjemvej) are collapsed behind a count; the unassigned tasks are counted beside a case
    worker's own (their team's) and a manager's list.
    """
    if is_cpr_search(request.GET.get("borger", "")):
        return _without_cpr(request)
    user = current_user(request)
    today = dates.today()
    staff, teams = staff_choices(user)
    form = TaskFilterForm(request.GET, user=user, staff=staff, teams=teams)
    kind = form.value("opgave")
    mine = wants_mine(form)
    beside = mine and user.role == Role.CASE_WORKER  # a case worker's own, and the unassigned
    found = open_tasks(
        user=user,
        today=today,
        mine=mine,
        kinds=[kind] if kind else None,
        with_unassigned=beside,
    )
    found = with_intake_teams(found, user)
    unassigned = unassigned_for(found, user, form)
    if beside:
        found = [r for r in found if not r.unassigned]
    rows = filtered(found, form, user)
    if form.value("borger"):
        audit.record(
            actor=user,
            action=AuditAction.SEARCH,
            detail={"page": "followup:task_list", "by": "name"},  # never the text searched for
        )
    sorted_out = triage(rows, today=today, started=started_on(user), show_old=form.shows_old)
    context = _page(request, user, sorted_out.listed, "followup:task_list")
    shown = _named(list(context["page"].object_list), context["names"])
    groups = sorted_out.groups(shown, today)
    context.update(
        form=form,
        today=today,
        week_end=week_end(today),
        groups=groups,
        has_overdue=any(group.key == OVERDUE for group in groups),
        triage=sorted_out,
        old_query=_querystring(request.GET, gamle=None if form.shows_old else "1"),
        unassigned=unassigned,
        not_enacted=_not_enacted([p for row in shown for p in row.not_enacted]),
        may_manage=allowed(user, Action.MANAGE_TASKS),
    )
    return _render(request, "followup/tasks.html", context)


def _without_cpr(request: HttpRequest) -> HttpResponse:
    """Send the user back to the list without the search that may hold a CPR number.

    The number is never echoed: not in the answer, the field, a hidden ``next`` or a page link.
    """
    messages.error(request, CPR_REFUSED)
    query = _querystring(request.GET, borger=None)
    response = redirect(f"{request.path}?{query}" if query else request.path)
    patch_cache_control(response, private=True, no_store=True)
    return response


@policy(Action.VIEW_TASKS)
@GET_ONLY
def weekly(request: HttpRequest) -> HttpResponse:
    """List the citizens on external shelters tonight with their last and next contact."""
    user = current_user(request)
    today = dates.today()
    rows = weekly_rows(user=user, today=today)
    context = _page(request, user, rows, "followup:weekly")
    names = context["names"]
    shown = [
        replace(row, task=replace(row.task, name=names.get(row.citizen_id, "")))
        for row in context["page"].object_list
    ]
    context.update(
        today=today,
        rows=shown,
        overdue=sum(1 for row in rows if row.task.overdue),
        total=len(rows),
        not_enacted=_not_enacted([p for row in shown[:1] for p in row.task.not_enacted]),
        may_add_contact=allowed(user, Action.ADD_CONTACT),
    )
    return _render(request, "followup/weekly.html", context)


@policy(Action.MANAGE_TASKS)
@never_cache
@FORM_METHODS
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a task for the citizen: what, by when, who."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    assignable = user.role in task_services.ASSIGNABLE_ROLES
    form = TaskForm(
        request.POST or None,
        municipality_id=citizen.acting_municipality_id,
        initial={"due": today + timedelta(days=7), "assignee": user.pk if assignable else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        task = attempt(
            form,
            lambda: task_services.task_create(
                actor=user,
                citizen=citizen,
                title=data["title"],
                due=data["due"],
                today=today,
                assignee=data["assignee"],
            ),
        )
        if task is not None:
            messages.success(request, f"Opgaven er oprettet med frist {task.due:%d.%m.%Y}.")
            return redirect("followup:citizen", pk=citizen.pk)
    return form_page(
        request,
        form,
        title="Ny opgave",
        citizen=citizen,
        intro="Skriv én ting, der skal gøres, og hvornår.",
        submit="Opret opgave",
        cancel_url=reverse("followup:citizen", kwargs={"pk": citizen.pk}),
    )


@policy(Action.MANAGE_TASKS)
@require_POST
def task_done(request: HttpRequest, task_pk: int) -> HttpResponse:
    """Mark a hand-written task done; go back to the page the button was on."""
    user = current_user(request)
    task = get_object_or_404(
        Task.objects.filter(citizen__in=citizens_for(user)).select_related("citizen"), pk=task_pk
    )
    try:
        task_services.task_done(actor=user, task=task, today=dates.today())
        messages.success(request, "Opgaven er markeret som udført.")
    except DomainError as exc:
        messages.error(request, exc.message)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("followup:task_list")

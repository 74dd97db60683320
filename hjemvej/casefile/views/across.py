"""Citizens across municipal borders: the list and one citizen's page, read-only, logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, border_citizens_for, citizens_for, policy
from hjemvej.casefile.across import across_page, across_rows
from hjemvej.core import dates
from hjemvej.core.pages import current_user


@policy(Action.VIEW_CITIZEN)
@never_cache
@require_http_methods(["GET", "HEAD"])
def across_list(request: HttpRequest) -> HttpResponse:
    """The citizens the user's municipality has handed over or shares with another (logged)."""
    user = current_user(request)
    rows = across_rows(user, today=dates.today())
    audit.record_many(
        actor=user,
        action=AuditAction.VIEW,
        citizen_ids=[row.citizen.pk for row in rows],
        detail={"page": "citizens:across_list"},
    )
    return render(request, "casefile/across_list.html", {"rows": rows})


@policy(Action.VIEW_CITIZEN)
@never_cache
@require_http_methods(["GET", "HEAD"])
def across_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One citizen as the user's municipality reads them across a border (logged)."""
    user = current_user(request)
    today = dates.today()
    if citizens_for(user, today=today).filter(pk=pk).exists():
        return redirect("citizens:detail", pk=pk)  # the user's own citizen: the whole case
    citizen = get_object_or_404(
        border_citizens_for(user, today=today).select_related("acting_municipality"), pk=pk
    )
    audit.record(
        actor=user,
        action=AuditAction.VIEW,
        citizen=citizen,
        obj=citizen,
        detail={"page": "citizens:across"},
    )
    page = across_page(user, citizen, today=today)
    return render(request, "casefile/across.html", {"citizen": citizen, "page": page})

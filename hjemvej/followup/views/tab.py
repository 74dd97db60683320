"""The citizen's follow-up tab: tasks, transitions, action plans, stay plans and letters."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import current_user
from hjemvej.followup.selectors import followup_page


@policy(Action.VIEW_FOLLOWUP)
@never_cache
@require_http_methods(["GET", "HEAD"])
def citizen(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the citizen's follow-up tab (logged as a read)."""
    found = scoped_citizen(request, pk)
    user = current_user(request)
    audit.record(
        actor=user,
        action=AuditAction.VIEW,
        citizen=found,
        obj=found,
        detail={"page": "followup:citizen"},
    )
    page = followup_page(user=user, citizen=found, today=dates.today())
    return render(request, "followup/citizen.html", {"citizen": found, "page": page})

"""Caseload per worker and method against the fidelity limits, and the managers' limits form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts.models import Municipality, Role
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user, form_page
from hjemvej.rules.support import methods
from hjemvej.support import selectors, services
from hjemvej.support.forms import CaseloadLimitsForm


def _municipality(request: HttpRequest) -> Municipality:
    user = current_user(request)
    if user.municipality is None:
        raise PermissionDenied
    return user.municipality


@policy(Action.VIEW_CASELOAD)
@require_http_methods(["GET", "HEAD"])
def caseload(request: HttpRequest) -> HttpResponse:
    """Show citizens with an open course per worker and method today against the limits.

    Support workers see their own line; case workers and managers the whole municipality.
    """
    user = current_user(request)
    municipality = _municipality(request)
    today = dates.today()
    own_only = user.role == Role.SUPPORT_WORKER
    found = selectors.caseload(municipality.pk, today, worker=user if own_only else None)
    response = render(
        request,
        "support/caseload.html",
        {
            "caseload": found,
            "municipality": municipality,
            "own_only": own_only,
            "can_edit_limits": allowed(user, Action.MANAGE_CASELOAD_LIMITS),
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@policy(Action.MANAGE_CASELOAD_LIMITS)
@never_cache
@FORM_METHODS
def limits(request: HttpRequest) -> HttpResponse:
    """Let a manager set the municipality's fidelity limits per method (blank: the default)."""
    user = current_user(request)
    municipality = _municipality(request)
    today = dates.today()
    current = selectors.caseload_limits(municipality.pk, today)
    defaults = [
        methods.caseload_limit(limit.method, municipal=None, as_of=today) for limit in current
    ]
    form = CaseloadLimitsForm(
        request.POST or None,
        defaults=defaults,
        initial={limit.method: limit.limit for limit in current if limit.source == "municipality"},
    )
    if request.method == "POST" and form.is_valid():
        chosen = {limit.method: form.cleaned_data[limit.method] for limit in defaults}
        saved = attempt(
            form,
            lambda: services.caseload_limits_set(
                actor=user, municipality=municipality, limits=chosen
            ),
        )
        if saved is not None:
            messages.success(request, "Grænserne er gemt.")
            return redirect("support:caseload")
    return form_page(
        request,
        form,
        title=f"Grænser for sagsstamme i {municipality.name}",
        intro=(
            "Højst så mange borgere pr. medarbejder i hver metode. Metodernes "
            "fidelitetsgrænser bruges, hvor kommunen ikke har sat sin egen."
        ),
        cancel_url=reverse("support:caseload"),
    )

"""Case workers' alerts: reimbursed days running out or used up."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, policy
from hjemvej.core import dates
from hjemvej.core.pages import signed_in
from hjemvej.economy.views.common import parse_int
from hjemvej.shelters.alerts import DEFAULT_WITHIN, reimbursement_alerts

MAX_WITHIN = 366


@policy(Action.VIEW_ALERTS)
@require_http_methods(["GET", "HEAD"])
def alerts(request: HttpRequest) -> HttpResponse:
    """List the user's citizens in a stay now who are near or past the cap on reimbursed days.

    ``dage`` (GET) is how near: within that many days of the cap (default 14). The citizens are
    shown by name, so each one shown is logged as a read.
    """
    user, _ = signed_in(request)
    raw = request.GET.get("dage", "")
    within = parse_int(raw, low=0, high=MAX_WITHIN)
    error = ""
    if within is None:
        if raw.strip():
            error = f"Angiv et helt antal dage fra 0 til {MAX_WITHIN}."
        within = DEFAULT_WITHIN
    today = dates.today()
    found = reimbursement_alerts(user, today=today, within=within)
    if found.citizen_ids:
        audit.record_many(
            actor=user,
            action=AuditAction.VIEW,
            citizen_ids=found.citizen_ids,
            detail={"page": "economy:alerts", "within": within},
        )
    response = render(
        request,
        "economy/alerts.html",
        {
            "alerts": found,
            "within": within,
            "raw": raw,
            "error": error,
            "max_within": MAX_WITHIN,
            "near_caption": f"Borgere med højst {within} dage med refusion tilbage",
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response

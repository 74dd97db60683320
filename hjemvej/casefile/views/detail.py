"""The citizen's page: timeline, stays, support, contacts, reimbursement."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.casefile.page import citizen_page, formatted_cpr
from hjemvej.casefile.timeline import build_timeline, render_svg
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.selectors import border_history
from hjemvej.citizens.services import citizen_reveal_cpr
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.errors import DomainError


def _render_page(request: HttpRequest, citizen: Citizen, *, revealed_cpr: str = "") -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    today = dates.today()
    audit.record(actor=user, action=AuditAction.VIEW, citizen=citizen, obj=citizen)
    page = citizen_page(user=user, citizen=citizen, today=today)
    timeline = build_timeline(
        title=f"Tidslinje for {citizen.display_name}",
        today=today,
        situations=page.situations,
        stays=[line.stay for line in page.stays],
        courses=[line.course for line in page.courses],
        contacts=page.contacts,
        external_stays=frozenset(line.stay.pk for line in page.stays if line.external),
        botilbud=page.botilbud,
        risks=page.risks,
    )
    context = {
        "citizen": citizen,
        "page": page,
        "timeline": timeline,
        "timeline_svg": render_svg(timeline) if timeline.events else "",
        "revealed_cpr": revealed_cpr,
        # The municipality's case work only: reasons and disputes are not the shelter's or
        # the support worker's task (they see the acting municipality in the facts above).
        "history": (
            border_history(citizen) if user.role in (Role.CASE_WORKER, Role.MANAGER) else None
        ),
        "can_edit_history": allowed(user, Action.EDIT_CITIZEN),
    }
    response = render(request, "casefile/detail.html", context)
    return response


@policy(Action.VIEW_CITIZEN)
@never_cache
@require_http_methods(["GET", "HEAD"])
def citizen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the citizen's page (logged as a read)."""
    return _render_page(request, scoped_citizen(request, pk))


@policy(Action.REVEAL_CPR)
@never_cache
@require_POST
def reveal_cpr(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full CPR number once (logged); htmx gets the number, others the page with it."""
    citizen = scoped_citizen(request, pk)
    user = request.user
    assert isinstance(user, User)
    try:
        number = formatted_cpr(citizen_reveal_cpr(actor=user, citizen=citizen))
    except DomainError as exc:
        if request.headers.get("HX-Request"):
            return render(request, "core/_cpr.html", {"citizen": citizen, "error": exc.message})
        messages.error(request, exc.message)
        return _render_page(request, citizen)
    if request.headers.get("HX-Request"):
        return render(request, "core/_cpr.html", {"citizen": citizen, "revealed_cpr": number})
    return _render_page(request, citizen, revealed_cpr=number)

"""The start page: each role sees what is theirs to do today, and the ways into their work."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.core import dates
from hjemvej.core.pages import current_user
from hjemvej.followup.tasks.forms import UNASSIGNED
from hjemvej.start import sections

#: The economy's pages as link cards (all need VIEW_ECONOMY): URL name, title, what it holds.
ECONOMY_CARDS = (
    ("economy:dashboard", "Overblik", "Udgifter, refusion og nettoudgift med udvikling."),
    ("economy:figures", "Tal", "Årets døgn og kroner pr. måned og boform."),
    ("economy:claims", "Refusionsopgørelser", "Opgørelser af statsrefusion efter § 177."),
    ("economy:budget", "Budget", "Budget og forbrug for året."),
    ("economy:forecast", "Prognose", "Forventet forbrug resten af året."),
    ("economy:scenarios", "Scenarier", "Hvad nu hvis loven eller praksis ændres."),
)


def _links(user: User) -> dict[str, str]:
    """Return the ways in that the user's role allows ("" where it does not)."""
    may_admit = allowed(user, Action.CREATE_CITIZEN) and allowed(user, Action.MANAGE_STAYS)
    return {
        "create": reverse("citizens:create") if allowed(user, Action.EDIT_CITIZEN) else "",
        "admit": reverse("citizens:admit_new") if may_admit else "",
        "list": reverse("citizens:list") if allowed(user, Action.VIEW_CITIZENS) else "",
        "tasks": reverse("followup:task_list") if allowed(user, Action.VIEW_TASKS) else "",
        "alerts": reverse("economy:alerts") if allowed(user, Action.VIEW_ALERTS) else "",
        "at_risk": reverse("citizens:at_risk") if allowed(user, Action.VIEW_AT_RISK) else "",
        "caseload": reverse("support:caseload") if allowed(user, Action.VIEW_CASELOAD) else "",
        "audit": reverse("accounts:audit") if allowed(user, Action.VIEW_AUDIT) else "",
        "data": (
            reverse("interchange:records") if allowed(user, Action.IMPORT_EXPORT_RECORDS) else ""
        ),
        "api_tokens": (
            reverse("apitokens:list") if allowed(user, Action.MANAGE_API_TOKENS) else ""
        ),
        "to_check": (reverse("rules_to_check") if allowed(user, Action.CHECK_PARAMETERS) else ""),
        "admin": reverse("admin:index") if user.role == Role.ADMIN or user.is_staff else "",
        "economy": reverse("economy:dashboard") if allowed(user, Action.VIEW_ECONOMY) else "",
        "rules": reverse("rules"),
    }


@policy(Action.SIGNED_IN)
def start(request: HttpRequest) -> HttpResponse:
    """Show the signed-in user's start page for their role; names shown are logged."""
    user = current_user(request)
    today = dates.today()
    context: dict[str, Any] = {"today": today, "links": _links(user), "role": user.role}
    section: sections.Section | None = None
    if user.role == Role.CASE_WORKER:
        section = sections.case_worker(user, today)
        context["unassigned_query"] = f"vis=alle&medarbejder={UNASSIGNED}"
    elif user.role == Role.SHELTER_STAFF:
        section = sections.shelter_staff(user, today)
    elif user.role == Role.SUPPORT_WORKER:
        section = sections.support_worker(user, today)
    elif user.role == Role.MANAGER:
        section = sections.manager(user, today)
    elif user.role == Role.ECONOMIST:
        context["headline"] = sections.headline(user, today)
        context["cards"] = [
            {"url": reverse(name), "title": title, "text": text}
            for name, title, text in ECONOMY_CARDS
        ]
    context["section"] = section
    if section is not None and section.named:
        audit.record_many(
            actor=user,
            action=AuditAction.VIEW,
            citizen_ids=sorted(section.named),
            detail={"page": "start"},
        )
    return render(request, "start/start.html", context)

"""The § 176 a reimbursement claim of support courses and § 107 stays, and its export.

The same pages as the § 177 claim's (``views.claims``): the list with the form, the claim and its
exports as background jobs, the same access and the same period form.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, allowed, citizens_for, policy
from hjemvej.core import dates, law
from hjemvej.core.pages import signed_in
from hjemvej.economy import jobs, selectors
from hjemvej.economy.models import SupportClaim
from hjemvej.economy.selectors.support_claims import (
    support_claim_lines,
    support_claim_status,
    support_claims_for,
)
from hjemvej.economy.views.claims import (
    LINES_PER_PAGE,
    LIST_PAGE_SIZE,
    checked_period,
    last_year,
    no_store,
    period_from,
)
from hjemvej.jobs.services import job_start
from hjemvej.rules.parameters import is_enacted


@policy(Action.VIEW_ECONOMY)
@require_http_methods(["GET", "HEAD", "POST"])
def support_claims(request: HttpRequest) -> HttpResponse:
    """List the municipality's § 176 a claims and make a new one (POST: manager and economist)."""
    user, municipality_id = signed_in(request)
    today = dates.today()
    values: dict[str, Any] = last_year(today)
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not allowed(user, Action.MANAGE_ECONOMY):
            raise PermissionDenied
        values, errors = period_from(request.POST)
        if not errors and checked_period(values, errors, today):
            start, end = values["start_date"], values["last_date"] + timedelta(days=1)
            job = job_start(
                user=user,
                kind=jobs.MAKE_SUPPORT,
                title=jobs.support_make_title(start, values["last_date"]),
                params={
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "today": today.isoformat(),
                },
            )
            return redirect("jobs:job", pk=job.pk)
    listing = Paginator(support_claims_for(municipality_id), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": listing,
        "values": values,
        "errors": errors,
        "may_create": allowed(user, Action.MANAGE_ECONOMY),
        "current_parameter_set": law.current_parameters().fingerprint,
    }
    response = render(
        request, "economy/support_claims.html", context, status=400 if errors else 200
    )
    return no_store(response)


def _scoped_claim(request: HttpRequest, pk: int) -> tuple[User, SupportClaim]:
    user, municipality_id = signed_in(request)
    return user, get_object_or_404(support_claims_for(municipality_id), pk=pk)


@policy(Action.VIEW_ECONOMY)
@require_http_methods(["GET", "HEAD"])
def support_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a § 176 a claim: totals, the rules it used, whether it is out of date, its lines."""
    user, found = _scoped_claim(request, pk)
    status = support_claim_status(found)
    texts = selectors.rule_texts(found)
    page = Paginator(support_claim_lines(found), LINES_PER_PAGE).get_page(request.GET.get("page"))
    lines = list(page.object_list)
    openable: set[int] = set()
    if allowed(user, Action.VIEW_CITIZEN):
        openable = set(
            citizens_for(user)
            .filter(pk__in={line.citizen_pk for line in lines})
            .values_list("pk", flat=True)
        )
    records = [{**record, "enacted": is_enacted(record["status"])} for record in found.parameters]
    context = {
        "claim": found,
        "status": status,
        "last_day": selectors.last_day(found.period_end),
        "counted_to": selectors.last_day(found.as_of),
        "parameters": records,
        "not_enacted": [record for record in records if not record["enacted"]],
        "page": page,
        "shown": [
            (line, [texts.get(key, key) for key in line.rule_versions], line.citizen_pk in openable)
            for line in lines
        ],
        "querystring": "",
        "may_create": allowed(user, Action.MANAGE_ECONOMY),
    }
    return no_store(render(request, "economy/support_claim.html", context))


@policy(Action.VIEW_ECONOMY)
@require_POST
def support_claim_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Start the § 176 a claim's export as xlsx or CSV (pseudonymous ids only), written once."""
    if fmt not in jobs.EXPORTS:
        raise Http404("Ukendt format.")
    user, found = _scoped_claim(request, pk)
    job = job_start(
        user=user,
        kind=jobs.EXPORT_SUPPORT,
        title=jobs.support_export_title(found.pk, fmt),
        params={"claim": found.pk, "fmt": fmt},
        key=jobs.support_export_key(found.pk, fmt),
    )
    return redirect("jobs:job", pk=job.pk)

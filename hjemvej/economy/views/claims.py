"""The reimbursement claim (refusionsopgørelse) for a period, and its export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_POST

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, allowed, citizens_for, policy
from hjemvej.core import dates, law
from hjemvej.core.errors import DomainError
from hjemvej.core.law import READING_TEXTS, readings_in_danish
from hjemvej.core.pages import signed_in
from hjemvej.economy import jobs, selectors
from hjemvej.economy.models import ReimbursementClaim
from hjemvej.economy.services import check_claim_period
from hjemvej.economy.views.common import parse_date
from hjemvej.jobs.services import job_start
from hjemvej.rules.parameters import is_enacted
from hjemvej.rules.shelter import Readings

LINES_PER_PAGE = 200
LIST_PAGE_SIZE = 25
READING_FIELDS = {
    "window": "Refusionsvinduet",
    "cap": "Loftet over dage",
    "days": "Dage, der tæller",
}


def no_store(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _reading_fields(chosen: Readings) -> list[dict[str, Any]]:
    """Return the readings as form fields: name, label and the choices in Danish."""
    return [
        {
            "name": name,
            "label": label,
            "choices": [
                (value, text, getattr(chosen, name) == value)
                for value, text in READING_TEXTS[name].items()
            ],
        }
        for name, label in READING_FIELDS.items()
    ]


def period_from(data: QueryDict) -> tuple[dict[str, Any], dict[str, str]]:
    """Return a claim form's period as posted (to show again) and its field errors in Danish.

    ``values["start_date"]`` and ``values["last_date"]`` hold the dates when they parse.
    """
    values: dict[str, Any] = {key: data.get(key, "") for key in ("start", "last")}
    errors: dict[str, str] = {}
    start = parse_date(values["start"])
    last = parse_date(values["last"])
    if start is None:
        errors["start"] = "Angiv periodens første dag som dd.mm.åååå."
    if last is None:
        errors["last"] = "Angiv periodens sidste dag som dd.mm.åååå."
    elif start is not None and last < start:
        errors["last"] = "Periodens sidste dag kan ikke ligge før den første."
    values["start_date"], values["last_date"] = start, last
    return values, errors


def checked_period(values: dict[str, Any], errors: dict[str, str], today: date) -> bool:
    """Return whether a parsed period may be claimed; else put the error on its field."""
    start, end = values["start_date"], values["last_date"] + timedelta(days=1)
    try:
        check_claim_period(start=start, end=end, today=today)
    except DomainError as exc:
        errors[{"start": "start", "end": "last"}.get(exc.field or "", "form")] = exc.message
        return False
    return True


def last_year(today: date) -> dict[str, Any]:
    """Return the form's default period: last calendar year."""
    year = today.year - 1
    return {"start": date(year, 1, 1).isoformat(), "last": date(year, 12, 31).isoformat()}


def _form_from(data: QueryDict) -> tuple[dict[str, Any], dict[str, str], Readings | None]:
    """Return the posted values (to show again), field errors in Danish, and the readings."""
    values, errors = period_from(data)
    chosen: dict[str, str] = {}
    for name in READING_FIELDS:
        value = data.get(name, "") or next(iter(READING_TEXTS[name]))
        values[name] = data.get(name, "")
        if value not in READING_TEXTS[name]:
            errors[name] = "Vælg en af læsningerne."
        chosen[name] = value
    readings = None if errors else Readings(**chosen)  # type: ignore[arg-type]
    return values, errors, readings


@policy(Action.VIEW_ECONOMY)
@require_http_methods(["GET", "HEAD", "POST"])
def claims(request: HttpRequest) -> HttpResponse:
    """List the municipality's claims and make a new one (POST: manager and economist)."""
    user, municipality_id = signed_in(request)
    today = dates.today()
    values = last_year(today)
    errors: dict[str, str] = {}
    readings = Readings()
    if request.method == "POST":
        if not allowed(user, Action.MANAGE_ECONOMY):
            raise PermissionDenied
        values, errors, parsed = _form_from(request.POST)
        if parsed is not None:
            readings = parsed
            if checked_period(values, errors, today):
                start, end = values["start_date"], values["last_date"] + timedelta(days=1)
                job = job_start(
                    user=user,
                    kind=jobs.MAKE,
                    title=jobs.make_title(start, values["last_date"]),
                    params={
                        "start": start.isoformat(),
                        "end": end.isoformat(),
                        "today": today.isoformat(),
                        "readings": {
                            "window": readings.window,
                            "cap": readings.cap,
                            "days": readings.days,
                        },
                    },
                )
                return redirect("jobs:job", pk=job.pk)
    listing = Paginator(selectors.claims_for(municipality_id), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": listing,
        "values": values,
        "errors": errors,
        "reading_fields": _reading_fields(readings),
        "may_create": allowed(user, Action.MANAGE_ECONOMY),
        "current_parameter_set": law.current_parameters().fingerprint,
        "today": today,
    }
    response = render(request, "economy/claims.html", context, status=400 if errors else 200)
    return no_store(response)


def _scoped_claim(request: HttpRequest, pk: int) -> tuple[User, ReimbursementClaim]:
    user, municipality_id = signed_in(request)
    return user, get_object_or_404(selectors.claims_for(municipality_id), pk=pk)


@policy(Action.VIEW_ECONOMY)
@require_http_methods(["GET", "HEAD"])
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a claim: totals, the rules it used, whether it is out of date, and its lines."""
    user, found = _scoped_claim(request, pk)
    status = selectors.claim_status(found)
    texts = selectors.rule_texts(found)
    page = Paginator(selectors.claim_lines(found), LINES_PER_PAGE).get_page(request.GET.get("page"))
    lines = list(page.object_list)
    openable: set[int] = set()
    if allowed(user, Action.VIEW_CITIZEN):
        openable = set(
            citizens_for(user)
            .filter(pk__in={line.citizen_pk for line in lines})
            .values_list("pk", flat=True)
        )
    readings = selectors.claim_readings(found)
    records = [{**record, "enacted": is_enacted(record["status"])} for record in found.parameters]
    context = {
        "claim": found,
        "status": status,
        "last_day": selectors.last_day(found.period_end),
        "counted_to": selectors.last_day(found.as_of),
        "readings_text": readings_in_danish(readings),
        "readings": readings,
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
    return no_store(render(request, "economy/claim.html", context))


@policy(Action.VIEW_ECONOMY)
@require_POST
def claim_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Start the claim's export as xlsx or CSV (pseudonymous ids only), written once."""
    if fmt not in jobs.EXPORTS:
        raise Http404("Ukendt format.")
    user, found = _scoped_claim(request, pk)
    job = job_start(
        user=user,
        kind=jobs.EXPORT,
        title=jobs.export_title(found.pk, fmt),
        params={"claim": found.pk, "fmt": fmt},
        key=jobs.export_key(found.pk, fmt),
    )
    return redirect("jobs:job", pk=job.pk)

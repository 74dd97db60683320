"""The reimbursement claim (refusionsopgørelse) for a period, and its export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.accounts.policy import Action, allowed, citizens_for, policy
from hjemvej.core import dates, law
from hjemvej.core.errors import DomainError
from hjemvej.core.law import READING_TEXTS, readings_in_danish
from hjemvej.economy import exports, selectors
from hjemvej.economy.models import ReimbursementClaim
from hjemvej.economy.services import claim_create
from hjemvej.economy.views.common import parse_date, signed_in
from hjemvej.rules.parameters import is_enacted
from hjemvej.rules.shelter import Readings

LINES_PER_PAGE = 200
LIST_PAGE_SIZE = 25
EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
READING_FIELDS = {
    "window": "Refusionsvinduet",
    "cap": "Loftet over dage",
    "days": "Dage, der tæller",
}


def _private(response: HttpResponse) -> HttpResponse:
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


def _form_from(data: QueryDict) -> tuple[dict[str, Any], dict[str, str], Readings | None]:
    """Return the posted values (to show again), field errors in Danish, and the readings."""
    values: dict[str, Any] = {key: data.get(key, "") for key in ("start", "last", *READING_FIELDS)}
    errors: dict[str, str] = {}
    start = parse_date(values["start"])
    last = parse_date(values["last"])
    if start is None:
        errors["start"] = "Angiv periodens første dag som dd.mm.åååå."
    if last is None:
        errors["last"] = "Angiv periodens sidste dag som dd.mm.åååå."
    elif start is not None and last < start:
        errors["last"] = "Periodens sidste dag kan ikke ligge før den første."
    chosen: dict[str, str] = {}
    for name in READING_FIELDS:
        value = values[name] or next(iter(READING_TEXTS[name]))
        if value not in READING_TEXTS[name]:
            errors[name] = "Vælg en af læsningerne."
        chosen[name] = value
    readings = None if errors else Readings(**chosen)  # type: ignore[arg-type]
    values["start_date"], values["last_date"] = start, last
    return values, errors, readings


@policy(Action.VIEW_ECONOMY)
@require_http_methods(["GET", "HEAD", "POST"])
def claims(request: HttpRequest) -> HttpResponse:
    """List the municipality's claims and make a new one (POST: manager and economist)."""
    user, municipality_id = signed_in(request)
    today = dates.today()
    last_year = today.year - 1
    values: dict[str, Any] = {
        "start": date(last_year, 1, 1).isoformat(),
        "last": date(last_year, 12, 31).isoformat(),
    }
    errors: dict[str, str] = {}
    readings = Readings()
    if request.method == "POST":
        if not allowed(user, Action.MANAGE_ECONOMY):
            raise PermissionDenied
        values, errors, parsed = _form_from(request.POST)
        if parsed is not None:
            readings = parsed
            try:
                claim = claim_create(
                    actor=user,
                    municipality=user.municipality,  # type: ignore[arg-type]
                    start=values["start_date"],
                    end=values["last_date"] + timedelta(days=1),
                    today=today,
                    readings=readings,
                )
            except DomainError as exc:
                errors[{"start": "start", "end": "last"}.get(exc.field or "", "form")] = exc.message
            else:
                return redirect("economy:claim", pk=claim.pk)
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
    return _private(response)


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
    return _private(render(request, "economy/claim.html", context))


@policy(Action.VIEW_ECONOMY)
@require_http_methods(["GET", "HEAD"])
def claim_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Download the claim as xlsx or CSV (pseudonymous ids only); logged per citizen as EXPORT."""
    if fmt not in EXPORTS:
        raise Http404("Ukendt format.")
    user, found = _scoped_claim(request, pk)
    lines = list(selectors.claim_lines(found))
    texts = selectors.rule_texts(found)
    if fmt == "csv":
        body = exports.claim_csv(found, lines, texts)
    else:
        body = exports.claim_xlsx(
            found, lines, texts, exported_by=user.get_username(), exported_on=dates.today()
        )
    audit.record_many(
        actor=user,
        action=AuditAction.EXPORT,
        citizen_ids=sorted({line.citizen_pk for line in lines}),
        detail={"export": "reimbursement_claim", "claim": found.pk, "format": fmt},
    )
    response = HttpResponse(body, content_type=EXPORTS[fmt])
    name = f"refusionsopgoerelse-{found.pk}-{found.period_start:%Y%m%d}-{found.period_end:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return _private(response)

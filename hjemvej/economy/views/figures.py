"""Figures by year, month, shelter and inside/outside, with the rows behind them."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.citizens.selectors import named_citizens
from hjemvej.core import dates
from hjemvej.core.pages import signed_in
from hjemvej.economy import selectors
from hjemvej.economy.selectors.housing import as_of_text, grant_figures
from hjemvej.economy.views.common import chosen_year, parse_int, query_without
from hjemvej.rules.support import METHOD_LABELS
from hjemvej.shelters.models import Shelter

ROWS_PER_PAGE = 100


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@policy(Action.VIEW_ECONOMY)
@require_http_methods(["GET", "HEAD"])
def figures(request: HttpRequest) -> HttpResponse:
    """Show the year's days, cost, own payment, reimbursement and net cost: figures, no names."""
    _, municipality_id = signed_in(request)
    today = dates.today()
    year, year_error = chosen_year(request.GET, today)
    data = selectors.year_figures(municipality_id, year=year, today=today)
    support = selectors.support_figures(municipality_id, year=year, today=today)
    context: dict[str, Any] = {
        "data": data,
        "support": support,
        "year": year,
        "year_error": year_error,
        "years": list(range(min(data.first_year, year), today.year + 1)),
        "today": today,
        "not_enacted": data.not_enacted + support.not_enacted,
        "housing": grant_figures(municipality_id, year=year),
        "housing_as_of": as_of_text(year, today),
    }
    return _private(render(request, "economy/figures.html", context))


@policy(Action.VIEW_ECONOMY)
@require_http_methods(["GET", "HEAD"])
def shelter_figures(request: HttpRequest, shelter_pk: int) -> HttpResponse:
    """Show one shelter's figures per month of the year, for the municipality's citizens."""
    _, municipality_id = signed_in(request)
    shelter = get_object_or_404(Shelter.objects.select_related("municipality"), pk=shelter_pk)
    today = dates.today()
    year, year_error = chosen_year(request.GET, today)
    data = selectors.year_figures(municipality_id, year=year, today=today, shelter_pk=shelter.pk)
    shelter_year = next((s for s in data.shelters if s.info.pk == shelter.pk), None)
    context: dict[str, Any] = {
        "data": data,
        "shelter": shelter,
        "shelter_year": shelter_year,
        "external": shelter.municipality_id != municipality_id,
        "caption": f"{shelter.name} pr. måned {year}",
        "filter_query": f"&shelter={shelter.pk}",
        "year": year,
        "year_error": year_error,
        "years": list(range(min(data.first_year, year), today.year + 1)),
    }
    return _private(render(request, "economy/shelter_figures.html", context))


@policy(Action.VIEW_ECONOMY)
@require_http_methods(["GET", "HEAD"])
def stay_rows(request: HttpRequest) -> HttpResponse:
    """List the stays (or support courses) behind a figure; names only where the role may see them.

    Query: ``year``, ``month`` (1–12, none for the year), ``shelter`` (a shelter's id),
    ``external`` (1 outside, 0 inside the municipality), or ``support`` (a method, or ``all``)
    for the support courses; ``page``. Reading rows with names is logged per citizen.
    """
    user, municipality_id = signed_in(request)
    today = dates.today()
    query = request.GET
    year, year_error = chosen_year(query, today)
    month = parse_int(query.get("month"), low=1, high=12)
    support = query.get("support", "")
    context: dict[str, Any] = {"year": year, "year_error": year_error, "today": today}
    if support:
        method = support if support in METHOD_LABELS else None
        data = selectors.support_figures(municipality_id, year=year, today=today, method=method)
        lines: list[Any] = data.lines
        context.update(support=data, method_label=METHOD_LABELS.get(support, "alle forløb"))
        template = "economy/course_rows.html"
    else:
        external = {"1": True, "0": False}.get(query.get("external", ""))
        shelter_pk = parse_int(query.get("shelter"), low=1, high=2**31 - 1)
        rows = selectors.stay_rows(
            municipality_id,
            year=year,
            month=month,
            today=today,
            shelter_pk=shelter_pk,
            external=external,
        )
        lines = rows.lines
        context.update(rows=rows)
        template = "economy/stay_rows.html"
    page = Paginator(lines, ROWS_PER_PAGE).get_page(query.get("page"))
    shown = list(page.object_list)
    names = named_citizens(user, sorted({line.citizen_pk for line in shown}))
    if names:
        audit.record_many(
            actor=user,
            action=AuditAction.VIEW,
            citizen_ids=sorted(names),
            detail={"page": "economy:stay_rows", "year": year, "month": month},
        )
    context.update(
        page=page,
        shown=[(line, names.get(line.citizen_pk)) for line in shown],
        querystring=query_without(query, "page"),
        may_see_names=allowed(user, Action.VIEW_CITIZEN),
    )
    return _private(render(request, template, context))

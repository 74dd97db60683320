"""/statistik/resultater/: the outcome measures, each with its definition and its citizens.

The index and a measure's page show counts only. The page of the citizens behind a measure
names them (case workers and managers) or shows their pseudonyms (economists), and writes one
audit entry naming every citizen shown. Every figure is the municipality's, as of today.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.accounts.policy import Action, allowed, citizens_for, policy
from hjemvej.core import dates
from hjemvej.core.law import current_parameters, used_values
from hjemvej.core.paging import PAGE_PARAMETER, page_links
from hjemvej.stats import outcomes
from hjemvej.stats.outcomes import BY_SLUG, STATUS_TEXTS, TEXTS, Figure, MeasureText, Period

ROWS_PER_PAGE = 100
#: The query parameter that narrows the citizens to those counted in one figure.
GROUP_PARAMETER = "gruppe"


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def _scope(request: HttpRequest) -> tuple[User, int]:
    """Return the user and their municipality; a user without one has no statistics (404)."""
    user = request.user
    assert isinstance(user, User)  # @policy lets only signed-in users through
    if user.municipality_id is None:
        raise Http404("Brugeren er ikke knyttet til en kommune.")
    return user, user.municipality_id


def _year(query: QueryDict, municipality_id: int, today: date) -> dict[str, Any]:
    """Return the chosen year (default: the last with a counted day), the choices and an error."""
    last = (today - timedelta(days=1)).year
    earliest = outcomes.first_counted_year(current_parameters())
    first = min(max(outcomes.first_year(municipality_id, default=last), earliest), last)
    raw = query.get("year", "").strip()
    year, error = last, ""
    if raw:
        if raw.isdigit() and earliest <= int(raw) <= last:
            year = int(raw)
        else:
            error = f"Vælg et år mellem {first} og {last}."
    return {
        "year": year,
        "year_error": error,
        "years": list(range(min(first, year), last + 1)),
        "period": Period(year, today),
        "today": today,
    }


def _figures(figures: tuple[Figure, ...]) -> list[dict[str, Any]]:
    """Return the figures as the pages show them: value, count, base and what the status means."""
    return [
        {
            "figure": f,
            "value": outcomes.value_text(f),
            "note": STATUS_TEXTS[f.status],
            "counted": f.count is not None and f.status != outcomes.NO_BASE,
        }
        for f in figures
    ]


def _measure(slug: str) -> MeasureText:
    text = BY_SLUG.get(slug)
    if text is None:
        raise Http404("Ukendt resultatmål.")
    return text


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    """Show every outcome measure of the year: the figures, counts only."""
    _, municipality_id = _scope(request)
    context = _year(request.GET, municipality_id, dates.today())
    found = outcomes.results(
        municipality_id,
        year=context["year"],
        as_of=context["today"],
        params=current_parameters(),
    )
    context["measures"] = [(text, _figures(found[text.key].figures)) for text in TEXTS]
    return _private(render(request, "stats/outcomes.html", context))


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def measure(request: HttpRequest, measure: str) -> HttpResponse:
    """Show one measure: its figures, its definition and the windows it used; counts only."""
    text = _measure(measure)
    _, municipality_id = _scope(request)
    context = _year(request.GET, municipality_id, dates.today())
    params = current_parameters()
    result = outcomes.results(
        municipality_id,
        year=context["year"],
        as_of=context["today"],
        keys=[text.key],
        params=params,
    )[text.key]
    context.update(
        text=text,
        figures=_figures(result.figures),
        used=used_values(result.used, params),
    )
    return _private(render(request, "stats/outcome.html", context))


def _names(user: User, citizen_ids: list[int]) -> dict[int, str]:
    """Return the names of those citizens the user may see by name (none for economists)."""
    if not citizen_ids or not allowed(user, Action.VIEW_CITIZEN):
        return {}
    shown = citizens_for(user).filter(pk__in=citizen_ids)
    return {c.pk: c.display_name for c in shown.only("pk", "first_name", "last_name", "alias")}


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def citizens(request: HttpRequest, measure: str) -> HttpResponse:
    """List the citizens (or stays) behind a measure; names only for roles that see them.

    ``gruppe`` narrows the list to those counted in one figure. One audit entry names every
    citizen shown on the page, by name or by pseudonym.
    """
    text = _measure(measure)
    user, municipality_id = _scope(request)
    context = _year(request.GET, municipality_id, dates.today())
    result = outcomes.results(
        municipality_id,
        year=context["year"],
        as_of=context["today"],
        keys=[text.key],
        params=current_parameters(),
    )[text.key]
    groups = {f.group: f for f in result.figures}
    group = request.GET.get(GROUP_PARAMETER, "")
    chosen = groups.get(group)
    lines = [line for line in result.lines if chosen is None or group in line.counted]
    page = Paginator(lines, ROWS_PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))
    shown = list(page.object_list)
    ids = sorted({line.citizen for line in shown})
    names = _names(user, ids)
    pseudonyms = outcomes.Records(municipality_id, context["today"]).pseudonyms(ids)
    if ids:
        audit.record_many(
            actor=user,
            action=AuditAction.VIEW,
            citizen_ids=ids,
            detail={
                "page": "stats:outcome_citizens",
                "measure": text.key,
                "year": context["year"],
            },
        )
    params = request.GET.copy()
    params.pop(PAGE_PARAMETER, None)
    context.update(
        text=text,
        columns=result.columns,
        chosen=chosen,
        group_error="Ukendt tal: alle vises." if group and chosen is None else "",
        page=page,
        page_links=page_links(page, request.path, params),
        rows=[
            {
                "citizen": line.citizen,
                "name": names.get(line.citizen, ""),
                "pseudonym": pseudonyms.get(line.citizen, ""),
                "cells": [outcomes.cell_text(cell) for cell in line.cells],
            }
            for line in shown
        ],
        may_see_names=allowed(user, Action.VIEW_CITIZEN),
    )
    return _private(render(request, "stats/outcome_citizens.html", context))

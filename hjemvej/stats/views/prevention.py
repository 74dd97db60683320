"""/statistik/forebyggelse/: citizens at risk of homelessness counted apart, and their move onto
the list (``stats.prevention``).

Counts only: no names, no pseudonyms, so no audit entry; economists see the same page.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from hjemvej.accounts.policy import Action, counted_citizens_for, policy
from hjemvej.citizens.models import RiskOfHomelessness
from hjemvej.core import dates
from hjemvej.core.formatting import danish_number
from hjemvej.core.pages import current_user
from hjemvej.stats.prevention import prevention_year


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def prevention_page(request: HttpRequest) -> HttpResponse:
    """Show a year's citizens at risk, how their risks ended, and the share onto the list."""
    citizens = counted_citizens_for(current_user(request))
    today = dates.today()
    noted = RiskOfHomelessness.objects.filter(citizen__in=citizens).values_list(
        "noted_on__year", flat=True
    )
    choices = sorted(set(noted) | {today.year}, reverse=True)
    raw = request.GET.get("aar", "").strip()
    year, year_error = today.year, ""
    if raw:
        if raw.isdigit() and int(raw) in choices:
            year = int(raw)
        else:
            year_error = f"Vælg et af årene {choices[-1]}–{choices[0]}."
    figures = prevention_year(citizens, year, as_of=today)
    share = figures.share_onto_list
    context = {
        "today": today,
        "year": year,
        "year_choices": choices,
        "year_error": year_error,
        "raw": raw,
        "figures": figures,
        "share": danish_number(share, 1) if share is not None else "",
        "partial": year == today.year,
    }
    response = render(request, "stats/prevention.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response

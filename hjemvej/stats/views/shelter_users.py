"""/statistik/brugere/: the national-style tables (Danmarks Statistik's HERFOR1–3), counts only.

Query: ``year`` (default this year) and ``boform`` (a shelter's id: its tables only). A wrong value
is named in Danish and the page falls back to this year or all shelters. No names, so no audit.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, policy
from hjemvej.core import dates
from hjemvej.stats import national
from hjemvej.stats.shelter_users import shelter_users as tables

#: The first year the page offers (the national figures begin in 2018).
FIRST_YEAR = 2018


def _number(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def shelter_users(request: HttpRequest) -> HttpResponse:
    """Show the year's persons, stays and nights by Danmarks Statistik's bands."""
    user = request.user
    assert isinstance(user, User)  # @policy lets only signed-in users through
    if user.municipality_id is None:
        raise Http404("Brugeren er ikke knyttet til en kommune.")
    on = dates.today()
    years = list(range(FIRST_YEAR, on.year + 1))
    errors: dict[str, str] = {}
    raw_year = request.GET.get("year", "")
    year = _number(raw_year)
    if year not in years:
        if raw_year.strip():
            errors["year"] = f"Vælg et år mellem {FIRST_YEAR} og {on.year}."
        year = on.year
    raw_shelter = request.GET.get("boform", "")
    shelter_id = _number(raw_shelter)
    if raw_shelter.strip() and shelter_id is None:
        errors["boform"] = "Vælg en boform fra listen."
    result = tables(user.municipality_id, year=year, as_of=on, shelter_id=shelter_id)
    if shelter_id is not None and shelter_id not in {s.shelter_id for s in result.shelters}:
        errors["boform"] = f"Kommunens borgere har ingen overnatninger på den boform i {year}."
        shelter_id = None
        result = tables(user.municipality_id, year=year, as_of=on)
    chosen = next((s for s in result.shelters if s.shelter_id == shelter_id), None)
    return render(
        request,
        "stats/shelter_users.html",
        {
            "result": result,
            "year": year,
            "years": years,
            "chosen": chosen,
            "errors": errors,
            "national": sorted(national.FIGURES, key=lambda f: (f.measure, f.year)),
        },
    )

"""/statistik/optaelling/: VIVE's count week from the list, its xlsx, and the missing answers.

The counts name no one. The list of citizens whose form would lack answers names them for those
who may see citizens (case workers, managers) and shows pseudonyms to economists; every showing
of it is one audit entry naming every citizen on the page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.citizens.selectors import named_citizens
from hjemvej.core import dates
from hjemvej.core.pages import signed_in
from hjemvej.core.paging import page_links
from hjemvej.stats import vive
from hjemvej.stats.count_week import MISSING, Week, count_week, default_week, week_of
from hjemvej.stats.count_week_xlsx import count_week_xlsx

ROWS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = vive.NATIONAL_COUNTS[0].year


class WeekForm(forms.Form):
    """The week asked for: ISO year and week number (the query's ``aar`` and ``uge``)."""

    aar = forms.IntegerField(
        label="År",
        min_value=FIRST_YEAR,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        error_messages={
            "required": "Skriv året, fx 2026.",
            "invalid": "Skriv året som et tal, fx 2026.",
            "min_value": f"VIVE har talt siden {FIRST_YEAR}: skriv {FIRST_YEAR} eller senere.",
        },
    )
    uge = forms.IntegerField(
        label="Uge",
        min_value=1,
        max_value=53,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        error_messages={
            "required": "Skriv ugen, fx 6.",
            "invalid": "Skriv ugen som et tal fra 1 til 53.",
            "min_value": "Ugen skal være et tal fra 1 til 53.",
            "max_value": "Ugen skal være et tal fra 1 til 53.",
        },
    )

    def __init__(self, *args: Any, last_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_year = last_year

    def clean_aar(self) -> int:
        year: int = self.cleaned_data["aar"]
        if year > self.last_year:
            raise forms.ValidationError(f"Vælg et år til og med {self.last_year}.")
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, number = data.get("aar"), data.get("uge")
        if year is not None and number is not None:
            try:
                data["week"] = week_of(year, number)
            except ValueError:
                self.add_error("uge", f"{year} har ingen uge {number}; året har 52 uger.")
        return data


def chosen_week(request: HttpRequest, today_year: int, default: Week) -> tuple[Week, WeekForm]:
    """Return the week asked for (the default when none or a wrong one is asked) and the form."""
    asked = "aar" in request.GET or "uge" in request.GET
    initial = {"aar": default.year, "uge": default.number}
    form = WeekForm(request.GET if asked else None, initial=initial, last_year=today_year + 1)
    if asked and form.is_valid():
        return form.cleaned_data["week"], form
    return default, form


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def count_week_page(request: HttpRequest) -> HttpResponse:
    """Show the week's count per situation and answer, and who lacks answers (audited)."""
    user, municipality_id = signed_in(request)
    today = dates.today()
    week, form = chosen_week(request, today.year, default_week(today))
    result = count_week(municipality_id, week, today=today)
    page = Paginator(result.missing, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    names = named_citizens(user, [c.citizen_id for c in shown])
    if shown:
        audit.record_many(
            actor=user,
            action=AuditAction.VIEW,
            citizen_ids=[c.citizen_id for c in shown],
            detail={"page": "stats:count_week", "year": week.year, "week": week.number},
        )
    context = {
        "form": form,
        "week": week,
        "result": result,
        "today": today,
        "page": page,
        "pager": page_links(page, request.path, request.GET, fragment="mangler"),
        "shown": [(c, names.get(c.citizen_id)) for c in shown],
        "may_open": allowed(user, Action.VIEW_CITIZEN),
        "questions": vive.FORM_QUESTIONS,
        "missing_keys": MISSING,
        "national_counts": vive.NATIONAL_COUNTS,
    }
    return _private(render(request, "stats/count_week.html", context))


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def count_week_download(request: HttpRequest) -> HttpResponse:
    """Return the week's counts as xlsx (no names, no pseudonyms)."""
    user, municipality_id = signed_in(request)
    today = dates.today()
    week, _form = chosen_week(request, today.year, default_week(today))
    result = count_week(municipality_id, week, today=today)
    assert user.municipality is not None
    content = count_week_xlsx(result, municipality=user.municipality.name, made_on=today)
    response = HttpResponse(content, content_type=XLSX)
    name = f"vive-optaelling-{week.year}-uge-{week.number:02d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _private(response)

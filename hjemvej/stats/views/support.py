"""/statistik/stoette/: § 85 a courses and persons per year beside the nation's, and caseloads;
temporary § 107 botilbud stays per year and month beside them.

Counts only: no names, no pseudonyms, so no audit entry.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from hjemvej.accounts.policy import Action, policy
from hjemvej.core import charts, dates
from hjemvej.core.formatting import MONTHS
from hjemvej.core.pages import signed_in
from hjemvej.stats import support_numbers as numbers
from hjemvej.stats.support_numbers import CaseloadMonth

NATIONAL_YEAR = max(numbers.NATIONAL)


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def support_page(request: HttpRequest) -> HttpResponse:
    """Show courses and persons per method and year, the nation's, and caseloads by month."""
    _user, municipality_id = signed_in(request)
    today = dates.today()
    years = numbers.per_year(municipality_id, today=today)
    botilbud_years = numbers.botilbud_per_year(municipality_id, today=today)
    choices = sorted(
        {y.year for y in years} | {y.year for y in botilbud_years} | {today.year}, reverse=True
    )
    raw = request.GET.get("aar", "").strip()
    year, year_error = today.year, ""
    if raw:
        if raw.isdigit() and int(raw) in choices:
            year = int(raw)
        else:
            year_error = f"Vælg et af årene {choices[-1]}–{choices[0]}."
    months = numbers.caseload_by_month(municipality_id, year, today=today)
    person_columns = [*numbers.HOUSING_FIRST, numbers.ALL_HOUSING_FIRST, numbers.SEL85]
    context = {
        "today": today,
        "years": years,
        "person_headers": [numbers.LABELS[k] for k in person_columns],
        "person_rows": [(y, [y.persons[k] for k in person_columns]) for y in years],
        "course_headers": [numbers.LABELS[k] for k in numbers.METHODS],
        "course_rows": [(y, [y.courses[k] for k in numbers.METHODS]) for y in years],
        "by_method": [
            (numbers.LABELS[k], k, [(m, m.methods[i]) for m in months])
            for i, k in enumerate(numbers.METHODS)
        ],
        "botilbud_years": botilbud_years,
        "national_year": NATIONAL_YEAR,
        "national": numbers.beside_national(years, NATIONAL_YEAR),
        "national_source": numbers.NATIONAL_SOURCE,
        "year": year,
        "year_choices": choices,
        "year_error": year_error,
        "months": months,
        "chart": _chart(months, year),
        "limits": months[-1].methods if months else [],
    }
    response = render(request, "stats/support.html", context)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _chart(months: list[CaseloadMonth], year: int) -> dict[str, str] | None:
    """Return the largest caseload per method as % of its limit by month (SVG and alt text)."""
    limited = [m.method for m in months[0].methods if m.limit.limit] if months else []
    if not limited:
        return None
    series = [
        charts.Series(
            numbers.LABELS[method],
            [
                next(x for x in m.methods if x.method == method).percent_of_limit or 0
                for m in months
            ],
        )
        for method in limited
    ]
    series.append(charts.Series("Grænsen (100 %)", [100] * len(months)))
    partial = [i for i, m in enumerate(months) if m.partial]
    figure = charts.line_chart(
        [charts.month_label(m.month, year=False) for m in months],
        series,
        title=f"Største sagsstamme i forhold til grænsen, {year}",
        unit="percent",
        partial=partial,
        partial_label="Åben markør: måneden til i dag",
    )
    peaks = []
    for s in series[:-1]:
        top = max(range(len(months)), key=lambda i: float(s.values[i]))
        peaks.append(f"{s.label} højst {s.values[top]} % i {MONTHS[months[top].month.month - 1]}")
    alt = (
        f"Linjediagram over {year}: for hver metode den største sagsstamme pr. medarbejder i "
        f"procent af grænsen, måned for måned; over 100 % er over grænsen. "
        + "; ".join(peaks)
        + ". Tallene står i tabellen under diagrammet."
    )
    return {"url": charts.data_uri(charts.render_svg(figure), "image/svg+xml"), "alt": alt}

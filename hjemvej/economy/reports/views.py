"""The managers' dashboard and the council report (PDF, xlsx)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hjemvej.accounts.policy import Action, policy
from hjemvej.core import dates
from hjemvej.economy.reports import content, graphics, selectors
from hjemvej.economy.reports.texts import READING_TEXTS

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@policy(Action.VIEW_ECONOMY)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show cost, reimbursement, net cost, full-year persons, trends and what drives the costs."""
    municipality = request.user.municipality  # type: ignore[union-attr]
    if municipality is None:
        raise PermissionDenied
    today = dates.today()
    context: dict[str, object] = {"today": today, "municipality": municipality}
    try:
        board = selectors.dashboard(municipality, today=today)
    except ValueError as exc:  # a shelter without a rate on a day of a stay, a missing parameter
        context["problem"] = str(exc)
        return render(request, "economy/reports/dashboard.html", context, status=200)
    cost_chart = graphics.monthly_cost(board.months)
    persons_chart = graphics.monthly_persons(board.months)
    readings = board.overview.readings
    context.update(
        board=board,
        charts=[
            (cost_chart, cost_chart.svg_uri()),
            (persons_chart, persons_chart.svg_uri()),
        ],
        readings=[
            READING_TEXTS["window"][readings.window],
            READING_TEXTS["cap"][readings.cap],
            READING_TEXTS["days"][readings.days],
        ],
        report_years=[today.year, today.year - 1],
    )
    return render(request, "economy/reports/dashboard.html", context)


@policy(Action.VIEW_ECONOMY)
def report(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """Return the council report for the year as PDF or xlsx."""
    if fmt not in FORMATS:
        raise Http404("Rapporten findes som pdf eller xlsx.")
    municipality = request.user.municipality  # type: ignore[union-attr]
    if municipality is None:
        raise PermissionDenied
    today = dates.today()
    problem = content.report_year_problem(year, today)
    if problem:
        raise Http404(problem)
    document = content.council_report(municipality, year=year, as_of=today)
    if fmt == "pdf":
        from hjemvej.economy.reports.pdf import render_pdf

        data = render_pdf(document)
    else:
        from hjemvej.economy.reports.xlsx import render_xlsx

        data = render_xlsx(document)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    name = f"hjemvej-byraadsrapport-{municipality.code}-{year}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response

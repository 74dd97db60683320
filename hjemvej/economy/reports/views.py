"""The managers' dashboard and the council report (PDF, xlsx)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, policy
from hjemvej.core import dates
from hjemvej.economy.reports import content, graphics, jobs, selectors
from hjemvej.economy.reports.texts import READING_TEXTS
from hjemvej.jobs.services import job_start


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
@require_POST
def report(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """Start the council report for the year as PDF or xlsx, and show the job's page."""
    if fmt not in jobs.FORMATS:
        raise Http404("Rapporten findes som pdf eller xlsx.")
    user = request.user
    assert isinstance(user, User)
    if user.municipality is None:
        raise PermissionDenied
    today = dates.today()
    problem = content.report_year_problem(year, today)
    if problem:
        raise Http404(problem)
    job = job_start(
        user=user,
        kind=jobs.KIND,
        title=jobs.title(year, fmt),
        params={"year": year, "fmt": fmt, "as_of": today.isoformat()},
    )
    return redirect("jobs:job", pk=job.pk)

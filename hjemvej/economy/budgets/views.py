"""Budget against actuals, the budget form, and the forecast with its chart."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from hjemvej.accounts.models import Municipality, User
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.economy.budgets import charts, selectors, services
from hjemvej.economy.budgets.forms import BudgetForm
from hjemvej.economy.budgets.models import BudgetLine, Measure
from hjemvej.economy.budgets.results import MEASURES

T = TypeVar("T")
FORM_METHODS = require_http_methods(["GET", "HEAD", "POST"])
#: The measures with a chart on the forecast page, and the one shown when none is asked for.
CHARTED = (Measure.FULL_YEAR_PERSONS, Measure.NET_COST, Measure.TOTAL_NET_COST)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _municipality_id(user: User) -> int:
    """Return the user's municipality: the scope of every economy figure."""
    if user.municipality_id is None:
        raise PermissionDenied("Brugeren er ikke knyttet til en kommune.")
    return user.municipality_id


def _year(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("aar", "")
    if not raw:
        return default
    if not raw.isdigit() or not services.FIRST_YEAR <= int(raw) <= services.LAST_YEAR:
        raise Http404("Ukendt år")
    return int(raw)


@policy(Action.VIEW_ECONOMY)
@require_GET
def budget(request: HttpRequest) -> HttpResponse:
    """Show the year's budget against actuals per month, year to date and where it will land."""
    user = _user(request)
    today = dates.today()
    year = _year(request, today.year)
    try:
        comparison = selectors.budget_vs_actual(_municipality_id(user), year, today)
    except DomainError as exc:
        return _problem(request, "Budget", exc)
    return render(
        request,
        "economy/budgets/budget.html",
        {
            "comparison": comparison,
            "year": year,
            "today": today,
            "previous_year": year - 1,
            "next_year": year + 1,
            "may_edit": allowed(user, Action.MANAGE_ECONOMY),
        },
    )


def _problem(request: HttpRequest, title: str, exc: DomainError) -> HttpResponse:
    """Show why the figures cannot be computed (a data or parameter problem to fix)."""
    return render(request, "economy/budgets/problem.html", {"title": title, "message": exc.message})


def _stored(municipality_id: int, year: int) -> dict[str, dict[int | None, Decimal]]:
    amounts: dict[str, dict[int | None, Decimal]] = {}
    for line in BudgetLine.objects.filter(municipality_id=municipality_id, year=year):
        amounts.setdefault(line.measure, {})[line.month] = line.amount
    return amounts


def _attempt(form: BudgetForm, action: Callable[[], T]) -> T | None:
    try:
        return action()
    except DomainError as exc:
        form.add_domain_error(exc)
        return None


@policy(Action.MANAGE_ECONOMY)
@never_cache
@FORM_METHODS
def budget_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Enter the year's budget: per measure twelve months or a year total."""
    user = _user(request)
    municipality_id = _municipality_id(user)
    if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
        raise Http404("Ukendt år")
    form = BudgetForm(
        request.POST or None, initial=BudgetForm.initial_from(_stored(municipality_id, year))
    )
    if request.method == "POST" and form.is_valid():
        municipality = Municipality.objects.get(pk=municipality_id)
        changed = _attempt(
            form,
            lambda: services.budget_year_set(
                actor=user, municipality=municipality, year=year, budgets=form.budgets()
            ),
        )
        if changed is not None:
            text = f"Budgettet for {year} er gemt." if changed else "Budgettet er uændret."
            messages.success(request, text)
            return redirect(f"{reverse('economy:budget')}?aar={year}")
    return render(
        request,
        "economy/budgets/budget_edit.html",
        {
            "form": form,
            "year": year,
            "cancel_url": f"{reverse('economy:budget')}?aar={year}",
        },
    )


@policy(Action.VIEW_ECONOMY)
@require_GET
def forecast(request: HttpRequest) -> HttpResponse:
    """Show the forecast to the end of the year and two more years, with its chart and tables."""
    user = _user(request)
    today = dates.today()
    try:
        result = selectors.forecast_for(_municipality_id(user), today)
    except DomainError as exc:
        return _problem(request, "Prognose", exc)
    return render(
        request,
        "economy/budgets/forecast.html",
        {
            "result": result,
            "today": today,
            "charts": [
                {
                    "measure": measure,
                    "url": f"{reverse('economy:forecast_chart')}?maal={measure}",
                    "alt": charts.alt_text(result, measure),
                }
                for measure in CHARTED
                if not result.months or result.months[0].has(measure)
            ],
            "measures": MEASURES,
        },
    )


@policy(Action.VIEW_ECONOMY)
@require_GET
def forecast_chart(request: HttpRequest) -> HttpResponse:
    """Serve the forecast chart of one measure (``?maal=``) as SVG."""
    user = _user(request)
    measure = request.GET.get("maal", Measure.FULL_YEAR_PERSONS)
    if measure not in charts.CHARTS:
        raise Http404("Ukendt graf")
    try:
        result = selectors.forecast_for(_municipality_id(user), dates.today())
    except DomainError as exc:
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    if result.months and not result.months[0].has(measure):
        raise Http404("Prognosen har ingen tal for grafen")
    response = HttpResponse(charts.forecast_svg(result, measure), content_type="image/svg+xml")
    return response

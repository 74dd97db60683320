"""/statistik/listen/: the list over time, its xlsx, and the managers' targets for the list.

Counts only, no names: the pages read no citizen's data one by one, so nothing is written to the
audit log for reading them; a change of a target is logged as the change of a setting.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts.models import Municipality
from hjemvej.accounts.policy import Action, allowed, counted_citizens_for, policy
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user, form_page
from hjemvej.stats import services
from hjemvej.stats.flows.forms import ListTargetsForm, MonthRangeForm, month_value
from hjemvej.stats.flows.page import FlowsView, first_month, flows_view
from hjemvej.stats.flows.xlsx import render_xlsx
from hjemvej.stats.models import ListTarget

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _municipality(request: HttpRequest) -> Municipality:
    municipality = current_user(request).municipality
    if municipality is None:
        raise PermissionDenied
    return municipality


def _chosen(request: HttpRequest, today: date) -> tuple[MonthRangeForm, FlowsView]:
    municipality = _municipality(request)
    citizens = counted_citizens_for(current_user(request))
    form = MonthRangeForm(request.GET or None, first=first_month(citizens, today), today=today)
    first, last = form.months()
    view = flows_view(
        citizens, municipality_id=municipality.pk, first=first, last=last, today=today
    )
    return form, view


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def flows(request: HttpRequest) -> HttpResponse:
    """Show the list month by month: on it, in and out by reason, the splits and the targets."""
    today = dates.today()
    form, view = _chosen(request, today)
    response = render(
        request,
        "stats/flows.html",
        {
            "form": form,
            "view": view,
            "today": today,
            "municipality": _municipality(request),
            "can_set_targets": allowed(current_user(request), Action.MANAGE_LIST_TARGETS),
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def flows_xlsx(request: HttpRequest) -> HttpResponse:
    """Download the months chosen as xlsx (seconds at most: made while the user waits)."""
    today = dates.today()
    form, view = _chosen(request, today)
    if form.errors:
        return redirect(f"{reverse('stats:flows')}?{request.GET.urlencode()}")
    municipality = _municipality(request)
    first, last = view.months[0].month, view.months[-1].month
    name = f"hjemvej-listen-{municipality.code}-{month_value(first)}-{month_value(last)}.xlsx"
    response = HttpResponse(render_xlsx(view, municipality=municipality.name), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@policy(Action.MANAGE_LIST_TARGETS)
@never_cache
@FORM_METHODS
def flows_targets(request: HttpRequest) -> HttpResponse:
    """Let a manager set, change or remove the municipality's targets for the list."""
    user = current_user(request)
    municipality = _municipality(request)
    today = dates.today()
    initial: dict[str, object] = {}
    for target in ListTarget.objects.filter(municipality=municipality):
        initial[f"{target.measure}_target"] = target.target
        initial[f"{target.measure}_by_date"] = target.by_date
    form = ListTargetsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.list_targets_set(
                actor=user, municipality=municipality, targets=form.targets(), today=today
            ),
        )
        if saved is not None:
            messages.success(request, "Målene for listen er gemt.")
            return redirect("stats:flows")
    return form_page(
        request,
        form,
        title=f"Mål for listen i {municipality.name}",
        intro=(
            "Et mål er et antal borgere, som listen højst skal tælle senest en dato, fx 0 "
            "langvarigt hjemløse (»funktionelt nul«). Målet står som en linje i grafen over "
            "listen og som en sætning over den."
        ),
        cancel_url=reverse("stats:flows"),
    )

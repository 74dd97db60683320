"""Prevention: the citizens at risk of homelessness, and a citizen's risks recorded and ended."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.citizens import prevention
from hjemvej.citizens.forms.prevention import RiskAddForm, RiskEndForm
from hjemvej.citizens.models import RiskOfHomelessness
from hjemvej.citizens.selectors import risks_for
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user, form_page, to_page


@policy(Action.VIEW_AT_RISK)
@require_http_methods(["GET", "HEAD"])
def at_risk_list(request: HttpRequest) -> HttpResponse:
    """List the risks of homelessness of the citizens the user may see, the open ones first.

    The citizens are shown by name, so each one shown is logged as a read.
    """
    user = current_user(request)
    risks = list(risks_for(user))
    open_risks = [r for r in risks if r.ended_on is None]
    ended = [r for r in risks if r.ended_on is not None]
    citizen_ids = sorted({r.citizen_id for r in risks})
    if citizen_ids:
        audit.record_many(
            actor=user,
            action=AuditAction.VIEW,
            citizen_ids=citizen_ids,
            detail={"page": "citizens:at_risk"},
        )
    response = render(
        request,
        "citizens/at_risk.html",
        {
            "open_risks": open_risks,
            "ended": ended,
            "today": dates.today(),
            "may_create": allowed(user, Action.EDIT_CITIZEN),
        },
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def risk_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the citizen is at risk of homelessness."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = RiskAddForm(request.POST or None, initial={"noted_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        risk = attempt(
            form,
            lambda: prevention.risk_add(
                actor=user,
                citizen=citizen,
                kind=data["kind"],
                noted_on=data["noted_on"],
                expected_on=data["expected_on"],
                note=data["note"],
                today=today,
            ),
        )
        if risk is not None:
            return to_page(request, citizen, "Risikoen for hjemløshed er registreret.")
    return form_page(request, form, title="Risiko for hjemløshed", citizen=citizen)


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def risk_end(request: HttpRequest, pk: int, homelessness_risk_pk: int) -> HttpResponse:
    """End a risk of homelessness with its outcome (a situation ends it by itself)."""
    citizen = scoped_citizen(request, pk)
    risk = get_object_or_404(RiskOfHomelessness, pk=homelessness_risk_pk, citizen=citizen)
    risk.citizen = citizen
    user = current_user(request)
    today = dates.today()
    form = RiskEndForm(request.POST or None, initial={"ended_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ended = attempt(
            form,
            lambda: prevention.risk_end(
                actor=user,
                risk=risk,
                ended_on=data["ended_on"],
                outcome=data["outcome"],
                today=today,
            ),
        )
        if ended is not None:
            return to_page(request, citizen, "Risikoen for hjemløshed er afsluttet.")
    return form_page(
        request,
        form,
        title="Afslut risiko for hjemløshed",
        citizen=citizen,
        intro=(
            f"{risk.get_kind_display()}, registreret {risk.noted_on:%d.%m.%Y}. Bliver borgeren "
            "hjemløs, så registrér en hjemløshedssituation i stedet: den afslutter risikoen."
        ),
        submit="Afslut",
    )

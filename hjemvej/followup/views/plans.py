"""Action plans from network meetings, their steps, and the shelter's stay plans."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hjemvej.accounts.policy import Action, policy, stays_for
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.core.pages import FORM_METHODS, attempt, current_user
from hjemvej.followup import services
from hjemvej.followup.forms import (
    ActionPlanForm,
    StayPlanForm,
    StepDoneForm,
    StepForm,
)
from hjemvej.followup.models import ActionPlan, PlanSection, PlanStep
from hjemvej.followup.selectors import current_action_plan
from hjemvej.followup.views.common import record_form, to_tab


@policy(Action.MANAGE_PLANS)
@never_cache
@FORM_METHODS
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the action plan made at a network meeting; it replaces the plan in force."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = ActionPlanForm(
        request.POST or None, initial={"meeting_on": today, "section": PlanSection.SEL141}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(
            form,
            lambda: services.action_plan_create(
                actor=user,
                citizen=citizen,
                section=data["section"],
                meeting_on=data["meeting_on"],
                goals=data["goals"],
                review_by=data["review_by"],
                participants=form.participants(),
                steps=form.steps(),
                today=today,
            ),
        )
        if created is not None:
            return to_tab(request, citizen, "Handleplanen er gemt.")
    return record_form(
        request,
        form,
        title="Ny handleplan",
        citizen=citizen,
        intro=(
            "Planen laves på et netværksmøde, hvor borgeren har valgt, hvem der deltager. "
            "Den nye plan erstatter den gældende."
        ),
        extra={"current_plan": current_action_plan(citizen)},
    )


@policy(Action.MANAGE_PLANS)
@never_cache
@FORM_METHODS
def step_add(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    """Add a step to a plan in force."""
    citizen = scoped_citizen(request, pk)
    plan = get_object_or_404(ActionPlan, pk=plan_pk, citizen=citizen)
    user = current_user(request)
    form = StepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(
            form,
            lambda: services.plan_step_add(
                actor=user,
                plan=plan,
                step=services.StepInput(data["text"], data["responsible"], data["due"]),
            ),
        )
        if created is not None:
            return to_tab(request, citizen, "Skridtet er tilføjet.")
    return record_form(
        request,
        form,
        title=f"Nyt skridt i handleplanen fra {plan.meeting_on:%d.%m.%Y}",
        citizen=citizen,
        extra={"current_plan": plan},
    )


@policy(Action.MANAGE_PLANS)
@require_POST
def step_done(request: HttpRequest, pk: int, plan_pk: int, step_pk: int) -> HttpResponse:
    """Mark a step done (on the day sent, else today); back to the tab."""
    citizen = scoped_citizen(request, pk)
    step = get_object_or_404(
        PlanStep.objects.select_related("plan__citizen"),
        pk=step_pk,
        plan_id=plan_pk,
        plan__citizen=citizen,
    )
    today = dates.today()
    form = StepDoneForm(request.POST or {"done_on": today.isoformat()})
    if not form.is_valid():
        messages.error(request, "Skriv datoen som dd.mm.åååå.")
        return redirect("followup:citizen", pk=citizen.pk)
    try:
        services.plan_step_done(
            actor=current_user(request),
            step=step,
            done_on=form.cleaned_data["done_on"],
            today=today,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("followup:citizen", pk=citizen.pk)
    return to_tab(request, citizen, f"Skridtet »{step.text}« er udført.")


@policy(Action.MANAGE_STAY_PLANS)
@never_cache
@FORM_METHODS
def stay_plan_create(request: HttpRequest, pk: int, stay_pk: int) -> HttpResponse:
    """Record the shelter's stay plan for a stay the user may see (shelter staff: their own)."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    stay = get_object_or_404(
        stays_for(user).select_related("shelter", "citizen"), pk=stay_pk, citizen=citizen
    )
    today = dates.today()
    form = StayPlanForm(request.POST or None, initial={"made_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(
            form,
            lambda: services.stay_plan_create(
                actor=user,
                stay=stay,
                made_on=data["made_on"],
                steps=data["steps"],
                review_by=data["review_by"],
                today=today,
            ),
        )
        if created is not None:
            return to_tab(request, citizen, "Opholdsplanen er gemt.")
    return record_form(
        request,
        form,
        title=f"Opholdsplan: {stay.shelter.name}",
        citizen=citizen,
        intro=(
            f"Ophold fra {stay.admitted:%d.%m.%Y}. Små, konkrete skridt, der følger borgerens "
            "mål i handleplanen."
        ),
        extra={"current_plan": current_action_plan(citizen), "goals_only": True},
    )

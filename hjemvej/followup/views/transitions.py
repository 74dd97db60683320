"""Critical transitions: record one, change it and its outcome, add a meeting."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user
from hjemvej.followup import services
from hjemvej.followup.forms import MeetingForm, TransitionForm
from hjemvej.followup.models import Transition, TransitionOutcome
from hjemvej.followup.views.common import record_form, to_tab


@policy(Action.MANAGE_PLANS)
@never_cache
@FORM_METHODS
def transition_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an expected release or discharge."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = TransitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = attempt(
            form,
            lambda: services.transition_create(
                actor=user, citizen=citizen, data=form.transition_data(), today=today
            ),
        )
        if created is not None:
            return to_tab(request, citizen, f"{created.get_kind_display()} er registreret.")
    return record_form(
        request,
        form,
        title="Ny kritisk overgang",
        citizen=citizen,
        intro="En løsladelse eller udskrivning, hvor borgeren ikke må ende på gaden.",
    )


@policy(Action.MANAGE_PLANS)
@never_cache
@FORM_METHODS
def transition_edit(request: HttpRequest, pk: int, transition_pk: int) -> HttpResponse:
    """Change a transition and record how the day went."""
    citizen = scoped_citizen(request, pk)
    transition = get_object_or_404(Transition, pk=transition_pk, citizen=citizen)
    user = current_user(request)
    today = dates.today()
    initial = {name: getattr(transition, name) for name in TransitionForm.base_fields}
    form = TransitionForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            form,
            lambda: services.transition_update(
                actor=user,
                transition=transition,
                data=form.transition_data(),
                today=today,
                happened_on=data["happened_on"],
                outcome=data["outcome"],
            ),
        )
        if saved is not None:
            message = "Overgangen er gemt."
            if saved.outcome == TransitionOutcome.NO_SOLUTION:
                message += " Borgeren fik ingen boligløsning: registrér den nye situation."
            return to_tab(request, citizen, message)
    return record_form(
        request, form, title=f"{transition.get_kind_display()}: ret", citizen=citizen
    )


@policy(Action.MANAGE_PLANS)
@never_cache
@FORM_METHODS
def meeting_add(request: HttpRequest, pk: int, transition_pk: int) -> HttpResponse:
    """Record a meeting that prepares the transition."""
    citizen = scoped_citizen(request, pk)
    transition = get_object_or_404(Transition, pk=transition_pk, citizen=citizen)
    user = current_user(request)
    today = dates.today()
    form = MeetingForm(request.POST or None, initial={"held_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(
            form,
            lambda: services.transition_meeting_add(
                actor=user,
                transition=transition,
                held_on=data["held_on"],
                participants=data["participants"],
                note=data["note"],
                today=today,
            ),
        )
        if created is not None:
            return to_tab(request, citizen, "Mødet er registreret.")
    return record_form(
        request,
        form,
        title=f"Møde om {transition.get_kind_display().lower()}",
        citizen=citizen,
        intro=f"Forventet dato: {transition.expected_on:%d.%m.%Y}.",
    )

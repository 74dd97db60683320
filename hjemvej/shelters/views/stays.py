"""A citizen's shelter stays: admit, discharge, correct."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, may_manage_stay_at, policy
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import (
    FORM_METHODS,
    attempt,
    current_user,
    form_page,
    to_page,
)
from hjemvej.shelters import services as shelter_services
from hjemvej.shelters.destinations import discharge_message
from hjemvej.shelters.forms import StayAdmitForm, StayDischargeForm, StayEditForm
from hjemvej.shelters.models import Stay
from hjemvej.shelters.notice_letter import notice_letter_pdf


def _scoped_stay(request: HttpRequest, citizen: Citizen, stay_pk: int) -> Stay:
    """Return the citizen's stay; 404 when it is not theirs, 403 at a shelter not the user's."""
    stay = get_object_or_404(Stay.objects.select_related("shelter"), pk=stay_pk, citizen=citizen)
    if not may_manage_stay_at(current_user(request), stay.shelter_id):
        raise PermissionDenied
    stay.citizen = citizen
    return stay


@policy(Action.MANAGE_STAYS)
@never_cache
@FORM_METHODS
def stay_admit(request: HttpRequest, pk: int) -> HttpResponse:
    """Admit the citizen to a shelter the user may manage."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = StayAdmitForm(request.POST or None, user=user, initial={"admitted": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not may_manage_stay_at(user, data["shelter"].pk):
            raise PermissionDenied
        stay = attempt(
            form,
            lambda: shelter_services.stay_admit(
                actor=user,
                citizen=citizen,
                shelter=data["shelter"],
                admitted=data["admitted"],
                today=today,
                **form.stay_fields(),
            ),
        )
        if stay is not None:
            return to_page(request, citizen, f"Borgeren er indskrevet på {stay.shelter}.")
    return form_page(request, form, title="Indskriv på boform", citizen=citizen, submit="Indskriv")


@policy(Action.MANAGE_STAYS)
@never_cache
@FORM_METHODS
def stay_discharge(request: HttpRequest, pk: int, stay_pk: int) -> HttpResponse:
    """Discharge the citizen from a stay."""
    citizen = scoped_citizen(request, pk)
    stay = _scoped_stay(request, citizen, stay_pk)
    user = current_user(request)
    today = dates.today()
    form = StayDischargeForm(request.POST or None, initial={"discharged": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            form,
            lambda: shelter_services.stay_discharge(
                actor=user,
                stay=stay,
                discharged=data["discharged"],
                today=today,
                exit_reason=data["exit_reason"],
                exit_destination=data["exit_destination"],
            ),
        )
        if done is not None:
            return to_page(request, citizen, discharge_message(done))
    return form_page(
        request,
        form,
        title=f"Udskriv fra {stay.shelter}",
        citizen=citizen,
        intro=f"Indskrevet {stay.admitted:%d.%m.%Y}.",
        submit="Udskriv",
    )


@policy(Action.MANAGE_STAYS)
@never_cache
@FORM_METHODS
def stay_edit(request: HttpRequest, pk: int, stay_pk: int) -> HttpResponse:
    """Correct a stay's dates and details."""
    citizen = scoped_citizen(request, pk)
    stay = _scoped_stay(request, citizen, stay_pk)
    user = current_user(request)
    today = dates.today()
    form = StayEditForm(
        request.POST or None,
        initial={n: getattr(stay, n) for n in shelter_services.STAY_UPDATE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            form,
            lambda: shelter_services.stay_update(
                actor=user,
                stay=stay,
                admitted=data["admitted"],
                discharged=data["discharged"],
                today=today,
                **form.stay_fields(),
            ),
        )
        if saved is not None:
            return to_page(request, citizen, "Opholdet er rettet.")
    return form_page(request, form, title=f"Ret ophold på {stay.shelter}", citizen=citizen)


@policy(Action.MANAGE_STAYS)
@never_cache
@require_http_methods(["GET", "HEAD"])
def stay_notice_letter(request: HttpRequest, pk: int, stay_pk: int) -> HttpResponse:
    """Return the notice of the admission as a letter to the acting municipality (PDF, logged)."""
    citizen = scoped_citizen(request, pk)
    stay = _scoped_stay(request, citizen, stay_pk)
    audit.record(
        actor=current_user(request),
        action=AuditAction.EXPORT,
        citizen=citizen,
        obj=stay,
        detail={"page": "citizens:stay_notice_letter", "format": "pdf"},
    )
    response = HttpResponse(
        notice_letter_pdf(stay, today=dates.today()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="underretning-{stay.pk}.pdf"'
    return response

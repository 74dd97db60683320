"""Registering and changing a citizen: create, edit, and the homelessness situations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.cache import never_cache

from hjemvej.accounts.models import Municipality
from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens import carried_cpr
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.duplicates import DuplicateSearch
from hjemvej.citizens.forms import (
    AT_RISK,
    CitizenCreateForm,
    CitizenEditForm,
    SituationAddForm,
    SituationEndForm,
)
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.prevention import citizen_create_at_risk
from hjemvej.citizens.views import duplicates
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import (
    FORM_METHODS,
    attempt,
    current_user,
    form_page,
    to_page,
)

#: The fields of "Opret borger" that describe the person, passed on to the creating service.
PERSON_FIELDS = (
    "acting_municipality",
    "cpr",
    "alias",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "phone",
    "email",
    "contact_note",
    "residence_municipality",
)


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def citizen_create(request: HttpRequest) -> HttpResponse:
    """Register a new citizen with their first homelessness situation, or at risk of one.

    Possible duplicates among the citizens the user may see are shown first (``duplicates``).
    ``?opslag=<token>`` brings the CPR number of a search that found nobody (``carried_cpr``).
    """
    user = current_user(request)
    today = dates.today()
    form = CitizenCreateForm(
        request.POST or None,
        initial={
            "acting_municipality": user.municipality_id,
            "situation_start": today,
            "noted_on": today,
        },
    )
    token = request.GET.get(carried_cpr.PARAMETER, "")
    carried = carried_cpr.carried(request.session, token, now=timezone.now())
    if carried is not None:
        carried_cpr.use_in_form(form, carried)
    municipality = form.fields["acting_municipality"]
    assert isinstance(municipality, ModelChoiceField)
    municipality.queryset = Municipality.objects.filter(pk=user.municipality_id or 0)
    municipality.empty_label = None
    shown: DuplicateSearch | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def create() -> Citizen | DuplicateSearch:
            if data["cpr"] and citizen_services.citizen_by_cpr(data["cpr"]) is not None:
                decision = duplicates.Decision()  # the service refuses a known number
            else:
                decision = duplicates.decide(
                    request,
                    page="citizen_create",
                    acting_municipality_id=data["acting_municipality"].pk,
                    today=today,
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    alias=data["alias"],
                    birth_date=data["birth_date"] or cpr_codec.birth_date(data["cpr"]),
                    may_choose=False,
                )
            if decision.show is not None:
                return decision.show
            # The person's details, the same for a citizen in homelessness and one at risk.
            person: dict[str, Any] = {name: data[name] for name in PERSON_FIELDS}
            if data["registration"] == AT_RISK:
                return citizen_create_at_risk(
                    actor=user,
                    kind=data["risk_kind"],
                    noted_on=data["noted_on"],
                    expected_on=data["expected_on"],
                    today=today,
                    confirmed_despite=decision.confirmed,
                    **person,
                ).citizen
            return citizen_services.citizen_create(
                actor=user,
                situation=data["situation"],
                situation_start=data["situation_start"],
                today=today,
                source=data["source"],
                confirmed_despite=decision.confirmed,
                **person,
            )

        result = attempt(form, create)
        if isinstance(result, Citizen):
            carried_cpr.drop(request.session, token)
            if data["registration"] == AT_RISK:
                done = f"{result.display_name} er oprettet som borger i risiko for hjemløshed."
                return to_page(request, result, done)
            return to_page(request, result, f"{result.display_name} er oprettet på listen.")
        shown = result
    intro = (
        "En borger i hjemløshed kommer på by-name-listen med den situation, borgeren er i nu. "
        "En borger i risiko for hjemløshed følges på siden Borgere i risiko og kommer ikke på "
        "listen, før borgeren får en hjemløshedssituation."
    )
    if token and carried is None:
        intro = f"{intro} {carried_cpr.EXPIRED}"
    return form_page(
        request,
        form,
        title="Opret borger",
        intro=intro,
        submit="Opret borger",
        extra=duplicates.matches_context(form, shown, admit=False),
        template=duplicates.TEMPLATE,
    )


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def citizen_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the citizen's details (the CPR number is never shown in the form)."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    initial = {
        name: getattr(citizen, name)
        for name in ("alias", "first_name", "last_name", "birth_date", "gender", "phone", "email")
    }
    initial |= {
        "contact_note": citizen.contact_note,
        "acting_municipality": citizen.acting_municipality_id,
        "residence_municipality": citizen.residence_municipality_id,
        "case_worker": citizen.case_worker_id,
    }
    form = CitizenEditForm(
        request.POST or None,
        initial=initial,
        has_cpr=citizen.has_cpr,
        municipality_id=citizen.acting_municipality_id,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in citizen_services.EDITABLE_FIELDS}

        def save() -> Citizen:
            # Before the transaction, so that a refused CPR number stays in the audit log.
            citizen_services.check_cpr_free(actor=user, cpr=data["cpr"], citizen=citizen)
            with transaction.atomic():
                fresh = Citizen.objects.select_for_update().get(pk=citizen.pk)
                updated = citizen_services.citizen_update(
                    actor=user, citizen=fresh, cpr=data["cpr"] or None, today=today, **changes
                )
                if updated.acting_municipality_id != citizen.acting_municipality_id:
                    return updated  # handed over: the old municipality's worker is released
                return citizen_services.citizen_assign_case_worker(
                    actor=user, citizen=updated, case_worker=data["case_worker"]
                )

        saved = attempt(form, save)
        if saved is not None and saved.acting_municipality_id != citizen.acting_municipality_id:
            messages.success(
                request,
                f"{saved.display_name} har nu {saved.acting_municipality.name} som handlekommune. "
                "I kan fortsat læse jeres egen del af borgerens historik.",
            )
            return redirect("citizens:across", pk=saved.pk)
        if saved is not None:
            return to_page(request, saved, "Oplysningerne er gemt.")
    return form_page(
        request, form, title=f"Ret oplysninger om {citizen.display_name}", citizen=citizen
    )


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def situation_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a new homelessness situation."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = SituationAddForm(request.POST or None, initial={"start": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = attempt(
            form,
            lambda: citizen_services.situation_add(
                actor=user,
                citizen=citizen,
                situation=data["situation"],
                start=data["start"],
                today=today,
                source=data["source"],
                note=data["note"],
            ),
        )
        if created is not None:
            return to_page(request, citizen, "Den nye situation er registreret.")
    return form_page(request, form, title="Ny hjemløshedssituation", citizen=citizen)


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def situation_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End the current situation: the citizen leaves the by-name list."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = SituationEndForm(request.POST or None, initial={"end": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def end() -> bool:
            citizen_services.situation_end(
                actor=user,
                citizen=citizen,
                end=data["end"],
                reason=data["reason"],
                today=today,
                note=data["note"],
            )
            return True

        if attempt(form, end):
            return to_page(
                request, citizen, "Situationen er afsluttet, og borgeren er gået af listen."
            )
    return form_page(
        request,
        form,
        title="Afslut situation",
        citizen=citizen,
        intro="Borgerens nuværende situation slutter, og borgeren går af by-name-listen.",
        submit="Afslut situation",
    )

"""Across municipal borders: change the acting municipality, L 130 agreements and disputes.

Case workers of the current acting municipality change the history (``Action.EDIT_CITIZEN``,
``scoped_citizen``); the municipality the citizen was handed over from reads its own part on the
cross-border page (``casefile.views.across``).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.cache import never_cache

from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens import borders
from hjemvej.citizens.forms.borders import (
    ActingChangeForm,
    AgreementAddForm,
    AgreementEndForm,
    DisputeAddForm,
    DisputeDecideForm,
    DisputeWithdrawForm,
)
from hjemvej.citizens.models import (
    ActingBasis,
    ActingMunicipalityDispute,
    ActingMunicipalityPeriod,
    Citizen,
    DisputeStatus,
)
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user, form_page, to_page


def _handed_over(request: HttpRequest, citizen: Citizen) -> HttpResponse:
    """After a handover the old municipality reads its own part on the cross-border page."""
    citizen.refresh_from_db()
    messages.success(
        request,
        f"{citizen.display_name} har nu {citizen.acting_municipality.name} som handlekommune. "
        "I kan fortsat læse jeres egen del af borgerens historik her.",
    )
    return redirect("citizens:across", pk=citizen.pk)


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def acting_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand the citizen over to another acting municipality."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = ActingChangeForm(
        request.POST or None, initial={"valid_from": today, "basis": ActingBasis.RESIDENCE}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = attempt(
            form,
            lambda: borders.citizen_acting_municipality_change(
                actor=user,
                citizen=citizen,
                municipality=data["municipality"],
                valid_from=data["valid_from"],
                basis=data["basis"],
                today=today,
                reason=data["reason"],
                decided_on=data["decided_on"],
            ),
        )
        if period is not None:
            return _handed_over(request, citizen)
    return form_page(
        request,
        form,
        title="Skift handlekommune",
        citizen=citizen,
        intro=(
            f"Borgeren har nu {citizen.acting_municipality.name} som handlekommune. Efter skiftet "
            "får den nye kommune borgerens sag; I kan læse jeres egen del af historikken "
            "(jeres perioder, de ophold I betalte og jeres kontaktnotater). Den nye kommune ser "
            "jeres kontaktnotater kun med borgerens samtykke."
        ),
        submit="Skift handlekommune",
    )


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an agreement under retssikkerhedsloven § 9, stk. 11 (L 130)."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = AgreementAddForm(request.POST or None, initial={"valid_from": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = attempt(
            form,
            lambda: borders.acting_agreement_add(
                actor=user,
                citizen=citizen,
                municipality=data["municipality"],
                valid_from=data["valid_from"],
                covers=data["covers"],
                today=today,
                decided_on=data["decided_on"],
            ),
        )
        if period is not None:
            return to_page(request, citizen, "Aftalen er registreret.")
    return form_page(
        request,
        form,
        title="Aftale om handlekommune før udskrivning (§ 9, stk. 11)",
        citizen=citizen,
        intro=(
            "Under et ophold på en boform i en anden kommune kan I aftale, at den kommune bliver "
            "handlekommune for en del af hjælpen før udskrivningen, fx så borgeren kan få bolig "
            "dér. I er fortsat handlekommune for resten; kommunen ser borgeren for den hjælp, "
            "aftalen omfatter, så længe aftalen gælder."
        ),
        submit="Registrér aftale",
    )


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def agreement_end(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """End an L 130 agreement."""
    citizen = scoped_citizen(request, pk)
    period = get_object_or_404(
        ActingMunicipalityPeriod,
        pk=period_pk,
        citizen=citizen,
        basis=ActingBasis.L130_AGREEMENT,
    )
    period.citizen = citizen
    user = current_user(request)
    today = dates.today()
    form = AgreementEndForm(request.POST or None, initial={"valid_to": today})
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: borders.acting_agreement_end(
                actor=user, period=period, valid_to=form.cleaned_data["valid_to"], today=today
            ),
        )
        if saved is not None:
            return to_page(request, citizen, "Aftalen er afsluttet.")
    return form_page(
        request, form, title="Afslut aftale (§ 9, stk. 11)", citizen=citizen, submit="Afslut"
    )


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def dispute_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a dispute with another municipality on who is acting municipality."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = DisputeAddForm(request.POST or None, initial={"brought_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dispute = attempt(
            form,
            lambda: borders.dispute_open(
                actor=user,
                citizen=citizen,
                other=data["other"],
                disputed_from=data["disputed_from"],
                brought_on=data["brought_on"],
                today=today,
            ),
        )
        if dispute is not None:
            return to_page(request, citizen, "Uenighedssagen er registreret.")
    return form_page(
        request,
        form,
        title="Uenighedssag om handlekommune",
        citizen=citizen,
        intro=(
            "Er I uenige med en anden kommune om, hvem der er handlekommune, afgør "
            "Ankestyrelsen sagen (retssikkerhedsloven § 61). Den anden kommune ser sagen og "
            "borgerens navn, så længe sagen verserer."
        ),
        submit="Registrér sag",
    )


def _open_dispute(citizen: Citizen, dispute_pk: int) -> ActingMunicipalityDispute:
    dispute = get_object_or_404(
        ActingMunicipalityDispute.objects.select_related("acting_at_start", "other"),
        pk=dispute_pk,
        citizen=citizen,
        status=DisputeStatus.OPEN,
    )
    dispute.citizen = citizen
    return dispute


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def dispute_decide(request: HttpRequest, pk: int, dispute_pk: int) -> HttpResponse:
    """Record Ankestyrelsen's decision; a decision for the other municipality hands over."""
    citizen = scoped_citizen(request, pk)
    dispute = _open_dispute(citizen, dispute_pk)
    user = current_user(request)
    today = dates.today()
    form = DisputeDecideForm(
        request.POST or None,
        dispute=dispute,
        initial={"decided_on": today, "effective_from": dispute.disputed_from},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        before = citizen.acting_municipality_id
        decided = attempt(
            form,
            lambda: borders.dispute_decide(
                actor=user,
                dispute=dispute,
                decided_for=data["decided_for"],
                decided_on=data["decided_on"],
                effective_from=data["effective_from"],
                today=today,
            ),
        )
        if decided is not None:
            if decided.decided_for_id != before:
                return _handed_over(request, citizen)
            return to_page(request, citizen, "Afgørelsen er registreret.")
    return form_page(
        request,
        form,
        title="Ankestyrelsens afgørelse",
        citizen=citizen,
        intro=(
            f"Sagen mellem {dispute.acting_at_start.name} og {dispute.other.name}, indbragt "
            f"{dispute.brought_on:%d.%m.%Y}."
        ),
        submit="Registrér afgørelse",
    )


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def dispute_withdraw(request: HttpRequest, pk: int, dispute_pk: int) -> HttpResponse:
    """Record that the dispute was withdrawn."""
    citizen = scoped_citizen(request, pk)
    dispute = _open_dispute(citizen, dispute_pk)
    user = current_user(request)
    form = DisputeWithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, lambda: borders.dispute_withdraw(actor=user, dispute=dispute))
        if saved is not None:
            return to_page(request, citizen, "Sagen er registreret som trukket tilbage.")
    return form_page(
        request,
        form,
        title="Træk uenighedssagen tilbage",
        citizen=citizen,
        intro=f"Sagen med {dispute.other.name}, indbragt {dispute.brought_on:%d.%m.%Y}.",
        submit="Træk tilbage",
    )

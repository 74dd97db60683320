"""A citizen's consents to share information: record and withdraw."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.forms import ConsentAddForm, ConsentWithdrawForm
from hjemvej.citizens.models import Consent
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import (
    FORM_METHODS,
    attempt,
    current_user,
    form_page,
    to_page,
)


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the citizen's consent to share information."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = ConsentAddForm(request.POST or None, initial={"given_on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        consent = attempt(
            form,
            lambda: citizen_services.consent_add(
                actor=user,
                citizen=citizen,
                recipient=data["recipient"],
                scope=data["scope"],
                given_on=data["given_on"],
                today=today,
                kind=data["kind"],
            ),
        )
        if consent is not None:
            return to_page(request, citizen, "Samtykket er registreret.")
    return form_page(request, form, title="Nyt samtykke", citizen=citizen)


@policy(Action.EDIT_CITIZEN)
@never_cache
@FORM_METHODS
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    """Record that the citizen withdrew a consent."""
    citizen = scoped_citizen(request, pk)
    consent = get_object_or_404(Consent, pk=consent_pk, citizen=citizen)
    consent.citizen = citizen
    user = current_user(request)
    form = ConsentWithdrawForm(request.POST or None, initial={"withdrawn_on": dates.today()})
    if consent.withdrawn_on is not None and request.method == "POST":
        form.is_valid()
        form.add_error(None, "Samtykket er allerede trukket tilbage.")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = attempt(
            form,
            lambda: citizen_services.consent_withdraw(
                actor=user, consent=consent, withdrawn_on=data["withdrawn_on"]
            ),
        )
        if saved is not None:
            return to_page(request, citizen, "Samtykket er trukket tilbage.")
    return form_page(
        request,
        form,
        title="Træk samtykke tilbage",
        citizen=citizen,
        intro=(
            f"Samtykke til {consent.recipient}: {consent.scope} "
            f"(givet {consent.given_on:%d.%m.%Y})."
        ),
        submit="Træk tilbage",
    )

"""A citizen's temporary § 107 botilbud stays: add and edit (ending one is giving its end)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.cache import never_cache

from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user, form_page
from hjemvej.support.botilbud import botilbud_stay_add, botilbud_stay_update
from hjemvej.support.forms import BotilbudForm
from hjemvej.support.models import BotilbudStay
from hjemvej.support.views.courses import to_support

INTRO = (
    "Et midlertidigt botilbud efter § 107, som borgeren kommer i direkte fra en boform efter "
    "§ 110, kan give statsrefusion efter § 176 a: af udgiften til botilbuddet, når det blev "
    "besluttet inden udskrivningen (stk. 2), og af § 85 a-støtten bagefter (stk. 1, nr. 2)."
)


def _given(form: BotilbudForm) -> dict[str, Any]:
    """Return the form's values as the services take them (no cost given: 0 kr.)."""
    data = form.cleaned_data
    names = ("provider", "decided_on", "start", "end", "note")
    return {
        **{name: data[name] for name in names},
        "monthly_cost": data["monthly_cost"] or Decimal(0),
    }


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def botilbud_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a temporary § 107 botilbud stay."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    form = BotilbudForm(request.POST or None, initial={"decided_on": today, "start": today})
    if request.method == "POST" and form.is_valid():
        stay = attempt(
            form,
            lambda: botilbud_stay_add(actor=user, citizen=citizen, today=today, **_given(form)),
        )
        if stay is not None:
            return to_support(request, citizen, "Opholdet i midlertidigt botilbud er oprettet.")
    return form_page(
        request,
        form,
        title="Nyt ophold i midlertidigt botilbud (§ 107)",
        citizen=citizen,
        intro=INTRO,
        cancel_url=reverse("support:citizen", kwargs={"pk": citizen.pk}),
    )


@policy(Action.MANAGE_COURSES)
@never_cache
@FORM_METHODS
def botilbud_edit(request: HttpRequest, pk: int, botilbud_pk: int) -> HttpResponse:
    """Change a § 107 stay; ending it is giving its end date."""
    citizen = scoped_citizen(request, pk)
    stay = get_object_or_404(BotilbudStay, pk=botilbud_pk, citizen=citizen)
    stay.citizen = citizen
    user = current_user(request)
    today = dates.today()
    form = BotilbudForm(
        request.POST or None,
        initial={name: getattr(stay, name) for name in BotilbudForm.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: botilbud_stay_update(actor=user, stay=stay, today=today, **_given(form)),
        )
        if saved is not None:
            return to_support(request, citizen, "Opholdet i midlertidigt botilbud er gemt.")
    return form_page(
        request,
        form,
        title=f"Ret ophold i midlertidigt botilbud: {stay.provider}",
        citizen=citizen,
        intro=INTRO,
        cancel_url=reverse("support:citizen", kwargs={"pk": citizen.pk}),
    )

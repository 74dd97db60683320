"""Offers, their answers, leases, move-in and move-out, and the risks to a tenancy."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.core.pages import FORM_METHODS, current_user
from hjemvej.housing import services
from hjemvej.housing.forms import (
    OfferAnswerForm,
    OfferForm,
    RiskForm,
    RiskResolveForm,
    TenancyEndForm,
    TenancyForm,
)
from hjemvej.housing.models import (
    HousingOffer,
    OfferStatus,
    Tenancy,
    TenancyRisk,
)
from hjemvej.housing.selectors import benefit_periods, capacity, offerable, warnings_for
from hjemvej.housing.selectors.capacity import oere
from hjemvej.housing.views.common import housing_form, housing_url, submitted, to_housing
from hjemvej.rules.parameters import format_kroner


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer an available dwelling; the page warns about rent and allocation rules first."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    dwellings = offerable(user)
    chosen = request.POST.get("dwelling") or request.GET.get("bolig") or ""
    form = OfferForm(
        request.POST or None,
        dwellings=dwellings,
        initial={"offered_on": today, "dwelling": chosen or None},
    )
    call = partial(services.offer_create, actor=user, citizen=citizen, today=today)
    if (offer := submitted(request, form, call)) is not None:
        return to_housing(request, citizen, f"Boligen {offer.dwelling.address} er tilbudt.")
    dwelling = dwellings.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    warnings: list[str] = []
    fine = ""
    if dwelling is not None:
        incomes = list(citizen.incomes.all())
        household = getattr(citizen, "household", None)
        panel = capacity(
            incomes=incomes,
            household=household,
            on=today,
            rent=oere(dwelling.rent_monthly + dwelling.utilities_monthly),
            rent_source="boligen",
            area_m2=dwelling.area_m2,
            dwelling=dwelling,
        )
        if panel.result is not None:
            warnings += [w.text for w in panel.result.warnings]
            left = panel.result.disposable_amount
            fine = (
                f"Huslejen med forbrug efterlader {format_kroner(left)} kr. om måneden at leve "
                f"for (budget {format_kroner(panel.result.budget)} kr.)."
            )
        elif panel.not_covered or panel.problem:
            warnings.append(panel.not_covered or panel.problem)
        warnings += [
            f"{w.text} ({w.reference})"
            for w in warnings_for(
                dwelling, benefit_periods(incomes), today, birth_date=citizen.birth_date
            )
        ]
    return housing_form(
        request,
        form,
        citizen=citizen,
        title="Tilbyd en bolig",
        submit="Tilbyd boligen",
        intro="Boligen reserveres til borgeren, indtil borgeren svarer.",
        extra={
            "warnings": warnings,
            "warning_dwelling": dwelling,
            "fine": "" if warnings else fine,
        },
    )


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def offer_answer(request: HttpRequest, pk: int, offer_pk: int) -> HttpResponse:
    """Record the citizen's answer to an offer."""
    citizen = scoped_citizen(request, pk)
    offer = get_object_or_404(
        HousingOffer.objects.select_related("dwelling"), pk=offer_pk, citizen=citizen
    )
    user = current_user(request)
    today = dates.today()
    form = OfferAnswerForm(request.POST or None, initial={"answered_on": today})
    call = partial(services.offer_answer, actor=user, offer=offer, today=today)
    if (saved := submitted(request, form, call)) is not None:
        if saved.status == OfferStatus.ACCEPTED:
            messages.success(request, "Borgeren har takket ja. Registrér lejekontrakten.")
            url = reverse("housing:tenancy_create", kwargs={"pk": citizen.pk})
            return redirect(f"{url}?tilbud={saved.pk}")
        return to_housing(request, citizen, "Svaret er registreret.")
    return housing_form(
        request,
        form,
        citizen=citizen,
        title=f"Svar på tilbud: {offer.dwelling.address}",
        submit="Gem svaret",
    )


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def tenancy_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a lease from an accepted offer, or for a dwelling outside the register."""
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    today = dates.today()
    offers = citizen.housing_offers.filter(
        status=OfferStatus.ACCEPTED, tenancy__isnull=True
    ).select_related("dwelling")
    chosen = request.GET.get("tilbud", "")
    form = TenancyForm(
        request.POST or None,
        offers=offers,
        initial={
            "offer": chosen if chosen.isdigit() else None,
            "lease_signed_on": today,
            "move_in": today,
        },
    )
    call = partial(services.tenancy_create, actor=user, citizen=citizen, today=today)
    if submitted(request, form, call) is not None:
        return to_housing(request, citizen, "Lejemålet er registreret.")
    return housing_form(request, form, citizen=citizen, title="Nyt lejemål", submit="Gem lejemålet")


def _tenancy(citizen_pk: int, tenancy_pk: int) -> Tenancy:
    return get_object_or_404(
        Tenancy.objects.select_related("citizen", "dwelling"), pk=tenancy_pk, citizen_id=citizen_pk
    )


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def tenancy_end(request: HttpRequest, pk: int, tenancy_pk: int) -> HttpResponse:
    """Record the move-out and why."""
    citizen = scoped_citizen(request, pk)
    tenancy = _tenancy(citizen.pk, tenancy_pk)
    user = current_user(request)
    today = dates.today()
    form = TenancyEndForm(request.POST or None, initial={"move_out": today})
    call = partial(services.tenancy_end, actor=user, tenancy=tenancy, today=today)
    if submitted(request, form, call) is not None:
        return to_housing(request, citizen, "Fraflytningen er registreret.")
    return housing_form(request, form, citizen=citizen, title="Fraflytning", submit="Gem")


@policy(Action.MANAGE_HOUSING)
@never_cache
@require_POST
def tenancy_housed(request: HttpRequest, pk: int, tenancy_pk: int) -> HttpResponse:
    """End the citizen's homelessness situation: the move-in day has come."""
    citizen = scoped_citizen(request, pk)
    tenancy = _tenancy(citizen.pk, tenancy_pk)
    try:
        services.tenancy_housed(actor=current_user(request), tenancy=tenancy, today=dates.today())
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(housing_url(citizen))
    return to_housing(
        request, citizen, "Borgeren er flyttet ind og er gået af listen (fået bolig)."
    )


@policy(Action.REPORT_TENANCY_RISK)
@never_cache
@FORM_METHODS
def risk_add(request: HttpRequest, pk: int, tenancy_pk: int) -> HttpResponse:
    """Record arrears, a demand, an eviction warning or a court case."""
    citizen = scoped_citizen(request, pk)
    tenancy = _tenancy(citizen.pk, tenancy_pk)
    user = current_user(request)
    today = dates.today()
    form = RiskForm(request.POST or None, initial={"noted_on": today})
    call = partial(services.tenancy_risk_add, actor=user, tenancy=tenancy, today=today)
    if (risk := submitted(request, form, call)) is not None:
        return to_housing(request, citizen, f"{risk.get_kind_display()} er registreret.")
    return housing_form(request, form, citizen=citizen, title="Risiko for lejemålet")


@policy(Action.REPORT_TENANCY_RISK)
@never_cache
@FORM_METHODS
def risk_resolve(request: HttpRequest, pk: int, risk_pk: int) -> HttpResponse:
    """Mark a risk as over."""
    citizen = scoped_citizen(request, pk)
    risk = get_object_or_404(
        TenancyRisk.objects.select_related("tenancy__citizen"),
        pk=risk_pk,
        tenancy__citizen=citizen,
    )
    user = current_user(request)
    today = dates.today()
    form = RiskResolveForm(request.POST or None, initial={"resolved_on": today})
    call = partial(services.tenancy_risk_resolve, actor=user, risk=risk, today=today)
    if submitted(request, form, call) is not None:
        return to_housing(request, citizen, "Risikoen er markeret som løst.")
    return housing_form(
        request, form, citizen=citizen, title=f"Løst: {risk.get_kind_display().lower()}"
    )

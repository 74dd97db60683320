"""The dwellings register: list with filters, one dwelling, and the landlords."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, allowed, citizens_for, policy
from hjemvej.core import dates
from hjemvej.core.pages import FORM_METHODS, attempt, current_user
from hjemvej.housing import services
from hjemvej.housing.forms import DwellingFilterForm, DwellingForm, LandlordForm
from hjemvej.housing.models import DwellingStatus
from hjemvej.housing.selectors import (
    DwellingFilters,
    area_restrictions,
    dwellings_for,
    filtered,
    landlords_for,
)
from hjemvej.housing.services import MANUAL_STATUSES
from hjemvej.housing.views.common import (
    housing_form,
    scoped_dwelling,
    scoped_landlord,
    submitted,
)

ROWS_PER_PAGE = 50
ALLOCATION_VALUES: dict[str, bool | None] = {"1": True, "0": False, "": None}


def _municipality_or_404(request: HttpRequest) -> int:
    user = current_user(request)
    if user.municipality_id is None:
        raise Http404("Brugeren er ikke knyttet til en kommune.")
    return user.municipality_id


@policy(Action.VIEW_HOUSING)
@never_cache
@require_http_methods(["GET", "HEAD"])
def dwelling_list(request: HttpRequest) -> HttpResponse:
    """List the municipality's dwellings, filtered by availability, rent, rooms and area."""
    user = current_user(request)
    form = DwellingFilterForm(request.GET or None)
    filters = DwellingFilters()
    if form.is_bound:
        form.is_valid()  # invalid fields are named and left out
        data = form.cleaned_data
        filters = DwellingFilters(
            available=bool(data.get("ledige")),
            max_total=data.get("max_husleje"),
            min_rooms=data.get("vaerelser"),
            postcode=data.get("postnummer") or "",
            allocation=ALLOCATION_VALUES.get(data.get("anvisning") or ""),
            area_status=data.get("omraade") or "",
        )
    rows = filtered(dwellings_for(user), filters)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "form": form,
        "page": page,
        "querystring": query.urlencode(),
        "may_manage": allowed(user, Action.MANAGE_HOUSING),
    }
    return render(request, "housing/dwelling_list.html", context)


@policy(Action.VIEW_HOUSING)
@never_cache
@require_http_methods(["GET", "HEAD"])
def dwelling_detail(request: HttpRequest, dwelling_pk: int) -> HttpResponse:
    """Show one dwelling, the allocation rules of its area, and its offers and leases."""
    user = current_user(request)
    dwelling = scoped_dwelling(request, dwelling_pk)
    today = dates.today()
    visible = citizens_for(user).values("pk")
    offers = list(
        dwelling.offers.filter(citizen__in=visible)
        .select_related("citizen")
        .order_by("-offered_on", "-id")
    )
    tenancies = list(
        dwelling.tenancies.filter(citizen__in=visible)
        .select_related("citizen")
        .order_by("-move_in", "-id")
    )
    # The page names the offerees and tenants: one read entry naming them all.
    audit.record_many(
        actor=user,
        action=AuditAction.VIEW,
        citizen_ids=[offer.citizen_id for offer in offers]
        + [tenancy.citizen_id for tenancy in tenancies],
        detail={"page": "housing:dwelling_detail", "dwelling": dwelling.pk},
    )
    context = {
        "dwelling": dwelling,
        "restrictions": area_restrictions(dwelling, today),
        "offers": offers,
        "tenancies": tenancies,
        "hidden_offers": dwelling.offers.exclude(citizen__in=visible).count(),
        "may_manage": allowed(user, Action.MANAGE_HOUSING),
        "may_see_housing": allowed(user, Action.VIEW_HOUSING),
    }
    return render(request, "housing/dwelling_detail.html", context)


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def dwelling_create(request: HttpRequest) -> HttpResponse:
    """Register a dwelling."""
    user = current_user(request)
    _municipality_or_404(request)
    assert user.municipality is not None
    form = DwellingForm(
        request.POST or None,
        landlords=landlords_for(user),
        initial={"status": DwellingStatus.AVAILABLE, "rooms": 1, "tenant_maintenance": "none"},
    )
    if request.method == "POST" and form.is_valid():
        municipality = user.municipality
        dwelling = attempt(
            form,
            lambda: services.dwelling_create(
                actor=user,
                municipality=municipality,
                data=form.data_for_service(),
                confirmed=form.confirmed,
            ),
        )
        if dwelling is not None:
            messages.success(request, f"Boligen {dwelling.address} er oprettet.")
            return redirect("housing:dwelling_detail", dwelling_pk=dwelling.pk)
    intro = "" if landlords_for(user).exists() else "Opret først udlejeren."
    return housing_form(
        request, form, title="Ny bolig", back_url=reverse("housing:dwelling_list"), intro=intro
    )


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def dwelling_edit(request: HttpRequest, dwelling_pk: int) -> HttpResponse:
    """Change a dwelling."""
    user = current_user(request)
    dwelling = scoped_dwelling(request, dwelling_pk)
    locked = "" if dwelling.status in MANUAL_STATUSES else dwelling.status
    form = DwellingForm(
        request.POST or None,
        landlords=landlords_for(user),
        locked_status=locked,
        # The form's fields share the model's names (the confirmation box is the form's own).
        initial={
            name: getattr(dwelling, name)
            for name in DwellingForm.base_fields
            if name not in ("landlord", DwellingForm.CONFIRM)
        }
        | {"landlord": dwelling.landlord_id},
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.dwelling_update(
                actor=user,
                dwelling=dwelling,
                data=form.data_for_service(),
                confirmed=form.confirmed,
            ),
        )
        if saved is not None:
            messages.success(request, "Boligen er gemt.")
            return redirect("housing:dwelling_detail", dwelling_pk=dwelling.pk)
    back = reverse("housing:dwelling_detail", kwargs={"dwelling_pk": dwelling.pk})
    return housing_form(request, form, title=f"Ret bolig: {dwelling.address}", back_url=back)


@policy(Action.VIEW_HOUSING)
@never_cache
@require_http_methods(["GET", "HEAD"])
def landlord_list(request: HttpRequest) -> HttpResponse:
    """List the municipality's landlords with their number of dwellings."""
    user = current_user(request)
    landlords = landlords_for(user).annotate(dwellings_count=Count("dwellings")).order_by("name")
    context = {"landlords": landlords, "may_manage": allowed(user, Action.MANAGE_HOUSING)}
    return render(request, "housing/landlord_list.html", context)


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def landlord_create(request: HttpRequest) -> HttpResponse:
    """Register a landlord (a housing organisation or another)."""
    user = current_user(request)
    _municipality_or_404(request)
    form = LandlordForm(request.POST or None)
    assert user.municipality is not None
    call = partial(services.landlord_create, actor=user, municipality=user.municipality)
    if (landlord := submitted(request, form, call)) is not None:
        messages.success(request, f"Udlejeren {landlord.name} er oprettet.")
        return redirect("housing:landlord_list")
    return housing_form(
        request, form, title="Ny udlejer", back_url=reverse("housing:landlord_list")
    )


@policy(Action.MANAGE_HOUSING)
@never_cache
@FORM_METHODS
def landlord_edit(request: HttpRequest, landlord_pk: int) -> HttpResponse:
    """Change a landlord."""
    user = current_user(request)
    landlord = scoped_landlord(request, landlord_pk)
    form = LandlordForm(
        request.POST or None,
        initial={k: getattr(landlord, k) for k in ("name", "kind", "phone", "email")},
    )
    call = partial(services.landlord_update, actor=user, landlord=landlord)
    if submitted(request, form, call) is not None:
        messages.success(request, "Udlejeren er gemt.")
        return redirect("housing:landlord_list")
    return housing_form(
        request,
        form,
        title=f"Ret udlejer: {landlord.name}",
        back_url=reverse("housing:landlord_list"),
    )

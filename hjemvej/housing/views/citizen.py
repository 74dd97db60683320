"""A citizen's housing page (payment capacity, offers, tenancies, grants) and the search."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core import dates
from hjemvej.core.pages import current_user
from hjemvej.housing.forms import CapacityForm, SearchForm
from hjemvej.housing.models import Household
from hjemvej.housing.selectors import affordable_search, benefit_periods, housing_page, no_fit

ROWS_PER_PAGE = 25


def _read(request: HttpRequest, pk: int, page: str) -> tuple[Citizen, User]:
    """Return the citizen in scope (else 404) and the user, and log the read."""
    person = scoped_citizen(request, pk)
    user = current_user(request)
    audit.record(
        actor=user, action=AuditAction.VIEW, citizen=person, obj=person, detail={"page": page}
    )
    return person, user


@policy(Action.VIEW_HOUSING)
@never_cache
@require_http_methods(["GET", "HEAD"])
def citizen(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the citizen's housing: payment capacity, offers, tenancies, loans and grants."""
    person, user = _read(request, pk, "housing:citizen")
    today = dates.today()
    form = CapacityForm(request.GET or None)
    rent = area = None
    if form.is_bound and form.is_valid():
        rent, area = form.cleaned_data["husleje"], form.cleaned_data["areal"]
    page = housing_page(user=user, citizen=person, today=today, rent=rent, area_m2=area)
    return render(request, "housing/citizen.html", {"citizen": person, "page": page, "form": form})


@policy(Action.VIEW_HOUSING)
@never_cache
@require_http_methods(["GET", "HEAD"])
def search(request: HttpRequest, pk: int) -> HttpResponse:
    """List the available dwellings the citizen can afford, with the allocation warnings."""
    person, user = _read(request, pk, "housing:search")
    today = dates.today()
    form = SearchForm(request.GET or None)
    rooms, postcode = None, ""
    if form.is_bound and form.is_valid():
        rooms, postcode = form.cleaned_data["vaerelser"], form.cleaned_data["postnummer"]
    incomes = list(person.incomes.all())
    household = Household.objects.filter(citizen=person).first()
    found = affordable_search(
        user=user,
        incomes=incomes,
        household=household,
        today=today,
        min_rooms=rooms,
        postcode=postcode,
        birth_date=person.birth_date,
    )
    page = Paginator(found.rows, ROWS_PER_PAGE).get_page(request.GET.get("side"))
    why = None
    if page.paginator.count == 0:
        why = no_fit(
            user=user,
            search=found,
            incomes=incomes,
            household=household,
            today=today,
            min_rooms=rooms,
            postcode=postcode,
            birth_date=person.birth_date,
        )
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "citizen": person,
        "form": form,
        "found": found,
        "why": why,
        "page": page,
        "lines": found.lines(list(page.object_list), benefit_periods(incomes)),
        "querystring": query.urlencode(),
        "may_offer": allowed(user, Action.MANAGE_HOUSING),
        "today": today,
    }
    return render(request, "housing/search.html", context)

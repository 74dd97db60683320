"""Shelters: residents, occupancy, admissions and discharges."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.accounts.policy import (
    Action,
    allowed,
    may_make_dst_report,
    may_manage_stay_at,
    policy,
    stays_for,
)
from hjemvej.core.dates import today
from hjemvej.core.paging import PAGE_PARAMETER, page_links
from hjemvej.shelters.models import Shelter
from hjemvej.shelters.selectors import MOVEMENT_DAYS, shelter_page, shelter_summaries

#: The movements' heading: the pager's links lead back to it.
MOVEMENTS_ID = "bevaegelser"


def _without_page(query: QueryDict) -> QueryDict:
    params = query.copy()
    params.pop(PAGE_PARAMETER, None)
    return params


@policy(Action.VIEW_SHELTERS)
def shelter_list(request: HttpRequest) -> HttpResponse:
    """List every shelter with residents tonight, occupancy and the rate in force: figures only."""
    user = cast(User, request.user)
    on = today()
    summaries = shelter_summaries(
        today=on,
        municipality_id=user.municipality_id,
        own_shelter_id=user.shelter_id if user.role == Role.SHELTER_STAFF else None,
    )
    return render(
        request,
        "shelters/shelter_list.html",
        {
            "summaries": summaries,
            "today": on,
            "residents_total": sum(s.residents for s in summaries),
            "own_total": sum(s.own_residents for s in summaries),
            "places_total": sum(s.shelter.places for s in summaries),
            "with_municipality": user.municipality_id is not None,
        },
    )


@policy(Action.VIEW_SHELTERS)
def shelter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a shelter's facts, rates, residents and movements; names only within the user's scope.

    The residents tonight are shown whole; the admissions and discharges of the last 90 days a
    page at a time (``?page=``). A name shown is a read of the citizen's data: every citizen
    shown by name is logged.
    """
    user = cast(User, request.user)
    shelter = get_object_or_404(Shelter.objects.select_related("municipality"), pk=pk)
    on = today()
    named_stays = stays_for(user) if allowed(user, Action.VIEW_RESIDENTS) else None
    page = shelter_page(
        shelter=shelter,
        today=on,
        named_stays=named_stays,
        movements_page=request.GET.get(PAGE_PARAMETER),
        municipality_id=user.municipality_id,
    )
    if page.named_citizen_ids:
        audit.record_many(
            actor=user,
            action=AuditAction.VIEW,
            citizen_ids=page.named_citizen_ids,
            detail={"page": "shelters:detail", "shelter": shelter.pk},
        )
    return render(
        request,
        "shelters/shelter_detail.html",
        {
            "page": page,
            "shelter": shelter,
            "today": on,
            "movement_days": MOVEMENT_DAYS,
            "page_links": page_links(
                page.movement_page,
                request.path,
                _without_page(request.GET),
                fragment=MOVEMENTS_ID,
            ),
            "movements_id": MOVEMENTS_ID,
            "external": user.municipality_id is not None
            and shelter.municipality_id != user.municipality_id,
            "with_municipality": user.municipality_id is not None,
            "may_see_names": named_stays is not None,
            "may_open_citizens": allowed(user, Action.VIEW_CITIZEN),
            "may_report_to_dst": may_make_dst_report(user, shelter),
            "admit_url": (
                f"{reverse('citizens:admit_new')}?boform={shelter.pk}"
                if allowed(user, Action.CREATE_CITIZEN) and may_manage_stay_at(user, shelter.pk)
                else ""
            ),
        },
    )

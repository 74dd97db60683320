"""A shelter's own system: its stays, admissions (indskrivning), discharges and notices.

The writes call the shelters' services, the same as the stay forms do (``stay_admit``,
``stay_discharge``, ``stay_update`` for the notice to the acting municipality), and so write
the same audit entries. A stay outside the token's scope is 404; a shelter the user may not
admit to or discharge from is 403 (``accounts.policy.may_manage_stay_at``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate
from ninja.params import functions as param_functions

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.accounts.policy import Action, allowed, may_manage_stay_at, stays_for
from hjemvej.api.auth import acting_user, needs
from hjemvej.api.pagination import Page, Rows
from hjemvej.api.routes.citizens import log_shown, scoped_citizen, stay_out
from hjemvej.api.schemas import MAX_ID, AdmitIn, DischargeIn, NoticeIn, StayOut, answers
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.models import Citizen, Situation, SituationSource
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.shelters import services as shelter_services
from hjemvej.shelters.models import Shelter, Stay

router = Router(tags=["ophold"])

STAY_PK = param_functions.Path(..., ge=1, le=MAX_ID, description="Opholdets id i Hjemvej.")
WHO = "Angiv borgeren: citizen (id), cpr, eller navn eller alias for en ny borger."


@router.get(
    "/ophold/", response=answers(list[StayOut]), auth=needs(Action.VIEW_CITIZENS), url_name="stays"
)
@paginate(Page)
def stays(request: HttpRequest, current: bool = False) -> Rows:
    """Opholdene nøglen må se (boformens medarbejdere: boformens), nyeste først.

    ``current=true``: kun dem, der ikke er udskrevet.
    """
    user = acting_user(request)
    rows = stays_for(user).select_related("shelter").order_by("-admitted", "-id")
    if current:
        rows = rows.filter(discharged__isnull=True)
    log_shown(request, user, "api:stays", "citizen")
    return Rows(rows, stay_out)


def _scoped_stay(user: User, pk: int) -> Stay:
    stay = get_object_or_404(stays_for(user).select_related("shelter", "citizen"), pk=pk)
    if not may_manage_stay_at(user, stay.shelter_id):
        raise PermissionDenied
    return stay


def _lookup(user: User, number: str) -> Citizen | None:
    """Find the citizen with the CPR number and log the look-up, found or not (as the page)."""
    found = citizen_services.citizen_by_cpr(number)
    audit.record(
        actor=user,
        action=AuditAction.SEARCH,
        citizen=found,
        detail={"page": "api:stay_admit", "by": "cpr", "found": found is not None},
    )
    return found


def _acting_municipality(data: AdmitIn, shelter: Shelter) -> Municipality:
    if data.acting_municipality is None:
        return shelter.municipality
    found = Municipality.objects.filter(code=data.acting_municipality).first()
    if found is None:
        raise DomainError("Der er ingen kommune med den kode.", field="acting_municipality")
    return found


@router.post(
    "/ophold/",
    response=answers(StayOut, 201),
    auth=needs(Action.MANAGE_STAYS),
    url_name="stay_admit",
)
def stay_admit(request: HttpRequest, payload: AdmitIn) -> Status[dict[str, Any]]:
    """Indskriv en borger på en boform: en kendt borger (id eller CPR-nummer) eller en ny.

    Et CPR-nummer sendes i indholdet, aldrig i adressen, og sendes aldrig tilbage. Kender
    Hjemvej ikke CPR-nummeret (eller er der intet), oprettes borgeren i situationen »Boform
    efter § 110« og indskrives, i én transaktion. Hvert opslag på CPR-nummer logges.
    """
    user = acting_user(request)
    shelter = Shelter.objects.select_related("municipality").filter(pk=payload.shelter).first()
    if shelter is None:
        raise DomainError("Der er ingen boform med det id.", field="shelter")
    if not may_manage_stay_at(user, shelter.pk):
        raise PermissionDenied
    today = dates.today()
    chosen: Citizen | None = None
    number = ""
    if payload.citizen is not None:
        chosen = scoped_citizen(user, payload.citizen)
    elif payload.cpr:
        number = cpr_codec.normalise(payload.cpr)
        chosen = _lookup(user, number)
    if chosen is None:
        if not allowed(user, Action.CREATE_CITIZEN):
            raise PermissionDenied
        if not (number or payload.alias or payload.first_name or payload.last_name):
            raise DomainError(WHO, field="citizen")
    stay_fields = {
        "stay_type": payload.stay_type.value,
        "prior_residence": payload.prior_residence.value,
        "notified_on": payload.notified_on,
    }
    with transaction.atomic():
        if chosen is None:
            chosen = citizen_services.citizen_create(
                actor=user,
                acting_municipality=_acting_municipality(payload, shelter),
                situation=Situation.SHELTER,
                situation_start=payload.admitted,
                today=today,
                cpr=number,
                alias=payload.alias,
                first_name=payload.first_name,
                last_name=payload.last_name,
                source=SituationSource.SHELTER,
            )
        stay = shelter_services.stay_admit(
            actor=user,
            citizen=chosen,
            shelter=shelter,
            admitted=payload.admitted,
            today=today,
            **stay_fields,  # type: ignore[arg-type]
        )
    return Status(201, stay_out(stay))


@router.post(
    "/ophold/{int:stay_pk}/udskrivning",
    response=answers(StayOut),
    auth=needs(Action.MANAGE_STAYS),
    url_name="stay_discharge",
)
def stay_discharge(
    request: HttpRequest, payload: DischargeIn, stay_pk: int = STAY_PK
) -> dict[str, Any]:
    """Udskriv borgeren fra opholdet: dato, udflytningsforhold og fraflytningssted."""
    user = acting_user(request)
    stay = _scoped_stay(user, stay_pk)
    done = shelter_services.stay_discharge(
        actor=user,
        stay=stay,
        discharged=payload.discharged,
        today=dates.today(),
        exit_reason=payload.exit_reason.value,
        exit_destination=payload.exit_destination.value,
    )
    return stay_out(done)


@router.post(
    "/ophold/{int:stay_pk}/underretning",
    response=answers(StayOut),
    auth=needs(Action.MANAGE_STAYS),
    url_name="stay_notice",
)
def stay_notice(request: HttpRequest, payload: NoticeIn, stay_pk: int = STAY_PK) -> dict[str, Any]:
    """Registrér underretningen af handlekommunen om indskrivningen (§ 110, stk. 6)."""
    user = acting_user(request)
    stay = _scoped_stay(user, stay_pk)
    done = shelter_services.stay_update(
        actor=user,
        stay=stay,
        admitted=stay.admitted,
        discharged=stay.discharged,
        today=dates.today(),
        notified_on=payload.notified_on,
    )
    return stay_out(done)

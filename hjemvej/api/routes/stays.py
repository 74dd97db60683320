"""A shelter's own system: its stays, admissions (indskrivning), discharges and notices.

The writes call the shelters' services, the same as the stay forms do (``stay_admit``,
``stay_discharge``, ``stay_update`` for the notice to the acting municipality), and so write
the same audit entries. A stay outside the token's scope is 404; a shelter the user may not
admit to or discharge from is 403 (``accounts.policy.may_manage_stay_at``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate
from ninja.params import functions as param_functions

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.accounts.policy import Action, allowed, citizens_for, may_manage_stay_at, stays_for
from hjemvej.api import errors
from hjemvej.api.auth import acting_user, needs
from hjemvej.api.pagination import Page, Rows
from hjemvej.api.routes.citizens import log_shown, stay_out
from hjemvej.api.schemas import (
    MAX_ID,
    AdmitIn,
    ConflictOut,
    DischargeIn,
    NoticeIn,
    StayOut,
    answers,
)
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.duplicates import (
    DuplicateSearch,
    decide,
    names_agree,
    possible_duplicates,
)
from hjemvej.citizens.models import Citizen, Situation, SituationSource
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.shelters import services as shelter_services
from hjemvej.shelters.models import Shelter, Stay

router = Router(tags=["ophold"])

STAY_PK = param_functions.Path(..., ge=1, le=MAX_ID, description="Opholdets id i Hjemvej.")
#: The admission's name in the audit log (its look-ups and the possible duplicates it shows).
PAGE = "api:stay_admit"
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
    return Rows(rows, lambda stay: stay_out(stay, user))


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
        detail={"page": PAGE, "by": "cpr", "found": found is not None},
    )
    return found


def _acting_municipality(data: AdmitIn, shelter: Shelter) -> Municipality:
    if data.acting_municipality is None:
        return shelter.municipality
    found = Municipality.objects.filter(code=data.acting_municipality).first()
    if found is None:
        raise DomainError("Der er ingen kommune med den kode.", field="acting_municipality")
    return found


#: The admission's answers: the stay (201), the decision it needs first (409), every error.
ADMIT_ANSWERS = {**answers(StayOut, 201), 409: ConflictOut}

DUPLICATES = (
    "Personen findes måske allerede i Hjemvej (candidates). Indskriv den borger, det er "
    "(citizen: id), eller indskriv en ny borger alligevel (confirmed_despite: de viste id'er), "
    "så borgeren ikke registreres to gange."
)
CPR_MATCH_SHOWN = (
    "Hjemvej kender en borger med dette CPR-nummer under et andet navn end det angivne "
    "(cpr_match). Bekræft med personen, at det er vedkommendes navn, og send "
    "confirm_cpr_match: true; ellers tjek CPR-nummeret med personen."
)
CPR_MATCH_HIDDEN = (
    "Hjemvej kender en borger med dette CPR-nummer, men ikke under det angivne navn. Tjek "
    "CPR-nummeret med personen, og send personens navn (first_name og last_name) eller alias."
)


def _conflict(
    message: str, field: str, *, candidates: list[dict[str, Any]] | None = None, match: Any = None
) -> Status[dict[str, Any]]:
    return Status(
        409,
        {
            **errors.error_body((field, message)),
            "candidates": candidates or [],
            "cpr_match": match,
        },
    )


def _cpr_conflict(
    user: User, found: Citizen, payload: AdmitIn, today: date
) -> Status[dict[str, Any]] | None:
    """Ask to confirm a known CPR number whose citizen has another name than the one given.

    As the admission page asks before it admits a citizen found by CPR number. The name is shown
    only to a user who may see the citizen, who may then confirm; anyone else confirms by giving
    the name (or alias) the citizen has, spelt as a possible duplicate would be.
    """
    if names_agree(
        found,
        first_name=payload.first_name,
        last_name=payload.last_name,
        alias=payload.alias,
        today=today,
    ):
        return None
    if not citizens_for(user).filter(pk=found.pk).exists():
        return _conflict(CPR_MATCH_HIDDEN, "cpr")
    if payload.confirm_cpr_match:
        return None
    return _conflict(
        CPR_MATCH_SHOWN, "confirm_cpr_match", match={"id": found.pk, "name": found.display_name}
    )


def _candidates(search: DuplicateSearch) -> list[dict[str, Any]]:
    return [
        {
            "id": match.citizen_id,
            "name": match.name,
            "alias": match.alias,
            "birth_year": match.birth_year,
            "reasons": list(match.reasons),
            "visible": match.visible,
        }
        for match in search.matches
    ]


def _visible(user: User, pk: int) -> Citizen | None:
    return citizens_for(user).filter(pk=pk).first()


@router.post(
    "/ophold/",
    response=ADMIT_ANSWERS,
    auth=needs(Action.MANAGE_STAYS),
    url_name="stay_admit",
)
def stay_admit(request: HttpRequest, payload: AdmitIn) -> Status[dict[str, Any]]:
    """Indskriv en borger på en boform: en kendt borger (id eller CPR-nummer) eller en ny.

    Et CPR-nummer sendes i indholdet, aldrig i adressen, og sendes aldrig tilbage. Hvert
    opslag på CPR-nummer logges. Som på siden »Indskriv borger« spørges der først (409):
    kender Hjemvej CPR-nummeret under et andet navn end det angivne, bekræftes navnet
    (``cpr_match``, ``confirm_cpr_match``); ligner en ny borger en kendt, vises de mulige
    match (``candidates``), og klienten vælger en af dem (``citizen``) eller opretter en ny
    alligevel (``confirmed_despite``). En ny borger oprettes i situationen »Boform efter
    § 110« og indskrives, i én transaktion. En takst over den sædvanlige grænse kræver
    ``confirmed``.
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
        chosen = _visible(user, payload.citizen)
        if chosen is None and not allowed(user, Action.CREATE_CITIZEN):
            raise Http404
    elif payload.cpr:
        number = cpr_codec.normalise(payload.cpr)
        chosen = _lookup(user, number)
        if chosen is not None and (asked := _cpr_conflict(user, chosen, payload, today)):
            return asked
    confirmed: tuple[int, ...] = ()
    acting: Municipality | None = None
    if chosen is None:
        if not allowed(user, Action.CREATE_CITIZEN):
            raise PermissionDenied
        if not (number or payload.alias or payload.first_name or payload.last_name):
            if payload.citizen is not None:
                raise Http404
            raise DomainError(WHO, field="citizen")
        acting = _acting_municipality(payload, shelter)
        # Outside the transaction, so that the matches shown stay in the audit log.
        search = possible_duplicates(
            user=user,
            acting_municipality_id=acting.pk,
            today=today,
            first_name=payload.first_name,
            last_name=payload.last_name,
            alias=payload.alias,
            birth_date=cpr_codec.birth_date(number) if number else None,
        )
        if payload.citizen is not None:  # one of the matches, though the user may not open it
            if payload.citizen not in search.ids:
                raise Http404
            chosen = Citizen.objects.get(pk=payload.citizen)
        else:
            decision = decide(
                user=user, search=search, page=PAGE, confirmed=payload.confirmed_despite
            )
            if decision.show is not None:
                return _conflict(
                    DUPLICATES, "confirmed_despite", candidates=_candidates(decision.show)
                )
            confirmed = decision.confirmed
    with transaction.atomic():
        if chosen is None:
            assert acting is not None
            chosen = citizen_services.citizen_create(
                actor=user,
                acting_municipality=acting,
                situation=Situation.SHELTER,
                situation_start=payload.admitted,
                today=today,
                cpr=number,
                alias=payload.alias,
                first_name=payload.first_name,
                last_name=payload.last_name,
                source=SituationSource.SHELTER,
                confirmed_despite=confirmed,
            )
        stay = shelter_services.stay_admit(
            actor=user,
            citizen=chosen,
            shelter=shelter,
            admitted=payload.admitted,
            today=today,
            stay_type=payload.stay_type.value,
            prior_residence=payload.prior_residence.value,
            notified_on=payload.notified_on,
            agreed_daily_rate=payload.agreed_daily_rate,
            own_payment=payload.own_payment.value,
            own_payment_reduced=payload.own_payment_reduced,
            own_payment_decided_on=payload.own_payment_decided_on,
            confirmed=payload.confirmed,
        )
    return Status(201, stay_out(stay, user))


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
    return stay_out(done, user)


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
    return stay_out(done, user)

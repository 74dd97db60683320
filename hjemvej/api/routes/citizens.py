"""The case system's reads: citizens in the token's scope, their stays, support courses, § 107
stays and risks of homelessness.

Every query starts from the policy's scope functions (``citizens_for``, ``stays_for``,
``courses_for``, ``botilbud_for``); a citizen outside the scope is 404, as on the pages; risks
need ``view_at_risk``, as the page of citizens at risk. Every read is logged:
one entry per page of a list, naming every citizen on it; one per citizen read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate
from ninja.params import functions as param_functions

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.accounts.policy import (
    Action,
    allowed,
    botilbud_for,
    citizens_for,
    courses_for,
    may_manage_stay_at,
    stays_for,
)
from hjemvej.api.auth import acting_user, needs
from hjemvej.api.pagination import Page, Rows
from hjemvej.api.schemas import (
    MAX_ID,
    BotilbudOut,
    CitizenOut,
    CourseOut,
    MeOut,
    RiskOut,
    StayOut,
    answers,
)
from hjemvej.casefile.selectors import listed_on
from hjemvej.citizens.models import Citizen, HomelessnessSituation, RiskOfHomelessness
from hjemvej.citizens.selectors import only_at_risk
from hjemvej.core import dates
from hjemvej.shelters.models import Stay
from hjemvej.support.models import BotilbudStay, SupportCourse

router = Router(tags=["borgere"])

#: Shelter staff see a citizen's identity and their own shelter's stays, not the list status or
#: the situation (which may be a release from prison or a hospital discharge): docs/access.md.
NO_SITUATION = frozenset({Role.SHELTER_STAFF})


def citizen_out(citizen: Citizen, user: User) -> dict[str, Any]:
    """Return the citizen as the API shows them to the user: never the CPR number.

    The facts are today's (``with_facts``), as the by-name list shows them. A citizen only at
    risk is "at_risk", not "off_list", and only to a role that follows citizens at risk (the
    page of citizens at risk, ``view_at_risk``); to others their status is not shown.
    """
    shown = user.role not in NO_SITUATION
    at_risk = bool(getattr(citizen, "api_at_risk", False))
    if at_risk and not allowed(user, Action.VIEW_AT_RISK):
        shown = False
    on_list = bool(getattr(citizen, "api_on_list", False))
    status = "at_risk" if at_risk else "on_list" if on_list else "off_list"
    return {
        "id": citizen.pk,
        "first_name": citizen.first_name,
        "last_name": citizen.last_name,
        "alias": citizen.alias,
        "acting_municipality": citizen.acting_municipality.code,
        "on_list": on_list if shown else None,
        "status": status if shown else None,
        "situation": getattr(citizen, "api_situation", None) if shown else None,
        "situation_start": getattr(citizen, "api_situation_start", None) if shown else None,
    }


def with_facts(citizens: QuerySet[Citizen], today: date) -> QuerySet[Citizen]:
    """Add today's facts: on the list (as the by-name list reads it), only at risk, the open
    situation."""
    open_now = (
        HomelessnessSituation.objects.filter(citizen=OuterRef("pk"), start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gt=today))
        .order_by("-start", "-id")
    )
    return citizens.annotate(
        api_on_list=listed_on(today),
        api_at_risk=ExpressionWrapper(only_at_risk(), output_field=BooleanField()),
        api_situation=Subquery(open_now.values("situation")[:1]),
        api_situation_start=Subquery(open_now.values("start")[:1]),
    )


def _kroner(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def stay_out(stay: Stay, user: User) -> dict[str, Any]:
    """Return the stay as the API shows it to the user.

    The payment (agreed rate, own payment) only to a user who may correct the stay, as the page
    that corrects it shows it (``may_manage_stay_at``); the citizen's page shows the others no
    agreed rate.
    """
    payment = None
    if may_manage_stay_at(user, stay.shelter_id):
        payment = {
            "agreed_daily_rate": _kroner(stay.agreed_daily_rate),
            "own_payment": stay.own_payment,
            "own_payment_reduced": _kroner(stay.own_payment_reduced),
            "own_payment_decided_on": stay.own_payment_decided_on,
        }
    return {
        "id": stay.pk,
        "citizen": stay.citizen_id,
        "shelter": stay.shelter_id,
        "shelter_name": stay.shelter.name,
        "admitted": stay.admitted,
        "discharged": stay.discharged,
        "stay_type": stay.stay_type,
        "notified_on": stay.notified_on,
        "exit_reason": stay.exit_reason,
        "exit_destination": stay.exit_destination,
        "payment": payment,
    }


def _scoped(user: User) -> QuerySet[Citizen]:
    return with_facts(citizens_for(user).select_related("acting_municipality"), dates.today())


def scoped_citizen(user: User, pk: int) -> Citizen:
    """Return the citizen if the token's user may see them, else 404 (as not existing)."""
    return get_object_or_404(_scoped(user), pk=pk)


def _log_read(user: User, citizen: Citizen, page: str) -> None:
    audit.record(actor=user, action=AuditAction.VIEW, citizen=citizen, detail={"page": page})


def log_shown(request: HttpRequest, user: User, page: str, key: str) -> None:
    """Log the page of a list when it is read: one entry naming every citizen on it.

    ``key`` is the row's field that holds the citizen's id (``id`` or ``citizen``).
    """

    def shown(items: list[dict[str, Any]]) -> None:
        ids = [int(item[key]) for item in items]
        audit.record_many(
            actor=user, action=AuditAction.VIEW, citizen_ids=ids, detail={"page": page}
        )

    request.api_shown = shown  # type: ignore[attr-defined]


PK = param_functions.Path(..., ge=1, le=MAX_ID, description="Borgerens id i Hjemvej.")


@router.get(
    "/mig", response=answers(MeOut), auth=needs(Action.SIGNED_IN), url_name="me", tags=["nøgle"]
)
def me(request: HttpRequest) -> dict[str, Any]:
    """Hvem nøglen handler som: brugernavn, rolle, kommune og boform (ingen borgerdata)."""
    user = acting_user(request)
    return {
        "username": user.get_username(),
        "role": user.role,
        "municipality": user.municipality.code if user.municipality is not None else None,
        "shelter": user.shelter_id,
    }


@router.get(
    "/borgere/",
    response=answers(list[CitizenOut]),
    auth=needs(Action.VIEW_CITIZENS),
    url_name="citizens",
)
@paginate(Page)
def citizens(request: HttpRequest, on_list: bool | None = None) -> Rows:
    """Borgerne i nøglens adgang (som borgerlisten), nyeste først; ``on_list`` filtrerer."""
    user = acting_user(request)
    rows = _scoped(user).order_by("-created_at", "-id")
    if on_list is not None and user.role not in NO_SITUATION:
        rows = rows.filter(api_on_list=on_list)  # type: ignore[misc]  # an annotation
    log_shown(request, user, "api:citizens", "id")
    return Rows(rows, lambda c: citizen_out(c, user))


@router.get(
    "/borgere/{int:pk}",
    response=answers(CitizenOut),
    auth=needs(Action.VIEW_CITIZEN),
    url_name="citizen",
)
def citizen(request: HttpRequest, pk: int = PK) -> dict[str, Any]:
    """Én borger: navn, handlekommune, status på listen og den åbne situation (aldrig CPR)."""
    user = acting_user(request)
    found = scoped_citizen(user, pk)
    _log_read(user, found, "api:citizen")
    return citizen_out(found, user)


@router.get(
    "/borgere/{int:pk}/ophold",
    response=answers(list[StayOut]),
    auth=needs(Action.VIEW_CITIZEN),
    url_name="citizen_stays",
)
@paginate(Page)
def citizen_stays(request: HttpRequest, pk: int = PK) -> Rows:
    """Borgerens ophold på boformer, som nøglen må se dem (boformens medarbejdere: egne)."""
    user = acting_user(request)
    found = scoped_citizen(user, pk)
    _log_read(user, found, "api:citizen_stays")
    stays = stays_for(user).filter(citizen=found).select_related("shelter").order_by("-admitted")
    return Rows(stays, lambda stay: stay_out(stay, user))


@router.get(
    "/borgere/{int:pk}/stoette",
    response=answers(list[CourseOut]),
    auth=needs(Action.VIEW_CITIZEN),
    url_name="citizen_courses",
)
@paginate(Page)
def citizen_courses(request: HttpRequest, pk: int = PK) -> Rows:
    """Borgerens støtteforløb, som nøglen må se dem (boformens medarbejdere: kun med samtykke)."""
    user = acting_user(request)
    found = scoped_citizen(user, pk)
    _log_read(user, found, "api:citizen_courses")
    courses: QuerySet[SupportCourse] = (
        courses_for(user).filter(citizen=found).select_related("worker").order_by("-start", "-id")
    )
    return Rows(courses, _course_out)


def _course_out(course: SupportCourse) -> dict[str, Any]:
    return {
        "id": course.pk,
        "citizen": course.citizen_id,
        "kind": course.kind,
        "decided_on": course.decided_on,
        "start": course.start,
        "end": course.end,
        "worker": course.worker.get_username() if course.worker is not None else None,
    }


@router.get(
    "/borgere/{int:pk}/botilbud",
    response=answers(list[BotilbudOut]),
    auth=needs(Action.VIEW_CITIZEN),
    url_name="citizen_botilbud",
)
@paginate(Page)
def citizen_botilbud(request: HttpRequest, pk: int = PK) -> Rows:
    """Borgerens ophold i midlertidigt botilbud (§ 107), som nøglen må se dem (som støtten)."""
    user = acting_user(request)
    found = scoped_citizen(user, pk)
    _log_read(user, found, "api:citizen_botilbud")
    stays: QuerySet[BotilbudStay] = (
        botilbud_for(user).filter(citizen=found).order_by("-start", "-id")
    )
    return Rows(stays, _botilbud_out)


def _botilbud_out(stay: BotilbudStay) -> dict[str, Any]:
    return {
        "id": stay.pk,
        "citizen": stay.citizen_id,
        "provider": stay.provider,
        "decided_on": stay.decided_on,
        "start": stay.start,
        "end": stay.end,
        "monthly_cost": _kroner(stay.monthly_cost),
    }


@router.get(
    "/borgere/{int:pk}/risici",
    response=answers(list[RiskOut]),
    auth=needs(Action.VIEW_AT_RISK),
    url_name="citizen_risks",
)
@paginate(Page)
def citizen_risks(request: HttpRequest, pk: int = PK) -> Rows:
    """Borgerens risici for hjemløshed, nyeste først (for dem, der følger borgere i risiko)."""
    user = acting_user(request)
    found = scoped_citizen(user, pk)
    _log_read(user, found, "api:citizen_risks")
    risks: QuerySet[RiskOfHomelessness] = found.risks.order_by("-noted_on", "-id")
    return Rows(risks, _risk_out)


def _risk_out(risk: RiskOfHomelessness) -> dict[str, Any]:
    return {
        "id": risk.pk,
        "citizen": risk.citizen_id,
        "kind": risk.kind,
        "noted_on": risk.noted_on,
        "expected_on": risk.expected_on,
        "ended_on": risk.ended_on,
        "outcome": risk.outcome,
    }

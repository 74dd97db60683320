"""Prevention: a citizen's risk of homelessness, recorded and ended (docs/rules.md, "Prevention").

A risk (an eviction warning, a release or discharge without housing ahead, leaving care at 18)
is a period ``[noted_on, ended_on)``. It never puts the citizen on the by-name list; a situation
does (``situation_add``), and then ends the open risk as "became homeless" (``risks_end_homeless``).

The audit entries name the record and the fields, never the kind or the outcome: a prison
release or a psychiatric discharge is crime or health data (``accounts.audit_detail``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.citizens.borders import acting_period_new
from hjemvej.citizens.creation import (
    TAKEN_CPR,
    check_cpr_free,
    check_named,
    created_detail,
    unsaved_citizen,
)
from hjemvej.citizens.models import (
    Citizen,
    Gender,
    RiskKind,
    RiskOfHomelessness,
    RiskOutcome,
)
from hjemvej.citizens.state import citizen_state_refresh
from hjemvej.core.errors import DomainError


def check_risk(
    kind: str, noted_on: date, expected_on: date | None, today: date, *, kind_field: str = "kind"
) -> None:
    """Refuse an unknown kind, a risk noted in the future or expected before it was noted."""
    if kind not in RiskKind.values:
        raise DomainError("Vælg hvilken risiko for hjemløshed der er tale om.", field=kind_field)
    if noted_on > today:
        raise DomainError("Datoen for registreringen kan ikke ligge i fremtiden.", field="noted_on")
    if expected_on is not None and expected_on < noted_on:
        raise DomainError(
            "Den forventede dato kan ikke ligge før registreringen.", field="expected_on"
        )


def risk_new(
    *,
    actor: User,
    citizen: Citizen,
    kind: str,
    noted_on: date,
    expected_on: date | None = None,
    note: str = "",
) -> RiskOfHomelessness:
    """Write a checked risk and its audit entry (inside the caller's transaction)."""
    risk = RiskOfHomelessness.objects.create(
        citizen=citizen,
        kind=kind,
        noted_on=noted_on,
        expected_on=expected_on,
        note=note.strip(),
        created_by=actor,
    )
    given = [
        "noted_on",
        *(["expected_on"] if expected_on else []),
        *(["note"] if risk.note else []),
    ]
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        citizen=citizen,
        obj=risk,
        detail={"fields": given},  # not the kind: a prison release is not logged
    )
    return risk


def risk_add(
    *,
    actor: User,
    citizen: Citizen,
    kind: str,
    noted_on: date,
    today: date,
    expected_on: date | None = None,
    note: str = "",
) -> RiskOfHomelessness:
    """Record that the citizen is at risk of homelessness from ``noted_on``."""
    check_risk(kind, noted_on, expected_on, today)
    with transaction.atomic():
        return risk_new(
            actor=actor,
            citizen=citizen,
            kind=kind,
            noted_on=noted_on,
            expected_on=expected_on,
            note=note,
        )


def _close(*, actor: User, risk: RiskOfHomelessness, ended_on: date, outcome: str) -> None:
    risk.ended_on = ended_on
    risk.outcome = outcome
    risk.save(update_fields=["ended_on", "outcome"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        citizen=risk.citizen,
        obj=risk,
        detail={"fields": ["ended_on", "outcome"]},  # not the outcome's value
    )


def risk_end(
    *, actor: User, risk: RiskOfHomelessness, ended_on: date, outcome: str, today: date
) -> RiskOfHomelessness:
    """End the risk on ``ended_on`` (the first day it no longer holds) with its outcome."""
    if risk.ended_on is not None:
        raise DomainError("Risikoen er allerede afsluttet.", field="ended_on")
    if ended_on > today:
        raise DomainError("Slutdatoen kan ikke ligge i fremtiden.", field="ended_on")
    if ended_on < risk.noted_on:
        raise DomainError("Slutdatoen ligger før risikoen blev registreret.", field="ended_on")
    if outcome not in RiskOutcome.values:
        raise DomainError("Vælg hvordan risikoen endte.", field="outcome")
    with transaction.atomic():
        _close(actor=actor, risk=risk, ended_on=ended_on, outcome=outcome)
    return risk


def risks_end_homeless(*, actor: User, citizen: Citizen, on: date) -> None:
    """End the citizen's open risks noted by ``on`` as "became homeless" (``situation_add``)."""
    for risk in citizen.risks.filter(ended_on__isnull=True, noted_on__lte=on):
        _close(actor=actor, risk=risk, ended_on=on, outcome=RiskOutcome.BECAME_HOMELESS)


def citizen_create_at_risk(
    *,
    actor: User,
    acting_municipality: Municipality,
    kind: str,
    noted_on: date,
    today: date,
    expected_on: date | None = None,
    note: str = "",
    cpr: str = "",
    alias: str = "",
    first_name: str = "",
    last_name: str = "",
    birth_date: date | None = None,
    gender: str = Gender.UNKNOWN,
    phone: str = "",
    email: str = "",
    contact_note: str = "",
    residence_municipality: Municipality | None = None,
    confirmed_despite: Sequence[int] = (),
) -> RiskOfHomelessness:
    """Register a citizen at risk of homelessness: the record and the risk, off the list.

    As ``citizen_create`` but with no situation and no list event: the citizen is followed on
    the page of citizens at risk, not counted on the by-name list. The first acting-municipality
    period begins the day the risk was noted.
    """
    check_named(cpr, alias, first_name, last_name)
    check_risk(kind, noted_on, expected_on, today, kind_field="risk_kind")
    citizen, normalised = unsaved_citizen(
        actor=actor,
        acting_municipality=acting_municipality,
        today=today,
        cpr=cpr,
        alias=alias,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        gender=gender,
        phone=phone,
        email=email,
        contact_note=contact_note,
        residence_municipality=residence_municipality,
    )
    check_cpr_free(actor=actor, cpr=normalised)
    with transaction.atomic():
        try:
            with transaction.atomic():
                citizen.save(force_insert=True)
        except IntegrityError:
            raise DomainError(TAKEN_CPR, field="cpr") from None
        acting_period_new(actor=actor, citizen=citizen, valid_from=noted_on).save()
        citizen_state_refresh(citizen)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=citizen,
            detail=created_detail(citizen, normalised, confirmed_despite),
        )
        return risk_new(
            actor=actor,
            citizen=citizen,
            kind=kind,
            noted_on=noted_on,
            expected_on=expected_on,
            note=note,
        )

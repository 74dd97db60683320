"""Prevention: a citizen's risk of homelessness, recorded and ended (docs/rules.md, "Prevention").

A risk (an eviction warning, a release or discharge without housing ahead, leaving care at 18)
is a period ``[noted_on, ended_on)``. It never puts the citizen on the by-name list; a situation
does (``situation_add``), and then ends the open risk as "became homeless" (``risks_end_homeless``).

The audit entries name the record and the fields, never the kind or the outcome: a prison
release or a psychiatric discharge is crime or health data (``accounts.audit_detail``).

Each writer has a bulk variant for the import, checked by the same functions and writing the
same records and audit entries: ``risk_build`` checks a risk (perhaps ended, as a record of its
whole history holds it) as ``risk_add`` and ``risk_end`` check one, ``risk_record`` writes one and
``risks_record_many`` many (and corrects recorded ones); ``at_risk_build`` checks a citizen at
risk as ``citizen_create_at_risk`` does and ``citizens_create_at_risk_many`` registers many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.db import IntegrityError, transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, Municipality, User
from hjemvej.citizens.borders import acting_period_new
from hjemvej.citizens.creation import (
    TAKEN_CPR,
    check_cpr_free,
    check_cprs_free,
    check_named,
    created_detail,
    unsaved_citizen,
)
from hjemvej.citizens.models import (
    ActingMunicipalityPeriod,
    Citizen,
    Gender,
    RiskKind,
    RiskOfHomelessness,
    RiskOutcome,
)
from hjemvej.citizens.state import citizen_states_refresh
from hjemvej.core.errors import DomainError

BATCH = 1000
UPDATE_BATCH = 250
#: The fields of a risk a record of its whole history gives (and a correction may change).
RISK_FIELDS = ("kind", "noted_on", "expected_on", "ended_on", "outcome", "note")

Written = TypeVar("Written", Citizen, RiskOfHomelessness)


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


def check_risk_end(noted_on: date, ended_on: date, outcome: str, today: date) -> None:
    """Refuse an end in the future or before the risk was noted, or an unknown outcome."""
    if ended_on > today:
        raise DomainError("Slutdatoen kan ikke ligge i fremtiden.", field="ended_on")
    if ended_on < noted_on:
        raise DomainError("Slutdatoen ligger før risikoen blev registreret.", field="ended_on")
    if outcome not in RiskOutcome.values:
        raise DomainError("Vælg hvordan risikoen endte.", field="outcome")


def risk_build(
    *,
    actor: User,
    citizen: Citizen,
    kind: str,
    noted_on: date,
    today: date,
    expected_on: date | None = None,
    ended_on: date | None = None,
    outcome: str = "",
    note: str = "",
    kind_field: str = "kind",
) -> RiskOfHomelessness:
    """Check a risk as ``risk_add`` (and, ended, ``risk_end``) checks one; return it unsaved."""
    check_risk(kind, noted_on, expected_on, today, kind_field=kind_field)
    if ended_on is not None:
        check_risk_end(noted_on, ended_on, outcome, today)
    elif outcome:
        raise DomainError(
            "Angiv hvornår risikoen sluttede, når udfaldet er angivet.", field="ended_on"
        )
    return RiskOfHomelessness(
        citizen=citizen,
        kind=kind,
        noted_on=noted_on,
        expected_on=expected_on,
        ended_on=ended_on,
        outcome=outcome if ended_on is not None else "",
        note=note.strip(),
        created_by=actor,
    )


def risk_created_detail(risk: RiskOfHomelessness) -> dict[str, object]:
    """Return the audit detail of a new risk: the fields given, not the kind or the outcome."""
    given = ["noted_on", *(name for name in RISK_FIELDS[2:] if getattr(risk, name))]
    return {"fields": sorted(given)}


def _risk_entries(actor: User, risks: Sequence[RiskOfHomelessness]) -> list[AuditEntry]:
    return [
        audit.unsaved(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=risk.citizen,
            obj=risk,
            detail=risk_created_detail(risk),
        )
        for risk in risks
    ]


def _insert(model: type[Written], made: Sequence[Written]) -> None:
    """Insert the records: one by one's ``save`` for one, in bulk for more (the same rows)."""
    if len(made) == 1:
        made[0].save(force_insert=True)
    else:
        model._default_manager.bulk_create(made, batch_size=BATCH)


def risks_record_many(
    *,
    actor: User,
    risks: Sequence[RiskOfHomelessness],
    corrections: Sequence[tuple[RiskOfHomelessness, RiskOfHomelessness]] = (),
) -> list[RiskOfHomelessness]:
    """Record risks checked by ``risk_build`` as ``risk_record`` would each, all or nothing.

    ``corrections`` pairs recorded risks with checked ones to give them: only the changed fields
    are written, and their names audited. The risks and the entries are written in bulk.
    """
    entries = _risk_entries(actor, risks)
    by_fields: dict[tuple[str, ...], list[RiskOfHomelessness]] = {}
    for stored, wanted in corrections:
        if stored.citizen_id != wanted.citizen_id:
            raise DomainError("Posten hører til en anden borger.", field="citizen")
        changed = sorted(n for n in RISK_FIELDS if getattr(stored, n) != getattr(wanted, n))
        if not changed:
            continue
        for name in changed:
            setattr(stored, name, getattr(wanted, name))
        by_fields.setdefault(tuple(changed), []).append(stored)
        entries.append(
            audit.unsaved(
                actor=actor,
                action=AuditAction.UPDATE,
                citizen=stored.citizen,
                obj=stored,
                detail={"fields": changed},  # the names only: never the kind or the outcome
            )
        )
    if not entries:
        return []
    with transaction.atomic():
        for names, group in by_fields.items():
            RiskOfHomelessness.objects.bulk_update(group, list(names), batch_size=UPDATE_BATCH)
        if risks:
            _insert(RiskOfHomelessness, risks)
        for entry, risk in zip(entries, risks, strict=False):
            entry.object_id = str(risk.pk)
        AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
    return list(risks)


def risk_record(
    *,
    actor: User,
    citizen: Citizen,
    kind: str,
    noted_on: date,
    today: date,
    expected_on: date | None = None,
    ended_on: date | None = None,
    outcome: str = "",
    note: str = "",
) -> RiskOfHomelessness:
    """Record one risk as a record of its whole history gives it (perhaps ended)."""
    risk = risk_build(
        actor=actor,
        citizen=citizen,
        kind=kind,
        noted_on=noted_on,
        today=today,
        expected_on=expected_on,
        ended_on=ended_on,
        outcome=outcome,
        note=note,
    )
    return risks_record_many(actor=actor, risks=[risk])[0]


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
    return risk_record(
        actor=actor,
        citizen=citizen,
        kind=kind,
        noted_on=noted_on,
        today=today,
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
    check_risk_end(risk.noted_on, ended_on, outcome, today)
    with transaction.atomic():
        _close(actor=actor, risk=risk, ended_on=ended_on, outcome=outcome)
    return risk


def risks_end_homeless(*, actor: User, citizen: Citizen, on: date) -> None:
    """End the citizen's open risks noted by ``on`` as "became homeless" (``situation_add``)."""
    for risk in citizen.risks.filter(ended_on__isnull=True, noted_on__lte=on):
        _close(actor=actor, risk=risk, ended_on=on, outcome=RiskOutcome.BECAME_HOMELESS)


@dataclass
class NewAtRisk:
    """A checked, unsaved citizen at risk and their first risk (``at_risk_build``)."""

    citizen: Citizen
    risk: RiskOfHomelessness
    cpr: str  # normalised; "" without
    confirmed_despite: Sequence[int] = ()


def at_risk_build(
    *,
    actor: User,
    acting_municipality: Municipality,
    kind: str,
    noted_on: date,
    today: date,
    expected_on: date | None = None,
    ended_on: date | None = None,
    outcome: str = "",
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
) -> NewAtRisk:
    """Check a new citizen at risk (all but whether the CPR number is free); return it unsaved.

    The first risk may be ended (an import's record of the whole history); the form's is not.
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
    risk = risk_build(
        actor=actor,
        citizen=citizen,
        kind=kind,
        noted_on=noted_on,
        today=today,
        expected_on=expected_on,
        ended_on=ended_on,
        outcome=outcome,
        note=note,
        kind_field="risk_kind",
    )
    return NewAtRisk(
        citizen=citizen, risk=risk, cpr=normalised, confirmed_despite=tuple(confirmed_despite)
    )


def _write_at_risk(citizens: Sequence[NewAtRisk], *, actor: User) -> list[RiskOfHomelessness]:
    """Insert the citizens, their first acting period and risk, refresh their state, audit."""
    made = [new.citizen for new in citizens]
    risks = [new.risk for new in citizens]
    with transaction.atomic():
        try:
            with transaction.atomic():
                _insert(Citizen, made)
        except IntegrityError:
            raise DomainError(TAKEN_CPR, field="cpr") from None
        ActingMunicipalityPeriod.objects.bulk_create(
            [
                acting_period_new(actor=actor, citizen=new.citizen, valid_from=new.risk.noted_on)
                for new in citizens
            ],
            batch_size=BATCH,
        )
        citizen_states_refresh([citizen.pk for citizen in made])
        _insert(RiskOfHomelessness, risks)
        entries: list[AuditEntry] = []
        for new, risk_entry in zip(citizens, _risk_entries(actor, risks), strict=True):
            entries.append(
                audit.unsaved(
                    actor=actor,
                    action=AuditAction.CREATE,
                    citizen=new.citizen,
                    obj=new.citizen,
                    detail=created_detail(new.citizen, new.cpr, new.confirmed_despite),
                )
            )
            entries.append(risk_entry)
        AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
    return risks


def citizens_create_at_risk_many(
    *, actor: User, citizens: Sequence[NewAtRisk], today: date
) -> list[RiskOfHomelessness]:
    """Register many checked citizens at risk as ``citizen_create_at_risk`` would each.

    All or nothing; a CPR number another citizen holds is refused as ``citizen_create_at_risk``
    refuses it (the search logged), raising ``CitizenRefused`` with the index.
    """
    if not citizens:
        return []
    check_cprs_free(actor=actor, cprs=[new.cpr for new in citizens])
    return _write_at_risk(citizens, actor=actor)


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
    new = at_risk_build(
        actor=actor,
        acting_municipality=acting_municipality,
        kind=kind,
        noted_on=noted_on,
        today=today,
        expected_on=expected_on,
        note=note,
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
        confirmed_despite=confirmed_despite,
    )
    check_cpr_free(actor=actor, cpr=new.cpr)
    return _write_at_risk([new], actor=actor)[0]

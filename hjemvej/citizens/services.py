"""Changes to citizens, their situations, consent and by-name list events.

Every function is keyword-only, runs in one transaction, validates fully, raises ``DomainError``
with a Danish message, and writes an audit entry.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.borders import citizen_acting_municipality_change
from hjemvej.citizens.checks import (
    check_list_date,
    check_list_reason,
    check_situation,
    check_situation_end,
    list_may_follow,
)
from hjemvej.citizens.creation import EDITABLE_FIELDS as EDITABLE_FIELDS  # re-exported
from hjemvej.citizens.creation import TAKEN_CPR as TAKEN_CPR  # re-exported
from hjemvej.citizens.creation import _may_be_responsible
from hjemvej.citizens.creation import check_cpr_free as check_cpr_free  # re-exported
from hjemvej.citizens.creation import citizen_create as citizen_create  # re-exported
from hjemvej.citizens.models import (
    ActingBasis,
    ByNameListEvent,
    Citizen,
    Consent,
    ConsentKind,
    HomelessnessSituation,
    ListEventKind,
    ListEventReason,
    SituationSource,
)
from hjemvej.citizens.prevention import risks_end_homeless
from hjemvej.citizens.state import citizen_state_refresh
from hjemvej.core import dates
from hjemvej.core.bounds import check_birth_date
from hjemvej.core.errors import DomainError


def citizen_by_cpr(raw_cpr: str) -> Citizen | None:
    """Return the live citizen with this CPR number, if any (exact match by keyed hash)."""
    normalised = cpr_codec.normalise(raw_cpr)
    citizen = Citizen.objects.filter(cpr_hash__in=cpr_codec.lookup_hashes(normalised)).first()
    while citizen is not None and citizen.merged_into_id is not None:
        citizen = citizen.merged_into
    return citizen


def citizen_update(
    *,
    actor: User,
    citizen: Citizen,
    cpr: str | None = None,
    today: date | None = None,
    **changes: Any,
) -> Citizen:
    """Change the citizen's details; ``cpr`` sets or replaces the CPR number.

    A changed birth date is held to its bounds on ``today`` (today in Copenhagen when None).
    A changed acting municipality is a handover from today on the basis of residence, through
    ``citizens.borders.citizen_acting_municipality_change`` (which writes its own audit entry
    and keeps the history true); the change form on the citizen's page asks for the day and basis.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(f"Ukendte felter: {', '.join(sorted(unknown))}")
    moved_to = changes.pop("acting_municipality", None)
    if moved_to is not None and moved_to.pk != citizen.acting_municipality_id:
        check_cpr_free(actor=actor, cpr=cpr or "", citizen=citizen)
        with transaction.atomic():
            citizen_acting_municipality_change(
                actor=actor,
                citizen=citizen,
                municipality=moved_to,
                valid_from=today or dates.today(),
                basis=ActingBasis.RESIDENCE,
                today=today or dates.today(),
            )
            citizen.refresh_from_db()
            return citizen_update(actor=actor, citizen=citizen, cpr=cpr, today=today, **changes)
    if "birth_date" in changes and changes["birth_date"] != citizen.birth_date:
        check_birth_date(changes["birth_date"], today or dates.today())
    changed = [name for name, value in changes.items() if getattr(citizen, name) != value]
    check_cpr_free(actor=actor, cpr=cpr or "", citizen=citizen)
    # The number's hash under every key: one under an old key (a rotation in progress) is the same.
    digests = cpr_codec.lookup_hashes(cpr_codec.normalise(cpr)) if cpr else []
    with transaction.atomic():
        for name in changed:
            setattr(
                citizen,
                name,
                value if not isinstance(value := changes[name], str) else value.strip(),
            )
        if cpr and citizen.cpr_hash not in digests:
            citizen.cpr_token = cpr_codec.encrypt(cpr_codec.normalise(cpr))
            citizen.cpr_hash = digests[0]
            changed.append("cpr")
        if not (citizen.cpr_token or citizen.alias or citizen.first_name or citizen.last_name):
            raise DomainError("Borgeren skal have CPR-nummer, navn eller et alias.", field="alias")
        if not changed:
            return citizen
        citizen.updated_at = timezone.now()
        citizen.save()
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=citizen,
            obj=citizen,
            detail={"fields": sorted(changed)},
        )
    return citizen


def citizen_assign_case_worker(
    *, actor: User, citizen: Citizen, case_worker: User | None
) -> Citizen:
    """Make a case worker of the acting municipality responsible for the citizen (or nobody)."""
    if case_worker is not None and not _may_be_responsible(
        case_worker, citizen.acting_municipality_id
    ):
        raise DomainError(
            "Vælg en aktiv sagsbehandler i borgerens handlekommune.", field="case_worker"
        )
    new_id = case_worker.pk if case_worker is not None else None
    if citizen.case_worker_id == new_id:
        return citizen
    with transaction.atomic():
        citizen.case_worker = case_worker
        citizen.updated_at = timezone.now()
        citizen.save(update_fields=["case_worker", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=citizen,
            obj=citizen,
            detail={"fields": ["case_worker"]},
        )
    return citizen


def citizen_reveal_cpr(*, actor: User, citizen: Citizen) -> str:
    """Return the full CPR number and log that it was shown."""
    if not citizen.cpr_token:
        raise DomainError("Borgeren har intet CPR-nummer.")
    value = cpr_codec.decrypt(citizen.cpr_token)
    audit.record(actor=actor, action=AuditAction.REVEAL_CPR, citizen=citizen, obj=citizen)
    return value


def situation_add(
    *,
    actor: User,
    citizen: Citizen,
    situation: str,
    start: date,
    today: date,
    source: str = SituationSource.OTHER,
    note: str = "",
) -> HomelessnessSituation:
    """Record a new situation from ``start``; the open one before it ends that day.

    The citizen's open risks of homelessness noted by ``start`` end that day as "became
    homeless" (``citizens.prevention``): the citizen is now on the list.
    """
    check_situation(situation, start, today)
    with transaction.atomic():
        # An empty period ([start, start): a same-day shelter stay) holds no day to clash with.
        later = citizen.situations.filter(start__gte=start).exclude(end=F("start")).exists()
        if later:
            raise DomainError(
                "Borgeren har allerede en situation, der begynder samme dag eller senere.",
                field="start",
            )
        citizen.situations.filter(end__isnull=True).update(end=start)
        citizen.situations.filter(end__gt=start).update(end=start)
        created = HomelessnessSituation.objects.create(
            citizen=citizen,
            situation=situation,
            start=start,
            source=source,
            note=note,
            created_by=actor,
        )
        list_ensure(actor=actor, citizen=citizen, on=start)
        citizen_state_refresh(citizen)
        audit.record(actor=actor, action=AuditAction.CREATE, citizen=citizen, obj=created)
        risks_end_homeless(actor=actor, citizen=citizen, on=start)
    return created


def situation_end(
    *, actor: User, citizen: Citizen, end: date, reason: str, today: date, note: str = ""
) -> None:
    """End the open situation (the citizen is housed or otherwise out) and leave the list."""
    check_situation_end(end, today)
    check_list_reason(ListEventKind.LEFT, reason)
    with transaction.atomic():
        current = citizen.situations.filter(end__isnull=True).first()
        if current is None:
            raise DomainError("Borgeren har ingen igangværende situation.")
        check_situation_end(end, today, start=current.start)
        current.end = end
        current.save(update_fields=["end"])
        ByNameListEvent.objects.create(
            citizen=citizen,
            date=end,
            kind=ListEventKind.LEFT,
            reason=reason,
            note=note,
            created_by=actor,
        )
        citizen_state_refresh(citizen)
        audit.record(actor=actor, action=AuditAction.UPDATE, citizen=citizen, obj=current)


def list_leave(
    *, actor: User, citizen: Citizen, on: date, reason: str, today: date, note: str = ""
) -> ByNameListEvent | None:
    """Take a citizen without an open situation off the list (e.g. housed after a discharge).

    Return None when the citizen is not on the list.
    """
    check_list_date(on, today)
    check_list_reason(ListEventKind.LEFT, reason)
    with transaction.atomic():
        if citizen.situations.filter(end__isnull=True).exists():
            raise DomainError("Afslut borgerens igangværende situation i stedet.")
        last = citizen.list_events.order_by("-date", "-id").first()
        if last is None or not list_may_follow(last.kind, ListEventKind.LEFT):
            return None
        if on < last.date:
            raise DomainError("Datoen ligger før borgeren kom på listen.", field="date")
        event = ByNameListEvent.objects.create(
            citizen=citizen,
            date=on,
            kind=ListEventKind.LEFT,
            reason=reason,
            note=note,
            created_by=actor,
        )
        citizen_state_refresh(citizen)
        audit.record(actor=actor, action=AuditAction.CREATE, citizen=citizen, obj=event)
    return event


def homelessness_end(
    *, actor: User, citizen: Citizen, on: date, reason: str, today: date, note: str = ""
) -> bool:
    """End the citizen's homelessness on a day (housed, say) and take them off the list.

    The open situation ends that day; when none is open (a shelter discharge ended it), only the
    list event is written. Return whether the citizen left the list: not when a situation began
    after the day, or the citizen is not on the list. For moving in and for a discharge home.
    """
    current = citizen.situations.filter(end__isnull=True).first()
    if current is None:
        left = list_leave(
            actor=actor, citizen=citizen, on=on, reason=reason, today=today, note=note
        )
        return left is not None
    if current.start > on:
        return False
    situation_end(actor=actor, citizen=citizen, end=on, reason=reason, today=today, note=note)
    return True


def list_ensure(*, actor: User, citizen: Citizen, on: date) -> None:
    """Put the citizen (back) on the list unless their last event already did (no audit entry).

    For services that bring a citizen into homelessness (a situation, a shelter stay); they audit
    and refresh the citizen's stored state (``citizen_state_refresh``).
    """
    last = citizen.list_events.order_by("-date", "-id").first()
    if not list_may_follow(last.kind if last is not None else None, ListEventKind.ENTERED):
        return
    reason = ListEventReason.NEWLY_IDENTIFIED
    if last is not None:
        reason = (
            ListEventReason.RETURNED_FROM_HOUSING
            if last.reason == ListEventReason.HOUSED
            else ListEventReason.RETURNED_FROM_INACTIVE
        )
    ByNameListEvent.objects.create(
        citizen=citizen, date=on, kind=ListEventKind.ENTERED, reason=reason, created_by=actor
    )


def consent_add(
    *,
    actor: User,
    citizen: Citizen,
    recipient: str,
    scope: str,
    given_on: date,
    today: date,
    kind: str = ConsentKind.OTHER,
) -> Consent:
    """Record the citizen's consent to share ``scope`` with ``recipient``.

    ``kind`` says what it opens in Hjemvej (``ConsentKind``); the default opens nothing.
    """
    if kind not in ConsentKind.values:
        raise DomainError("Vælg, hvad samtykket åbner.", field="kind")
    if not recipient.strip() or not scope.strip():
        raise DomainError("Angiv både hvem der må få oplysningerne, og hvilke.", field="recipient")
    if given_on > today:
        raise DomainError("Samtykket kan ikke være givet i fremtiden.", field="given_on")
    with transaction.atomic():
        consent = Consent.objects.create(
            citizen=citizen,
            kind=kind,
            recipient=recipient.strip(),
            scope=scope.strip(),
            given_on=given_on,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=consent,
            detail={"kind": kind},
        )
    return consent


def consent_withdraw(*, actor: User, consent: Consent, withdrawn_on: date) -> Consent:
    """Record that the citizen withdrew a consent."""
    if withdrawn_on < consent.given_on:
        raise DomainError(
            "Et samtykke kan ikke trækkes tilbage før det blev givet.", field="withdrawn_on"
        )
    with transaction.atomic():
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
        audit.record(actor=actor, action=AuditAction.UPDATE, citizen=consent.citizen, obj=consent)
    return consent

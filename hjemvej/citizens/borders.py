"""Across municipal borders: the acting municipality over time, L 130 agreements and disputes.

``Citizen.acting_municipality`` stays the current value that every room reads; the history
(``ActingMunicipalityPeriod``) says which municipality acted from when to when and on which legal
basis (docs/rules.md, "Across municipal borders"). Every change goes through
``citizen_acting_municipality_change``, which closes the open period, opens the next and moves the
current value in one transaction, and writes one audit entry that names both municipalities.

Keyword-only services, one transaction each, Danish ``DomainError`` naming the form field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from django.apps import apps
from django.db import transaction
from django.db.models import F, Min, Q, QuerySet
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.citizens.models import (
    MAIN_BASES,
    ActingBasis,
    ActingMunicipalityDispute,
    ActingMunicipalityPeriod,
    Citizen,
    DisputeStatus,
)
from hjemvej.core.errors import DomainError
from hjemvej.rules.parameters import default_parameters

#: Whether an L 130 agreement is possible on a day (rules/params/citizens.yaml).
L130_IN_FORCE = "citizens.acting.l130_agreement"


class Piece(NamedTuple):
    """The days ``[start, end)`` of a stay that one municipality pays (``end`` None: open)."""

    municipality_id: int
    start: date
    end: date | None


def moves_payment(
    period: ActingMunicipalityPeriod, agreements: Sequence[ActingMunicipalityPeriod]
) -> bool:
    """Return whether the change to ``period`` moves the payment of a running § 110 stay.

    During a stay the municipality that was acting at admission stays acting and pays (§ 9,
    stk. 3-4), so a new residence or an external-stay period changes nothing for that stay. The
    new municipality pays from the change day when Ankestyrelsen decided so (§ 61; the decision
    binds from the day it names), or when it took over under an L 130 agreement (§ 9, stk. 11):
    it had an agreement with the citizen that held the day before the change.
    """
    if period.basis == ActingBasis.ANKESTYRELSEN:
        return True
    day = period.valid_from
    return any(
        a.municipality_id == period.municipality_id
        and a.valid_from < day
        and (a.valid_to is None or a.valid_to >= day)
        for a in agreements
    )


def paying_pieces(
    periods: Sequence[ActingMunicipalityPeriod],
    *,
    admitted: date,
    discharged: date | None,
    fallback: int,
) -> list[Piece]:
    """Return who pays which days of a stay (docs/rules.md, "Across municipal borders").

    ``periods`` are all the citizen's periods (main and agreements, any order). The municipality
    acting on the day of admission pays (``fallback``, the current acting municipality, when no
    period holds it); a change inside the stay that ``moves_payment`` splits it: the days from
    the change day on are the new municipality's.
    """
    main = sorted(
        (
            p
            for p in periods
            if p.basis in MAIN_BASES and (p.valid_to is None or p.valid_to > p.valid_from)
        ),
        key=lambda p: (p.valid_from, p.pk or 0),
    )
    agreements = [p for p in periods if p.basis == ActingBasis.L130_AGREEMENT]
    payer = next(
        (
            p.municipality_id
            for p in main
            if p.valid_from <= admitted and (p.valid_to is None or admitted < p.valid_to)
        ),
        fallback,
    )
    pieces: list[Piece] = []
    start = admitted
    for period in main:
        day = period.valid_from
        inside = admitted < day and (discharged is None or day < discharged)
        if inside and period.municipality_id != payer and moves_payment(period, agreements):
            pieces.append(Piece(payer, start, day))
            payer, start = period.municipality_id, day
    pieces.append(Piece(payer, start, discharged))
    return pieces


def citizens_acting_on(municipality_id: int, day: date) -> QuerySet[Citizen]:
    """Return the citizens the municipality acted for on the day (counts of a past day).

    A citizen who never had another acting municipality is the current one's; one who did
    belongs to the municipality of the period holding the day (today's acting municipality
    before their first period, as their stays: ``stats.stays.municipality_stays``). Records
    merged into another are left out.

    The few citizens who crossed are sorted out here, in two small queries, so the query
    returned is plain: counts run it as a subquery over a whole municipality, and a correlated
    subquery per citizen made the count week three times slower on a national installation.
    """
    main = ActingMunicipalityPeriod.objects.filter(basis__in=MAIN_BASES)
    crossed = set(
        main.exclude(municipality_id=F("citizen__acting_municipality_id")).values_list(
            "citizen_id", flat=True
        )
    )
    live = Citizen.objects.filter(merged_into__isnull=True)
    here = Q(acting_municipality_id=municipality_id)
    if not crossed:
        return live.filter(here)
    holding = dict(
        main.filter(citizen_id__in=crossed, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .values_list("citizen_id", "municipality_id")
    )
    current = dict(
        Citizen.objects.filter(pk__in=crossed).values_list("pk", "acting_municipality_id")
    )
    mine = sorted(pk for pk in crossed if holding.get(pk, current.get(pk)) == municipality_id)
    return live.filter((here & ~Q(pk__in=sorted(crossed))) | Q(pk__in=mine))


def acting_changes_since(when: datetime, *, before: date) -> set[int]:
    """Return the citizens whose acting municipality changed after ``when`` for a day before
    ``before``: a main period recorded since then that begins before that day."""
    return set(
        ActingMunicipalityPeriod.objects.filter(
            basis__in=MAIN_BASES, created_at__gt=when, valid_from__lt=before
        ).values_list("citizen_id", flat=True)
    )


def main_periods(citizen: Citizen) -> list[ActingMunicipalityPeriod]:
    """Return the citizen's periods as acting municipality (no L 130 agreements), oldest first."""
    return list(
        citizen.acting_periods.filter(basis__in=MAIN_BASES)
        .select_related("municipality")
        .order_by("valid_from", "id")
    )


def acting_period_open(
    *, actor: User | None, citizen: Citizen, valid_from: date
) -> ActingMunicipalityPeriod:
    """Open the first period of a new citizen (residence); the caller audits the creation."""
    period = acting_period_new(actor=actor, citizen=citizen, valid_from=valid_from)
    period.save(force_insert=True)
    return period


def acting_period_new(
    *, actor: User | None, citizen: Citizen, valid_from: date
) -> ActingMunicipalityPeriod:
    """Return the first period ``acting_period_open`` writes, unsaved (for a bulk writer)."""
    return ActingMunicipalityPeriod(
        citizen=citizen,
        municipality_id=citizen.acting_municipality_id,
        valid_from=valid_from,
        basis=ActingBasis.RESIDENCE,
        created_by=actor,
    )


def acting_history_merge(*, source: Citizen, target: Citizen) -> dict[str, object]:
    """Keep the merged record's history true: it reaches back to the source's first period.

    A merge moves the source's stays and situations to the target. When the source's periods all
    lie in the municipality of the target's first period (the usual merge: both records in one
    municipality), that period begins on the source's first day, so the moved stays keep their
    paying municipality. Return what undo restores (``{"period", "valid_from"}``; empty: nothing
    changed). A source handed over between municipalities keeps its own periods (docs/access.md).
    """
    first = next(iter(main_periods(target)), None)
    theirs = main_periods(source)
    if first is None or not theirs:
        return {}
    earliest = theirs[0].valid_from
    if earliest >= first.valid_from or any(
        p.municipality_id != first.municipality_id for p in theirs
    ):
        return {}
    undo = {"period": first.pk, "valid_from": first.valid_from.isoformat()}
    first.valid_from = earliest
    first.save(update_fields=["valid_from"])
    return undo


def acting_history_unmerge(undo: dict[str, object]) -> None:
    """Undo ``acting_history_merge``: the target's first period begins where it began."""
    if undo:
        ActingMunicipalityPeriod.objects.filter(pk=int(str(undo["period"]))).update(
            valid_from=date.fromisoformat(str(undo["valid_from"]))
        )


def _reach_back(citizen: Citizen) -> None:
    """Let the first period hold every stay and situation recorded before it began.

    Records entered after the fact (a stay admitted before the citizen was registered) belong
    to the municipality that held the case then, the first one; before a change moves the
    current value, the first period is made to begin on the earliest of them, so those stays
    keep their paying municipality (``stats.stays.municipality_stays``).
    """
    first = citizen.acting_periods.filter(basis__in=MAIN_BASES).order_by("valid_from", "id").first()
    if first is None:
        return
    stays = apps.get_model("shelters", "Stay").objects.filter(citizen=citizen)
    dates = [
        stays.aggregate(first=Min("admitted"))["first"],
        citizen.situations.aggregate(first=Min("start"))["first"],
    ]
    earliest = min((d for d in dates if d is not None), default=None)
    if earliest is not None and earliest < first.valid_from:
        first.valid_from = earliest
        first.save(update_fields=["valid_from"])


def _open_main(citizen: Citizen) -> ActingMunicipalityPeriod | None:
    return (
        citizen.acting_periods.filter(basis__in=MAIN_BASES, valid_to__isnull=True)
        .order_by("-valid_from", "-id")
        .first()
    )


def citizen_acting_municipality_change(
    *,
    actor: User,
    citizen: Citizen,
    municipality: Municipality,
    valid_from: date,
    basis: str,
    today: date,
    reason: str = "",
    decided_on: date | None = None,
) -> ActingMunicipalityPeriod:
    """Hand the citizen over to another acting municipality from ``valid_from``.

    The open period ends at ``valid_from`` (closed-open: its last day is the day before; a
    change from the day it began leaves it empty, as when Ankestyrelsen decides that the other
    municipality acted from the start, and the record of who held the case stays), the new one
    opens, and ``Citizen.acting_municipality`` follows. An open L 130 agreement
    ends that day: it was made by the old acting municipality (and its other party, when that is
    the new one, now acts for all of the help). A responsible case worker
    of the old municipality is released. The old municipality keeps reading its own history
    (``accounts.policy.border_citizens_for``).
    """
    if basis not in MAIN_BASES:
        raise DomainError("Vælg grundlaget for den nye handlekommune.", field="basis")
    if municipality.pk == citizen.acting_municipality_id:
        raise DomainError("Borgeren har allerede denne handlekommune.", field="municipality")
    if valid_from > today:
        raise DomainError("Skiftet kan ikke gælde fra en dag i fremtiden.", field="valid_from")
    if decided_on is not None and decided_on > today:
        raise DomainError("Beslutningen kan ikke være truffet i fremtiden.", field="decided_on")
    given = citizen
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
        previous = citizen.acting_municipality
        _reach_back(citizen)
        current = _open_main(citizen)
        if current is not None:
            if valid_from < current.valid_from:
                raise DomainError(
                    f"Skiftet kan tidligst gælde fra {current.valid_from:%d.%m.%Y}, "
                    "hvor den nuværende periode begyndte.",
                    field="valid_from",
                )
            current.valid_to = valid_from
            current.save(update_fields=["valid_to"])
        for agreement in citizen.acting_periods.filter(
            basis=ActingBasis.L130_AGREEMENT, valid_to__isnull=True
        ):
            agreement.valid_to = max(agreement.valid_from, valid_from)
            agreement.save(update_fields=["valid_to"])
        period = ActingMunicipalityPeriod.objects.create(
            citizen=citizen,
            municipality=municipality,
            valid_from=valid_from,
            basis=basis,
            reason=reason.strip(),
            decided_on=decided_on,
            created_by=actor,
        )
        citizen.acting_municipality = municipality
        fields = ["acting_municipality", "updated_at"]
        if citizen.case_worker_id is not None:
            citizen.case_worker = None
            fields.append("case_worker")
        citizen.updated_at = timezone.now()
        citizen.save(update_fields=fields)
        for name in fields:  # the caller's instance says what the database now says
            setattr(given, name, getattr(citizen, name))
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=citizen,
            obj=period,
            detail={
                "fields": sorted(f for f in fields if f != "updated_at"),
                "from_municipality": previous.code,
                "to_municipality": municipality.code,
                "valid_from": valid_from.isoformat(),
            },
        )
    return period


def acting_agreement_add(
    *,
    actor: User,
    citizen: Citizen,
    municipality: Municipality,
    valid_from: date,
    covers: str,
    today: date,
    decided_on: date | None = None,
    reason: str = "",
) -> ActingMunicipalityPeriod:
    """Record an L 130 agreement: the shelter's municipality acts for ``covers`` from a day.

    Only during a stay at a shelter in that municipality (an external stay), and only from the
    day the law allows it (``L130_IN_FORCE``). The acting municipality stays the same; the
    agreement's municipality sees the citizen for that help until the agreement ends.
    """
    if municipality.pk == citizen.acting_municipality_id:
        raise DomainError(
            "En aftale efter § 9, stk. 11 indgås med kommunen, hvor boformen ligger, "
            "ikke med borgerens handlekommune.",
            field="municipality",
        )
    if not covers.strip():
        raise DomainError("Skriv, hvilken hjælp aftalen omfatter.", field="covers")
    if valid_from > today:
        raise DomainError("Aftalen kan ikke gælde fra en dag i fremtiden.", field="valid_from")
    if not default_parameters().flag(L130_IN_FORCE, valid_from):
        raise DomainError(
            "En aftale efter retssikkerhedsloven § 9, stk. 11 kan først gælde fra den dag, "
            "reglen trådte i kraft.",
            field="valid_from",
        )
    stay = apps.get_model("shelters", "Stay")
    at_shelter = stay.objects.filter(
        citizen=citizen, shelter__municipality=municipality, admitted__lte=valid_from
    ).filter(Q(discharged__isnull=True) | Q(discharged__gt=valid_from))
    if not at_shelter.exists():
        raise DomainError(
            "Borgeren har ikke et ophold på en boform i den kommune den dag; en aftale efter "
            "§ 9, stk. 11 indgås under opholdet.",
            field="municipality",
        )
    with transaction.atomic():
        if citizen.acting_periods.filter(
            basis=ActingBasis.L130_AGREEMENT, municipality=municipality, valid_to__isnull=True
        ).exists():
            raise DomainError(
                "Der er allerede en aftale med den kommune; afslut den først.",
                field="municipality",
            )
        period = ActingMunicipalityPeriod.objects.create(
            citizen=citizen,
            municipality=municipality,
            valid_from=valid_from,
            basis=ActingBasis.L130_AGREEMENT,
            covers=covers.strip(),
            reason=reason.strip(),
            decided_on=decided_on,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=period,
            detail={"to_municipality": municipality.code, "valid_from": valid_from.isoformat()},
        )
    return period


def acting_agreement_end(
    *, actor: User, period: ActingMunicipalityPeriod, valid_to: date, today: date
) -> ActingMunicipalityPeriod:
    """End an L 130 agreement (the stay ended without a move, or the agreement was cancelled)."""
    if not period.is_agreement or period.valid_to is not None:
        raise DomainError("Aftalen er allerede afsluttet.", field="valid_to")
    if valid_to > today:
        raise DomainError("Aftalen kan ikke slutte i fremtiden.", field="valid_to")
    if valid_to <= period.valid_from:
        raise DomainError("Aftalen skal slutte efter den dag, den begyndte.", field="valid_to")
    with transaction.atomic():
        period.valid_to = valid_to
        period.save(update_fields=["valid_to"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=period.citizen,
            obj=period,
            detail={"fields": ["valid_to"]},
        )
    return period


def dispute_open(
    *,
    actor: User,
    citizen: Citizen,
    other: Municipality,
    disputed_from: date,
    brought_on: date,
    today: date,
) -> ActingMunicipalityDispute:
    """Record that the acting municipality and ``other`` disagree from ``disputed_from`` on."""
    if other.pk == citizen.acting_municipality_id:
        raise DomainError("Vælg den kommune, I er uenige med.", field="other")
    if brought_on > today:
        raise DomainError("Sagen kan ikke være indbragt i fremtiden.", field="brought_on")
    if disputed_from > brought_on:
        raise DomainError(
            "Uenigheden skal gælde fra en dag før sagen blev indbragt.", field="disputed_from"
        )
    with transaction.atomic():
        if citizen.acting_disputes.filter(status=DisputeStatus.OPEN).exists():
            raise DomainError("Borgeren har allerede en verserende uenighedssag.", field="other")
        dispute = ActingMunicipalityDispute.objects.create(
            citizen=citizen,
            acting_at_start=citizen.acting_municipality,
            other=other,
            disputed_from=disputed_from,
            brought_on=brought_on,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=dispute,
            detail={"to_municipality": other.code, "valid_from": disputed_from.isoformat()},
        )
    return dispute


def dispute_decide(
    *,
    actor: User,
    dispute: ActingMunicipalityDispute,
    decided_for: Municipality,
    decided_on: date,
    effective_from: date,
    today: date,
) -> ActingMunicipalityDispute:
    """Record Ankestyrelsen's decision; for the other municipality it changes the acting one.

    The change goes through ``citizen_acting_municipality_change`` from ``effective_from``
    (basis ``ANKESTYRELSEN``), so the stays admitted from that day are paid and claimed by the
    decided municipality (``stats.stays.municipality_stays``).
    """
    if dispute.status != DisputeStatus.OPEN:
        raise DomainError("Sagen er allerede afsluttet.", field="decided_for")
    if decided_for.pk not in (dispute.acting_at_start_id, dispute.other_id):
        raise DomainError("Vælg en af sagens to kommuner.", field="decided_for")
    if decided_on > today:
        raise DomainError("Afgørelsen kan ikke være truffet i fremtiden.", field="decided_on")
    if decided_on < dispute.brought_on:
        raise DomainError("Afgørelsen ligger før sagen blev indbragt.", field="decided_on")
    with transaction.atomic():
        citizen = dispute.citizen
        if decided_for.pk != citizen.acting_municipality_id:
            try:
                citizen_acting_municipality_change(
                    actor=actor,
                    citizen=citizen,
                    municipality=decided_for,
                    valid_from=effective_from,
                    basis=ActingBasis.ANKESTYRELSEN,
                    today=today,
                    reason="Ankestyrelsens afgørelse",
                    decided_on=decided_on,
                )
            except DomainError as error:
                raise DomainError(error.message, field="effective_from") from None
        dispute.status = DisputeStatus.DECIDED
        dispute.decided_for = decided_for
        dispute.decided_on = decided_on
        dispute.effective_from = effective_from
        dispute.save(update_fields=["status", "decided_for", "decided_on", "effective_from"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=citizen,
            obj=dispute,
            detail={"fields": ["decided_for", "decided_on", "effective_from", "status"]},
        )
    return dispute


def dispute_withdraw(
    *, actor: User, dispute: ActingMunicipalityDispute
) -> ActingMunicipalityDispute:
    """Record that the case was withdrawn (the municipalities agreed without a decision)."""
    if dispute.status != DisputeStatus.OPEN:
        raise DomainError("Sagen er allerede afsluttet.", field="status")
    with transaction.atomic():
        dispute.status = DisputeStatus.WITHDRAWN
        dispute.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=dispute.citizen,
            obj=dispute,
            detail={"fields": ["status"]},
        )
    return dispute

"""Offers, leases and the risks to them: the way into a home and keeping it.

A dwelling's status follows its offers and lease: available → reserved (offered) → let (lease),
back to available when an offer is declined or withdrawn, or the tenant moves out. Moving in ends
the citizen's homelessness situation through the citizens' own service (reason: housed).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.models import Citizen, ListEventReason
from hjemvej.core.bounds import Bounds
from hjemvej.core.errors import DomainError
from hjemvej.housing.models import (
    DeclineReason,
    Dwelling,
    DwellingStatus,
    HousingOffer,
    OfferStatus,
    Tenancy,
    TenancyEnd,
    TenancyRisk,
    TenancyRiskKind,
)
from hjemvej.housing.services.common import check_money, check_not_future, rent_bounds

#: Risks that are about money owed: they need the amount.
MONEY_RISKS = frozenset({TenancyRiskKind.ARREARS, TenancyRiskKind.DEMAND})
ANSWERS = frozenset({OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.WITHDRAWN})


def _locked(dwelling: Dwelling) -> Dwelling:
    """Return the dwelling's row locked for this transaction (two offers cannot both win)."""
    return Dwelling.objects.select_for_update().get(pk=dwelling.pk)


def offer_create(
    *,
    actor: User,
    citizen: Citizen,
    dwelling: Dwelling,
    offered_on: date,
    today: date,
    answer_by: date | None = None,
    note: str = "",
) -> HousingOffer:
    """Offer an available dwelling to the citizen; the dwelling is reserved for them."""
    if dwelling.municipality_id != citizen.acting_municipality_id:
        raise DomainError("Boligen hører til en anden kommune end borgerens.", field="dwelling")
    check_not_future(offered_on, today, "offered_on", "Tilbuddet")
    if answer_by is not None and answer_by < offered_on:
        raise DomainError("Svarfristen kan ikke ligge før tilbuddet.", field="answer_by")
    with transaction.atomic():
        locked = _locked(dwelling)
        if locked.status != DwellingStatus.AVAILABLE:
            raise DomainError(
                f"Boligen er ikke ledig (status: {locked.get_status_display().lower()}). "
                "Vælg en ledig bolig.",
                field="dwelling",
            )
        offer = HousingOffer.objects.create(
            citizen=citizen,
            dwelling=locked,
            offered_on=offered_on,
            answer_by=answer_by,
            note=note.strip(),
            created_by=actor,
        )
        locked.status = DwellingStatus.RESERVED
        locked.save(update_fields=["status"])
        dwelling.status = locked.status
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=offer,
            detail={"dwelling": locked.pk},
        )
    return offer


def offer_answer(
    *,
    actor: User,
    offer: HousingOffer,
    answer: str,
    answered_on: date,
    today: date,
    decline_reason: str = "",
    note: str = "",
) -> HousingOffer:
    """Record the answer: accepted (the lease follows), declined with a reason, or withdrawn."""
    if answer not in ANSWERS:
        raise DomainError("Vælg svaret på tilbuddet.", field="answer")
    if offer.status != OfferStatus.OFFERED:
        raise DomainError("Tilbuddet er allerede besvaret.", field="answer")
    if answered_on < offer.offered_on:
        raise DomainError("Svaret kan ikke ligge før tilbuddet.", field="answered_on")
    check_not_future(answered_on, today, "answered_on", "Svaret")
    if answer == OfferStatus.DECLINED and decline_reason not in DeclineReason.values:
        raise DomainError("Vælg hvorfor borgeren takkede nej.", field="decline_reason")
    if answer != OfferStatus.DECLINED and decline_reason:
        raise DomainError("En årsag gives kun, når borgeren takker nej.", field="decline_reason")
    with transaction.atomic():
        offer.status = answer
        offer.answered_on = answered_on
        offer.decline_reason = decline_reason
        if note.strip():
            offer.note = note.strip()
        offer.save(update_fields=["status", "answered_on", "decline_reason", "note"])
        if answer != OfferStatus.ACCEPTED:
            dwelling = _locked(offer.dwelling)
            if dwelling.status == DwellingStatus.RESERVED:
                dwelling.status = DwellingStatus.AVAILABLE
                dwelling.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=offer.citizen,
            obj=offer,
            detail={"fields": ["status", "answered_on", "decline_reason"], "answer": answer},
        )
    return offer


def _mark_housed(*, actor: User, citizen: Citizen, move_in: date, today: date) -> bool:
    """End the open situation on the move-in day when it has come; return whether it did."""
    if move_in > today:
        return False
    return citizen_services.homelessness_end(
        actor=actor,
        citizen=citizen,
        on=move_in,
        reason=ListEventReason.HOUSED,
        today=today,
        note="Flyttet ind i egen bolig.",
    )


def tenancy_create(
    *,
    actor: User,
    citizen: Citizen,
    lease_signed_on: date,
    move_in: date,
    today: date,
    offer: HousingOffer | None = None,
    address: str = "",
    rent_monthly: Decimal | None = None,
    confirmed: bool = False,
) -> Tenancy:
    """Record a lease: from an accepted offer, or for a dwelling outside the register.

    The move-in is not before the signing; a rent above its usual bound needs ``confirmed``.
    """
    if offer is None and not address.strip():
        raise DomainError(
            "Vælg et accepteret tilbud, eller skriv adressen på en bolig uden for registret.",
            field="address",
        )
    if offer is not None and offer.citizen_id != citizen.pk:
        raise DomainError("Tilbuddet er givet til en anden borger.", field="offer")
    if offer is not None and offer.status != OfferStatus.ACCEPTED:
        raise DomainError("Borgeren har ikke takket ja til tilbuddet.", field="offer")
    check_not_future(lease_signed_on, today, "lease_signed_on", "Underskriften")
    if offer is not None and move_in < offer.offered_on:
        raise DomainError("Indflytningen kan ikke ligge før tilbuddet.", field="move_in")
    if move_in < lease_signed_on:
        raise DomainError(
            "Indflytningen kan ikke ligge før lejekontrakten er underskrevet.", field="move_in"
        )
    rent = rent_monthly
    if rent is None and offer is not None:
        rent = offer.dwelling.rent_monthly
    check_money(rent, "rent_monthly", "huslejen", required=True, positive=True)
    assert rent is not None
    bounds = Bounds(confirmed=confirmed)
    rent_bounds(rent, on=move_in, bounds=bounds)
    bounds.done()
    with transaction.atomic():
        clash = citizen.tenancies.filter(Q(move_out__isnull=True) | Q(move_out__gt=move_in))
        if clash.exists():
            raise DomainError(
                "Borgeren har et lejemål, der ikke er afsluttet før indflytningen. "
                "Registrér fraflytningen fra det først.",
                field="move_in",
            )
        if offer is not None and Tenancy.objects.filter(offer=offer).exists():
            raise DomainError("Der er allerede et lejemål for dette tilbud.", field="offer")
        dwelling = _locked(offer.dwelling) if offer is not None else None
        tenancy = Tenancy.objects.create(
            citizen=citizen,
            dwelling=dwelling,
            offer=offer,
            address="" if offer is not None else address.strip(),
            lease_signed_on=lease_signed_on,
            move_in=move_in,
            rent_monthly=rent,
            created_by=actor,
        )
        if dwelling is not None:
            dwelling.status = DwellingStatus.LET
            dwelling.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=tenancy,
            detail={
                "offer": offer.pk if offer else None,
                "dwelling": dwelling.pk if dwelling else None,
                **bounds.audit(),
            },
        )
        _mark_housed(actor=actor, citizen=citizen, move_in=move_in, today=today)
    return tenancy


def tenancy_housed(*, actor: User, tenancy: Tenancy, today: date) -> None:
    """End the citizen's homelessness situation now that the move-in day has come."""
    if tenancy.move_in > today:
        raise DomainError("Indflytningsdagen er ikke kommet endnu.", field="move_in")
    if tenancy.move_out is not None and tenancy.move_out <= today:
        raise DomainError("Lejemålet er afsluttet.", field="move_in")
    with transaction.atomic():
        if not _mark_housed(
            actor=actor, citizen=tenancy.citizen, move_in=tenancy.move_in, today=today
        ):
            raise DomainError(
                "Borgeren har ingen hjemløshedssituation, der var i gang på indflytningsdagen, "
                "og er ikke på by-name-listen."
            )


def tenancy_end(
    *, actor: User, tenancy: Tenancy, move_out: date, end_reason: str, today: date
) -> Tenancy:
    """Record the move-out (it may be ahead, as in a notice); the dwelling becomes available."""
    if tenancy.move_out is not None:
        raise DomainError("Lejemålet er allerede afsluttet.", field="move_out")
    if move_out <= tenancy.move_in:
        raise DomainError("Fraflytningen skal ligge efter indflytningen.", field="move_out")
    if end_reason not in TenancyEnd.values:
        raise DomainError("Vælg årsagen til fraflytningen.", field="end_reason")
    with transaction.atomic():
        tenancy.move_out = move_out
        tenancy.end_reason = end_reason
        tenancy.save(update_fields=["move_out", "end_reason"])
        if tenancy.dwelling_id is not None:
            dwelling = Dwelling.objects.select_for_update().get(pk=tenancy.dwelling_id)
            if dwelling.status == DwellingStatus.LET:
                dwelling.status = DwellingStatus.AVAILABLE
                dwelling.available_from = move_out
                dwelling.save(update_fields=["status", "available_from"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=tenancy.citizen,
            obj=tenancy,
            # The reason is not logged: "evicted" or "prison" would say more than that it ended.
            detail={"fields": ["move_out", "end_reason"]},
        )
    return tenancy


def tenancy_risk_add(
    *,
    actor: User,
    tenancy: Tenancy,
    kind: str,
    noted_on: date,
    today: date,
    amount: Decimal | None = None,
    deadline: date | None = None,
    note: str = "",
) -> TenancyRisk:
    """Record a risk to the tenancy: arrears, a demand, an eviction warning, a court case …"""
    if kind not in TenancyRiskKind.values:
        raise DomainError("Vælg hvilken risiko der er tale om.", field="kind")
    check_not_future(noted_on, today, "noted_on", "Datoen")
    if noted_on < tenancy.move_in:
        raise DomainError("Datoen ligger før indflytningen.", field="noted_on")
    if tenancy.move_out is not None and noted_on >= tenancy.move_out:
        raise DomainError("Lejemålet var afsluttet på datoen.", field="noted_on")
    check_money(amount, "amount", "beløbet", required=kind in MONEY_RISKS, positive=True)
    Bounds().amount(
        amount,
        field="amount",
        label="beløbet",
        on=noted_on,
        maximum="bounds.tenancy_risk.amount.max",
    )
    if kind == TenancyRiskKind.EVICTION_WARNING and deadline is None:
        raise DomainError("Skriv fristen i varslet.", field="deadline")
    if deadline is not None and deadline < noted_on:
        raise DomainError("Fristen kan ikke ligge før datoen.", field="deadline")
    with transaction.atomic():
        risk = TenancyRisk.objects.create(
            tenancy=tenancy,
            kind=kind,
            noted_on=noted_on,
            amount=amount,
            deadline=deadline,
            note=note.strip(),
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=tenancy.citizen,
            obj=risk,
            detail={"tenancy": tenancy.pk},  # not the kind: an eviction warning is not logged
        )
    return risk


def tenancy_risk_resolve(
    *, actor: User, risk: TenancyRisk, resolved_on: date, today: date, note: str = ""
) -> TenancyRisk:
    """Mark the risk as over (paid, withdrawn, settled)."""
    if risk.resolved_on is not None:
        raise DomainError("Risikoen er allerede markeret som løst.", field="resolved_on")
    if resolved_on < risk.noted_on:
        raise DomainError(
            "Datoen kan ikke ligge før risikoen blev registreret.", field="resolved_on"
        )
    check_not_future(resolved_on, today, "resolved_on", "Datoen")
    with transaction.atomic():
        risk.resolved_on = resolved_on
        fields = ["resolved_on"]
        if note.strip():
            risk.note = note.strip()
            fields.append("note")
        risk.save(update_fields=fields)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=risk.tenancy.citizen,
            obj=risk,
            detail={"fields": fields},
        )
    return risk

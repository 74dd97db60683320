"""Stays that come with their whole history (an import): checked and written in bulk.

An admission through ``stay_admit`` derives the shelter situation and the list entry, and a
discharge through ``stay_discharge`` derives where the citizen went; a record that brings its whole
history already holds those derived records, so a past stay is written as it was. It is held to
the same rules, through the same functions: ``check_stay`` (dates, amounts, the reduced own
payment, the rate's bounds), ``exit_values`` (a discharge's exit) and the overlap rule
(``share_a_night``). ``stay_record`` writes one; ``stays_record_many`` writes many with the same
records and audit entries, in one insert per batch and one list-state refresh per citizen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.citizens.history import HistoryRefused
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.state import citizen_states_refresh
from hjemvej.core.bounds import Bounds
from hjemvej.core.errors import DomainError
from hjemvej.shelters.models import OwnPayment, PriorResidence, Shelter, Stay, StayType
from hjemvej.shelters.services import check_stay, exit_values, first_clashes

BATCH = 1000

#: An exit on a stay not discharged: refused, not dropped (the file says something Hjemvej cannot).
EXIT_WITHOUT_DISCHARGE = (
    "Et ophold uden udskrivningsdato har intet udflytningsforhold; angiv udskrivningsdatoen "
    "eller slet udflytningsforholdet."
)


@dataclass(frozen=True)
class PastStay:
    """A stay as a record of its whole history says it (the fields of ``stay_update``)."""

    citizen: Citizen
    shelter: Shelter
    admitted: date
    discharged: date | None = None
    stay_type: str = StayType.STAY
    prior_residence: str = PriorResidence.UNKNOWN
    exit_reason: str = ""
    exit_destination: str = ""
    agreed_daily_rate: Decimal | None = None
    own_payment: str = OwnPayment.STATUTORY
    own_payment_reduced: Decimal | None = None
    own_payment_decided_on: date | None = None
    notified_on: date | None = None


@dataclass
class CheckedStay:
    """A past stay that passed ``stay_history_check``: the unsaved stay and its bounds."""

    stay: Stay
    bounds: Bounds


def stay_history_check(
    past: PastStay, *, actor: User, today: date, confirmed: bool = False
) -> CheckedStay:
    """Check a past stay as ``stay_admit`` and ``stay_update`` check one; return it unsaved.

    An agreed rate above its usual bound needs ``confirmed`` (the audit entry names the bound).
    """
    if past.discharged is None:
        if past.exit_reason:
            raise DomainError(EXIT_WITHOUT_DISCHARGE, field="exit_reason")
        if past.exit_destination:
            raise DomainError(EXIT_WITHOUT_DISCHARGE, field="exit_destination")
    bounds = Bounds(confirmed=confirmed)
    check_stay(
        admitted=past.admitted,
        discharged=past.discharged,
        today=today,
        notified_on=past.notified_on,
        agreed_daily_rate=past.agreed_daily_rate,
        own_payment=past.own_payment,
        own_payment_reduced=past.own_payment_reduced,
        own_payment_decided_on=past.own_payment_decided_on,
        bounds=bounds,
    )
    bounds.done()
    reason, destination = exit_values(past.discharged, past.exit_reason, past.exit_destination)
    stay = Stay(
        citizen=past.citizen,
        shelter=past.shelter,
        admitted=past.admitted,
        discharged=past.discharged,
        stay_type=past.stay_type or StayType.STAY,
        prior_residence=past.prior_residence or PriorResidence.UNKNOWN,
        exit_reason=reason,
        exit_destination=destination,
        agreed_daily_rate=past.agreed_daily_rate,
        own_payment=past.own_payment or OwnPayment.STATUTORY,
        own_payment_reduced=past.own_payment_reduced,
        own_payment_decided_on=past.own_payment_decided_on,
        notified_on=past.notified_on,
        created_by=actor,
    )
    return CheckedStay(stay=stay, bounds=bounds)


def stay_clashes(new: Sequence[Stay], recorded: Sequence[Stay]) -> list[Stay | None]:
    """Return, for each new stay, a stay it shares a night with (recorded, or new before it).

    One citizen's stays; the overlap rule of ``stay_admit`` and ``stay_update``.
    """
    periods = [(s.admitted, s.discharged) for s in [*recorded, *new]]
    both = [*recorded, *new]
    found = first_clashes(periods)[len(recorded) :]
    return [None if index is None else both[index] for index in found]


def stay_record(*, actor: User, past: PastStay, today: date, confirmed: bool = False) -> Stay:
    """Record one past stay as it was (checked as ``stay_admit`` would; nothing derived)."""
    checked = stay_history_check(past, actor=actor, today=today, confirmed=confirmed)
    return stays_record_many(actor=actor, stays=[checked])[0]


def stays_record_many(*, actor: User, stays: Sequence[CheckedStay]) -> list[Stay]:
    """Record many checked past stays as ``stay_record`` would each, all or nothing.

    A stay that shares a night with another of the citizen's (recorded, or earlier in ``stays``)
    raises ``HistoryRefused`` (``citizens.history``) with its index. The audit entries are
    ``stay_admit``'s.
    """
    made = [checked.stay for checked in stays]
    by_citizen: dict[int, list[int]] = defaultdict(list)
    for index, stay in enumerate(made):
        by_citizen[stay.citizen_id].append(index)
    with transaction.atomic():
        recorded: dict[int, list[Stay]] = defaultdict(list)
        for stay in Stay.objects.filter(citizen_id__in=list(by_citizen)).select_related("shelter"):
            recorded[stay.citizen_id].append(stay)
        for citizen_id, indexes in by_citizen.items():
            clashes = stay_clashes([made[i] for i in indexes], recorded[citizen_id])
            for index, clash in zip(indexes, clashes, strict=True):
                if clash is not None:
                    error = DomainError(
                        f"Opholdet vil overlappe opholdet på {clash.shelter} "
                        f"fra {clash.admitted:%d.%m.%Y}.",
                        field="admitted",
                    )
                    raise HistoryRefused(index, error)
        Stay.objects.bulk_create(made, batch_size=BATCH)
        citizen_states_refresh(sorted(by_citizen))
        AuditEntry.objects.bulk_create(
            [
                audit.unsaved(
                    actor=actor,
                    action=AuditAction.CREATE,
                    citizen=checked.stay.citizen,
                    obj=checked.stay,
                    detail={
                        "shelter": checked.stay.shelter_id,
                        "admitted": checked.stay.admitted.isoformat(),
                        **checked.bounds.audit(),
                    },
                )
                for checked in stays
            ],
            batch_size=BATCH,
        )
    return made

"""Admissions, discharges and daily rates of § 110 shelters.

The overlap rule (a citizen is on one shelter per night) is checked here for every database and
held by an exclusion constraint on PostgreSQL (migration 0002).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Role, User
from hjemvej.citizens.models import (
    Citizen,
    HomelessnessSituation,
    ListEventReason,
    Situation,
    SituationSource,
)
from hjemvej.citizens.state import citizen_state_refresh
from hjemvej.core.bounds import Bounds, bound_oere
from hjemvej.core.errors import DomainError
from hjemvej.rules.parameters import exact_kroner
from hjemvej.shelters.destinations import HOUSED, UNKNOWN, exit_outcome
from hjemvej.shelters.models import (
    ExitDestination,
    ExitReason,
    NoticeChannel,
    OwnPayment,
    PriorResidence,
    Shelter,
    ShelterRate,
    Stay,
    StayType,
)

FAR_FUTURE = date(9999, 1, 1)

#: The refusal shelter staff get when the citizen has a stay elsewhere in the period: it names
#: no shelter and no stay (docs/access.md), and says what to do next.
NOT_ADMITTED = (
    "Indskrivningen kan ikke registreres fra denne dato. Kontakt borgerens handlekommune, som "
    "kan rette borgerens oplysninger i Hjemvej; tag imod borgeren som sædvanligt imens."
)


def _clash_message(actor: User, clash: Stay) -> str:
    """Say which stay overlaps to those who may see it; shelter staff only a neutral refusal."""
    if actor.role == Role.SHELTER_STAFF and clash.shelter_id != actor.shelter_id:
        return NOT_ADMITTED
    return (
        f"Borgeren er allerede indskrevet på {clash.shelter} fra "
        f"{clash.admitted:%d.%m.%Y} i samme periode."
    )


def nights_end(admitted: date, discharged: date | None) -> date:
    """Return the end of the nights a stay occupies: a same-day stay occupies one night."""
    if discharged is None:
        return FAR_FUTURE
    return max(discharged, admitted + timedelta(days=1))


def overlapping_stay(
    *, citizen: Citizen, admitted: date, discharged: date | None, exclude: int | None = None
) -> Stay | None:
    """Return a stay of the citizen that shares a night with ``[admitted, discharged)``."""
    end = nights_end(admitted, discharged)
    candidates = Stay.objects.filter(citizen=citizen, admitted__lt=end)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    for stay in candidates.order_by("admitted"):
        if share_a_night((stay.admitted, stay.discharged), (admitted, discharged)):
            return stay
    return None


Period = tuple[date, date | None]


def share_a_night(one: Period, other: Period) -> bool:
    """Return whether two stays ``(admitted, discharged)`` share a night (the overlap rule)."""
    return one[0] < nights_end(*other) and other[0] < nights_end(*one)


def first_clashes(periods: list[Period]) -> list[int | None]:
    """Return, for each stay, the index of the first earlier one it shares a night with."""
    return [
        next((j for j in range(i) if share_a_night(periods[j], period)), None)
        for i, period in enumerate(periods)
    ]


def _check_money(value: Decimal | None, field: str) -> None:
    if value is not None and value < 0:
        raise DomainError("Beløbet kan ikke være negativt.", field=field)


def rate_bounds(daily_rate: Decimal | None, *, on: date, field: str, bounds: Bounds) -> None:
    """Hold a daily rate to its bounds: refused over the maximum, confirmed over the usual."""
    bounds.amount(
        daily_rate,
        field=field,
        label="taksten",
        on=on,
        maximum="bounds.shelter.daily_rate.max",
        usual="bounds.shelter.daily_rate.usual",
    )


def _check_reduced(reduced: Decimal | None, on: date) -> None:
    """Refuse a reduced own payment above the statutory own payment in force on the day."""
    if reduced is None:
        return
    statutory = bound_oere("shelter.own_payment.daily", on)
    if int(reduced * 100) > statutory:
        raise DomainError(
            f"Den nedsatte egenbetaling kan højst være den lovbestemte egenbetaling, "
            f"{exact_kroner(statutory)} pr. døgn den {on:%d.%m.%Y}.",
            field="own_payment_reduced",
        )


def check_discharge(admitted: date, discharged: date, today: date) -> None:
    """Refuse a discharge before the admission or in the future (``stay_discharge``'s rule)."""
    if discharged < admitted:
        raise DomainError("Udskrivningen kan ikke ligge før indskrivningen.", field="discharged")
    if discharged > today:
        raise DomainError("Udskrivningsdatoen kan ikke ligge i fremtiden.", field="discharged")


def check_stay(
    *,
    admitted: date,
    discharged: date | None,
    today: date,
    notified_on: date | None,
    agreed_daily_rate: Decimal | None,
    own_payment: str,
    own_payment_reduced: Decimal | None,
    own_payment_decided_on: date | None,
    bounds: Bounds,
    rate_given: bool = True,
) -> None:
    """Hold a stay's dates and amounts to the rules (``stay_admit``, ``stay_update``, history).

    ``rate_given`` False leaves the agreed rate out of the bounds (a correction that keeps it).
    """
    if admitted > today:
        raise DomainError("Indskrivningsdatoen kan ikke ligge i fremtiden.", field="admitted")
    if discharged is not None:
        check_discharge(admitted, discharged, today)
    if notified_on is not None and notified_on < admitted:
        raise DomainError("Underretningen kan ikke ligge før indskrivningen.", field="notified_on")
    _check_money(agreed_daily_rate, "agreed_daily_rate")
    _check_money(own_payment_reduced, "own_payment_reduced")
    if own_payment == OwnPayment.REDUCED and own_payment_reduced is None:
        raise DomainError("Angiv den nedsatte egenbetaling.", field="own_payment_reduced")
    _check_reduced(own_payment_reduced, own_payment_decided_on or admitted)
    if rate_given:
        rate_bounds(agreed_daily_rate, on=admitted, field="agreed_daily_rate", bounds=bounds)


def exit_values(
    discharged: date | None, exit_reason: str, exit_destination: str
) -> tuple[str, str]:
    """Return a stay's exit reason and destination as ``stay_discharge`` records them.

    A discharged stay has both ("uoplyst" when not told), an open stay has none (Danmarks
    Statistik's categories).
    """
    if discharged is None:
        return "", ""
    return exit_reason or ExitReason.UNKNOWN, exit_destination or ExitDestination.UNKNOWN


def stay_admit(
    *,
    actor: User,
    citizen: Citizen,
    shelter: Shelter,
    admitted: date,
    today: date,
    stay_type: str = StayType.STAY,
    prior_residence: str = PriorResidence.UNKNOWN,
    agreed_daily_rate: Decimal | None = None,
    own_payment: str = OwnPayment.STATUTORY,
    own_payment_reduced: Decimal | None = None,
    own_payment_decided_on: date | None = None,
    notified_on: date | None = None,
    confirmed: bool = False,
    notice_in_hjemvej: bool = True,
) -> Stay:
    """Admit the citizen to the shelter (indskrivning) and record the shelter situation.

    An agreed rate above the usual bound is admitted only ``confirmed`` (``core.bounds``).
    Without ``notified_on`` the notice to the acting municipality (§ 110, stk. 6) goes inside
    Hjemvej the day the admission is registered when that municipality uses the installation
    (``notices.notice_in_installation``): it is given, and its start page shows it as new;
    otherwise the shelter sends a letter (``notice_letter``) and the deadline stays open.
    ``notice_in_hjemvej=False`` leaves the notice to be given by hand (the demo's example of a
    notice still due).
    """
    bounds = Bounds(confirmed=confirmed)
    check_stay(
        admitted=admitted,
        discharged=None,
        today=today,
        notified_on=notified_on,
        agreed_daily_rate=agreed_daily_rate,
        own_payment=own_payment,
        own_payment_reduced=own_payment_reduced,
        own_payment_decided_on=own_payment_decided_on,
        bounds=bounds,
    )
    bounds.done()
    channel = NoticeChannel.MANUAL
    if notified_on is None:
        from hjemvej.shelters.notices import notice_in_installation

        if notice_in_hjemvej and notice_in_installation(citizen.acting_municipality_id, today):
            notified_on, channel = today, NoticeChannel.INSTALLATION
        else:
            channel = NoticeChannel.LETTER
    with transaction.atomic():
        clash = overlapping_stay(citizen=citizen, admitted=admitted, discharged=None)
        if clash is not None:
            raise DomainError(_clash_message(actor, clash), field="admitted")
        try:
            with transaction.atomic():
                stay = Stay.objects.create(
                    citizen=citizen,
                    shelter=shelter,
                    admitted=admitted,
                    stay_type=stay_type,
                    prior_residence=prior_residence,
                    agreed_daily_rate=agreed_daily_rate,
                    own_payment=own_payment,
                    own_payment_reduced=own_payment_reduced,
                    own_payment_decided_on=own_payment_decided_on,
                    notified_on=notified_on,
                    notice_channel=channel,
                    created_by=actor,
                )
        except IntegrityError:  # the PostgreSQL exclusion constraint: a concurrent admission
            message = (
                NOT_ADMITTED
                if actor.role == Role.SHELTER_STAFF
                else "Borgeren er allerede indskrevet i samme periode."
            )
            raise DomainError(message, field="admitted") from None
        _enter_shelter_situation(actor=actor, citizen=citizen, admitted=admitted)
        citizen_state_refresh(citizen)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=stay,
            detail={"shelter": shelter.pk, "admitted": admitted.isoformat(), **bounds.audit()},
        )
        if channel == NoticeChannel.INSTALLATION:
            _notice_task(actor=actor, stay=stay, today=today)
    return stay


def _notice_task(*, actor: User, stay: Stay, today: date) -> None:
    """Put the notice on the acting municipality's task list: a task due in the notice's days.

    The task belongs to the follow-up room above; it is written by label (as ``citizens.state``
    reads stays), so the shelters room imports nothing above it. Whose: the citizen's case worker,
    or nobody (the municipality's "Ikke fordelt").
    """
    from hjemvej.rules.parameters import default_parameters
    from hjemvej.shelters.selectors import notice_days

    found = notice_days(stay.admitted, default_parameters())
    if found is None:
        return  # an admission before the rule: no deadline to keep
    _days, deadline = found
    citizen = stay.citizen
    task = apps.get_model("followup", "Task").objects.create(
        citizen=citizen,
        title=(
            f"Underretning fra {stay.shelter.name}: borgeren er indskrevet {stay.admitted:%d.%m.%Y}"
        )[:200],
        due=max(deadline, today),
        assignee_id=citizen.case_worker_id,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        citizen=citizen,
        obj=task,
        detail={"stay": stay.pk},
    )


def _enter_shelter_situation(*, actor: User, citizen: Citizen, admitted: date) -> None:
    """Make the shelter the citizen's situation from the admission (unless it already is)."""
    from hjemvej.citizens.services import list_ensure

    current = citizen.situations.filter(end__isnull=True).order_by("-start").first()
    if current is not None and current.situation == Situation.SHELTER:
        return
    if citizen.situations.filter(start__gt=admitted).exists():
        return  # a later situation is already recorded; do not rewrite history
    citizen.situations.filter(end__isnull=True).update(end=admitted)
    HomelessnessSituation.objects.create(
        citizen=citizen,
        situation=Situation.SHELTER,
        start=admitted,
        source=SituationSource.SHELTER,
        created_by=actor,
    )
    list_ensure(actor=actor, citizen=citizen, on=admitted)


def stay_discharge(
    *,
    actor: User,
    stay: Stay,
    discharged: date,
    today: date,
    exit_reason: str = ExitReason.UNKNOWN,
    exit_destination: str = ExitDestination.UNKNOWN,
) -> Stay:
    """Discharge the citizen (udskrivning): the stay ends, and the citizen goes where they went.

    The destination's outcome (``destinations.EXIT_OUTCOMES``) follows from the discharge day: a
    homelessness situation opens (another shelter keeps the shelter situation open for the next
    admission), a home takes the citizen off the by-name list as housed, and an unknown
    destination leaves the citizen on the list for the case worker's task to find out. A citizen
    who died leaves the list as died.
    """
    if stay.discharged is not None:
        raise DomainError("Opholdet er allerede afsluttet.", field="discharged")
    check_discharge(stay.admitted, discharged, today)
    with transaction.atomic():
        stay.discharged = discharged
        stay.exit_reason, stay.exit_destination = exit_values(
            discharged, exit_reason, exit_destination
        )
        stay.save(update_fields=["discharged", "exit_reason", "exit_destination"])
        died = stay.exit_reason == ExitReason.DIED
        outcome = exit_outcome(stay.exit_destination)
        if died or outcome != Situation.SHELTER:
            stay.citizen.situations.filter(
                situation=Situation.SHELTER, end__isnull=True, start__lte=discharged
            ).update(end=discharged)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=stay.citizen,
            obj=stay,
            detail={"discharged": discharged.isoformat()},
        )
        _after_discharge(
            actor=actor, stay=stay, outcome=outcome, died=died, on=discharged, today=today
        )
        citizen_state_refresh(stay.citizen)
    return stay


def _after_discharge(
    *, actor: User, stay: Stay, outcome: str, died: bool, on: date, today: date
) -> None:
    """Record where the discharged citizen went, unless a later record already says it."""
    from hjemvej.citizens import services as citizen_services

    citizen = stay.citizen
    if died or outcome == HOUSED:
        citizen_services.homelessness_end(
            actor=actor,
            citizen=citizen,
            on=on,
            reason=ListEventReason.DIED if died else ListEventReason.HOUSED,
            today=today,
            note=f"Udskrevet fra {stay.shelter}: {stay.get_exit_destination_display().lower()}.",
        )
        return
    if outcome == UNKNOWN:
        return
    # A situation recorded from the discharge day on (an empty period holds no day) is newer
    # than the discharge: keep it. So is the shelter situation that goes on to the next shelter.
    recorded = citizen.situations.filter(start__gte=on).exclude(end=F("start"))
    going_on = citizen.situations.filter(situation=outcome, end__isnull=True, start__lte=on)
    if recorded.exists() or going_on.exists():
        return
    citizen_services.situation_add(
        actor=actor,
        citizen=citizen,
        situation=outcome,
        start=on,
        today=today,
        source=SituationSource.SHELTER,
        note=f"Udskrevet fra {stay.shelter}.",
    )


#: The fields of a stay that ``stay_update`` corrects: the edit form's and an import's.
STAY_UPDATE_FIELDS = (
    "admitted",
    "discharged",
    "stay_type",
    "prior_residence",
    "exit_reason",
    "exit_destination",
    "agreed_daily_rate",
    "own_payment",
    "own_payment_reduced",
    "own_payment_decided_on",
    "notified_on",
)


def stay_update(
    *,
    actor: User,
    stay: Stay,
    admitted: date,
    discharged: date | None,
    today: date,
    confirmed: bool = False,
    **fields: object,
) -> Stay:
    """Correct a stay's dates and details, keeping the no-overlap rule and the bounds."""
    allowed = {
        "stay_type",
        "prior_residence",
        "exit_reason",
        "exit_destination",
        "agreed_daily_rate",
        "own_payment",
        "own_payment_reduced",
        "own_payment_decided_on",
        "notified_on",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(f"Ukendte felter: {', '.join(sorted(unknown))}")
    reduced = fields.get("own_payment_reduced", stay.own_payment_reduced)
    decided_on = fields.get("own_payment_decided_on", stay.own_payment_decided_on)
    notified_on = fields.get("notified_on", stay.notified_on)
    own_payment = fields.get("own_payment", stay.own_payment)
    rate = fields.get("agreed_daily_rate", stay.agreed_daily_rate)
    bounds = Bounds(confirmed=confirmed)
    check_stay(
        admitted=admitted,
        discharged=discharged,
        today=today,
        notified_on=notified_on if isinstance(notified_on, date) else None,
        agreed_daily_rate=rate if isinstance(rate, Decimal) else None,
        own_payment=str(own_payment),
        own_payment_reduced=reduced if isinstance(reduced, Decimal) else None,
        own_payment_decided_on=decided_on if isinstance(decided_on, date) else None,
        bounds=bounds,
        rate_given=isinstance(rate, Decimal) and rate != stay.agreed_daily_rate,
    )
    bounds.done()
    if "exit_reason" in fields or "exit_destination" in fields:
        reason, destination = exit_values(
            discharged,
            str(fields.get("exit_reason", stay.exit_reason)),
            str(fields.get("exit_destination", stay.exit_destination)),
        )
        if "exit_reason" in fields:
            fields["exit_reason"] = reason
        if "exit_destination" in fields:
            fields["exit_destination"] = destination
    with transaction.atomic():
        clash = overlapping_stay(
            citizen=stay.citizen, admitted=admitted, discharged=discharged, exclude=stay.pk
        )
        if clash is not None:
            raise DomainError(
                f"Opholdet vil overlappe opholdet på {clash.shelter} "
                f"fra {clash.admitted:%d.%m.%Y}.",
                field="admitted",
            )
        changed = [
            name
            for name, value in {"admitted": admitted, "discharged": discharged, **fields}.items()
            if getattr(stay, name) != value
        ]
        stay.admitted, stay.discharged = admitted, discharged
        for name, value in fields.items():
            setattr(stay, name, value)
        try:
            with transaction.atomic():
                stay.save()
        except IntegrityError:
            raise DomainError("Opholdet vil overlappe et andet ophold.", field="admitted") from None
        citizen_state_refresh(stay.citizen)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=stay.citizen,
            obj=stay,
            detail={"fields": sorted(changed), **bounds.audit()},
        )
    return stay


def shelter_rate_check(*, valid_from: date, daily_rate: Decimal, confirmed: bool = False) -> Bounds:
    """Check a daily rate (the admin's form checks before it saves); return its bounds."""
    if daily_rate < 0:
        raise DomainError("Taksten kan ikke være negativ.", field="daily_rate")
    bounds = Bounds(confirmed=confirmed)
    rate_bounds(daily_rate, on=valid_from, field="daily_rate", bounds=bounds)
    bounds.done()
    return bounds


def shelter_rate_set(
    *,
    actor: User,
    shelter: Shelter,
    valid_from: date,
    daily_rate: Decimal,
    confirmed: bool = False,
) -> ShelterRate:
    """Set the shelter's daily rate from a date on (replacing a rate from the same date).

    A rate above the usual bound is set only ``confirmed``; the audit entry says so.
    """
    bounds = shelter_rate_check(valid_from=valid_from, daily_rate=daily_rate, confirmed=confirmed)
    with transaction.atomic():
        rate, created = ShelterRate.objects.update_or_create(
            shelter=shelter,
            valid_from=valid_from,
            defaults={"daily_rate": daily_rate, "changed_by": actor, "changed_at": timezone.now()},
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=rate,
            detail={"shelter": shelter.pk, "valid_from": valid_from.isoformat(), **bounds.audit()},
        )
    return rate

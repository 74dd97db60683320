"""The small demo's second stage: each plan played through the services, stay by stay."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from hjemvej.citizens.models import Citizen, ListEventReason, Situation
from hjemvej.citizens.services import citizen_create, situation_add, situation_end
from hjemvej.demo.small_base import (
    DESTINATION,
    EXIT_REASONS,
    HOUSED,
    INACTIVE,
    PRIOR,
    REDUCED_OWN_PAYMENTS,
    SITUATION,
    SOURCE,
    STAY,
    Demo,
    Plan,
    Segment,
    Totals,
    weighted,
)
from hjemvej.shelters.models import ExitDestination, OwnPayment, PriorResidence, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge


def _notified(rng: random.Random, admitted: date, today: date) -> date | None:
    """Return when the shelter notified the acting municipality: mostly in time, some late."""
    roll = rng.random()
    if roll < 0.78:
        notified = admitted + timedelta(days=rng.randint(0, 2))
    elif roll < 0.92:
        notified = admitted + timedelta(days=rng.randint(6, 25))  # later than 3 working days
    else:
        return None
    return notified if notified <= today else None


def play(rng: random.Random, demo: Demo, plan: Plan, totals: Totals) -> Citizen:
    """Play the plan through the services; return the citizen."""
    actor, today = demo.actor, demo.today
    person = plan.person
    first = plan.segments[0]
    situation = Situation.SHELTER if first.kind == STAY else first.situation
    citizen = citizen_create(
        actor=actor,
        acting_municipality=demo.municipality,
        situation=situation,
        situation_start=plan.start,
        today=today,
        cpr=person.cpr,
        alias=person.alias,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        gender=person.gender,
        contact_note=person.contact_note,
        residence_municipality=demo.municipality if rng.random() < 0.8 else None,
        source=SOURCE[situation],
    )
    totals.citizens += 1
    stay: Stay | None = None
    previous: Segment | None = None
    for segment, day in zip(plan.segments, plan.dates, strict=True):
        leaving = {HOUSED: ListEventReason.HOUSED, INACTIVE: ListEventReason.INACTIVE}.get(
            segment.kind
        )
        if stay is not None:  # the previous segment was a stay: discharge
            if leaving:  # off the list on the day of discharge
                situation_end(actor=actor, citizen=citizen, end=day, reason=leaving, today=today)
            elif segment.kind == SITUATION:  # known before the discharge, which then keeps it
                _situation(demo, citizen, segment, day)
            stay_discharge(
                actor=actor,
                stay=stay,
                discharged=day,
                today=today,
                exit_reason=weighted(rng, EXIT_REASONS),
                exit_destination=_destination(rng, segment),
            )
            stay = None
        elif leaving and previous is not None:
            situation_end(actor=actor, citizen=citizen, end=day, reason=leaving, today=today)
        if segment.kind == SITUATION and previous is not None and previous.kind != STAY:
            _situation(demo, citizen, segment, day)
        elif segment.kind == STAY:
            stay = _admit(rng, demo, citizen, segment, previous, day)
            totals.stays += 1
            end = min(day + timedelta(days=segment.days), today)
            totals.nights += (end - day).days
        previous = segment
    if stay is not None:
        totals.open_stays += 1
    return citizen


def _situation(demo: Demo, citizen: Citizen, segment: Segment, day: date) -> None:
    situation_add(
        actor=demo.actor,
        citizen=citizen,
        situation=segment.situation,
        start=day,
        today=demo.today,
        source=SOURCE[segment.situation],
    )


def _destination(rng: random.Random, following: Segment) -> str:
    if following.kind == STAY:
        return ExitDestination.OTHER_SHELTER
    if following.kind == HOUSED:
        return ExitDestination.OWN_HOME_SUPPORT if rng.random() < 0.6 else ExitDestination.OWN_HOME
    if following.kind == INACTIVE:
        return ExitDestination.UNKNOWN
    return DESTINATION.get(following.situation, ExitDestination.UNKNOWN)


def _admit(
    rng: random.Random,
    demo: Demo,
    citizen: Citizen,
    segment: Segment,
    previous: Segment | None,
    day: date,
) -> Stay:
    shelter = demo.shelters[segment.shelter]
    prior: str
    if previous is None:
        prior = rng.choice(
            (PriorResidence.UNKNOWN, PriorResidence.STREET, PriorResidence.FAMILY_FRIENDS)
        )
    elif previous.kind == STAY:
        prior = PriorResidence.OTHER_SHELTER
    elif previous.kind == HOUSED:
        prior = PriorResidence.OWN_HOME
    elif previous.kind == INACTIVE:
        prior = PriorResidence.UNKNOWN
    else:
        prior = PRIOR.get(previous.situation, PriorResidence.UNKNOWN)
    roll = rng.random()
    own_payment, reduced, decided = OwnPayment.STATUTORY, None, None
    if roll < 0.16:
        own_payment = OwnPayment.WAIVED if roll < 0.09 else OwnPayment.REDUCED
        reduced = rng.choice(REDUCED_OWN_PAYMENTS) if own_payment == OwnPayment.REDUCED else None
        decided = min(day + timedelta(days=rng.randint(0, 10)), demo.today)
    agreed = None
    if segment.shelter in demo.external and rng.random() < 0.06:
        current = shelter.rates.filter(valid_from__lte=day).order_by("-valid_from").first()
        if current is not None:
            agreed = (current.daily_rate * Decimal("1.1")).quantize(Decimal(1))
    return stay_admit(
        actor=demo.actor,
        citizen=citizen,
        shelter=shelter,
        admitted=day,
        today=demo.today,
        prior_residence=prior,
        agreed_daily_rate=agreed,
        own_payment=own_payment,
        own_payment_reduced=reduced,
        own_payment_decided_on=decided,
        notified_on=_notified(rng, day, demo.today),
    )

"""The national demo: about 23,000 citizens and 100,000 stays, for performance work.

The rows are generated and written with ``bulk_create`` in chunks, not through the services:
that is acceptable only because the data are generated. They keep every rule the services keep:
a citizen's stays never share a night, dates lie between 1 January 2019 (when the demo
shelters' rates begin) and today, a discharge is never before its admission, CPR numbers are
valid and stored encrypted with their keyed hash (``hjemvej.citizens.cpr``), situations follow
the stays without gaps or overlaps, and the by-name list events match the situations.

The random shape of the stays (counts, lengths, gaps, shelters, endings) is drawn with numpy in
``hjemvej.demo.national_draws``; this module lays it out along each citizen's life and writes it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from django.contrib.auth.hashers import make_password

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.models import (
    ActingBasis,
    ActingMunicipalityPeriod,
    ByNameListEvent,
    Citizen,
    Consent,
    HomelessnessSituation,
    ListEventKind,
    ListEventReason,
    Situation,
    SituationSource,
)
from hjemvej.citizens.state import citizen_states_refresh
from hjemvej.demo import names
from hjemvej.demo.common import SHELTERS, ShelterSpec
from hjemvej.demo.national_draws import COURSE_KINDS, EXIT_REASONS, Draws, draw
from hjemvej.demo.people import Person, draw_people
from hjemvej.demo.small import DESTINATION, MONTHLY_COST, OTHER_SITUATIONS, PRIOR, SOURCE
from hjemvej.rules.dates import add_months_clamped
from hjemvej.rules.support import methods
from hjemvej.shelters.models import (
    ExitDestination,
    Operator,
    OwnPayment,
    PriorResidence,
    Shelter,
    Stay,
)
from hjemvej.support.models import Contact, ContactKind, CourseKind, SupportCourse

FIRST_DAY = date(2019, 1, 1)
CHUNK = 1000  # citizens written at a time
#: Citizens per case worker (a made-up caseload); every citizen has one, as the services ensure,
#: but for the newly identified share below, whose tasks are the team's until one is assigned.
CASELOAD = 60
UNASSIGNED_SHARE = 0.03
#: The case workers' teams (the manager's start page counts overdue tasks per team).
TEAMS = 8
BATCH = 5000  # rows per INSERT

#: Where the national data set's further shelters lie (besides the small demo's nine).
EXTRA_SHELTER_CODES = (
    "101", "147", "157", "167", "173", "175", "230", "265", "330", "376", "410", "461",
    "510", "561", "607", "621", "630", "657", "661", "730", "751", "791", "851", "860",
)  # fmt: skip

Progress = Callable[[float], None]


@dataclass
class Totals:
    citizens: int = 0
    stays: int = 0
    open_stays: int = 0
    nights: int = 0
    situations: int = 0
    courses: int = 0
    contacts: int = 0


def extra_shelters(
    rng: random.Random, municipalities: Sequence[Municipality]
) -> tuple[ShelterSpec, ...]:
    """Return the national data set's further shelters, one or two in each listed municipality."""
    specs = []
    for index, municipality in enumerate(municipalities):
        word = names.SHELTER_WORDS[index % len(names.SHELTER_WORDS)]
        specs.append(
            ShelterSpec(
                name=f"{word} ({municipality.name})",
                code=municipality.code,
                operator=Operator.PUBLIC if index % 3 else Operator.PRIVATE,
                on_tilbudsportalen=index % 11 != 5,
                places=rng.randint(15, 60),
                rate_2019=Decimal(rng.randint(1200, 2050)),
                yearly_rise=Decimal(rng.choice(("0.02", "0.025", "0.03"))),
            )
        )
    return tuple(specs)


SITUATION_CODES = tuple(s for s, _ in OTHER_SITUATIONS)


@dataclass
class Context:
    actor: User
    municipality: Municipality
    shelters: Sequence[Shelter]
    rates: dict[tuple[int, int], Decimal]  # (shelter id, year) -> rate
    workers: Sequence[User]
    favourite_worker: User | None
    today: date
    #: Who may be a citizen's responsible case worker (the case worker login among them).
    case_workers: Sequence[User] = ()


def _earliest(person: Person) -> date:
    if person.birth_date is None:
        return FIRST_DAY
    return max(FIRST_DAY, add_months_clamped(person.birth_date, 18 * 12))


def case_workers(municipality: Municipality, citizens: int, login: User | None) -> list[User]:
    """Create the case workers a municipality of this size would have (no password: no logins).

    One for every ``CASELOAD`` citizens, in ``TEAMS`` teams; the case worker login, when made,
    is one of them and takes the same share.
    """
    made = [
        User(
            username=f"sagsbehandler-{n:03d}",
            first_name="Sagsbehandler",
            last_name=f"{n:03d}",
            role=Role.CASE_WORKER,
            team=f"Team {n % TEAMS + 1}",
            municipality=municipality,
            password=make_password(None),
        )
        for n in range(1, max(citizens // CASELOAD, 1) + (0 if login else 1))
    ]
    created = User.objects.bulk_create(made, batch_size=BATCH)
    return [login, *created] if login is not None else created


def _citizen(ctx: Context, person: Person, residence: bool, index: int, assigned: bool) -> Citizen:
    citizen = Citizen(
        alias=person.alias,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        gender=person.gender,
        contact_note=person.contact_note,
        acting_municipality=ctx.municipality,
        residence_municipality=ctx.municipality if residence else None,
        case_worker=(
            ctx.case_workers[index % len(ctx.case_workers)]
            if assigned and ctx.case_workers
            else None
        ),
    )
    if person.cpr:
        citizen.cpr_token = cpr_codec.encrypt(person.cpr)
        citizen.cpr_hash = cpr_codec.lookup_hash(person.cpr)
    return citizen


class Rows:
    """The rows of one chunk of citizens, ready for bulk_create."""

    def __init__(self) -> None:
        self.situations: list[HomelessnessSituation] = []
        self.events: list[ByNameListEvent] = []
        self.stays: list[Stay] = []
        self.courses: list[SupportCourse] = []
        self.contacts: list[tuple[int, Contact]] = []  # index into courses
        self.consents: list[Consent] = []


def _timeline(
    ctx: Context,
    d: Draws,
    index: int,
    citizen: Citizen,
    person: Person,
    pyrng: random.Random,
    rows: Rows,
    totals: Totals,
) -> None:
    """Lay out one citizen's situations, stays and list events, ending today."""
    today, actor = ctx.today, ctx.actor
    first, count = int(d.starts[index]), int(d.counts[index])
    lengths = [int(x) for x in d.lengths[first : first + count]]
    gaps = [int(x) for x in d.gaps[first : first + count]]
    final = int(d.final[index])
    final_days = 0 if final == 0 else int(d.final_days[index])
    available = (today - _earliest(person)).days
    total = sum(lengths) + sum(gaps) + final_days
    if total > available:  # shrink the time between stays, then the stays, then drop stays
        room = max(available - sum(lengths), 0)
        factor = room / max(sum(gaps) + final_days, 1)
        gaps = [int(g * factor) for g in gaps]
        final_days = 0 if final == 0 else max(1, int(final_days * factor))
        total = sum(lengths) + sum(gaps) + final_days
    if total > available:
        factor = max(available - sum(gaps) - final_days - count, 0) / max(sum(lengths), 1)
        lengths = [max(1, int(n * factor)) for n in lengths]
        total = sum(lengths) + sum(gaps) + final_days
    while total > available and len(lengths) > 1:
        total -= lengths.pop(0) + gaps.pop(0)
        first += 1
        count -= 1
    day = today - timedelta(days=min(total, available))
    situations = rows.situations

    def situation(code: str, start: date, end: date | None, source: str) -> None:
        situations.append(
            HomelessnessSituation(
                citizen=citizen,
                situation=code,
                start=start,
                end=end,
                source=source,
                created_by=actor,
            )
        )

    def event(on: date, kind: str, reason: str) -> None:
        rows.events.append(
            ByNameListEvent(citizen=citizen, date=on, kind=kind, reason=reason, created_by=actor)
        )

    event(day, ListEventKind.ENTERED, ListEventReason.NEWLY_IDENTIFIED)
    previous_code = ""
    last_shelter = -1
    for k in range(count):
        j = first + k
        gap = gaps[k]
        if gap:
            if k and bool(d.housed_gap[j]):
                event(day, ListEventKind.LEFT, ListEventReason.HOUSED)
                event(
                    day + timedelta(days=gap),
                    ListEventKind.ENTERED,
                    ListEventReason.RETURNED_FROM_HOUSING,
                )
                previous_code = "housed"
            else:
                code = SITUATION_CODES[int(d.situation[j])]
                situation(code, day, day + timedelta(days=gap), SOURCE[code])
                previous_code = code
            day += timedelta(days=gap)
        elif k:
            previous_code = "shelter"
        is_open = k == count - 1 and final == 0
        nights = (today - day).days if is_open else lengths[k]
        discharged = None if is_open else day + timedelta(days=nights)
        if discharged is not None and discharged > today:  # pragma: no cover - fitted above
            discharged = today
        situation(Situation.SHELTER, day, discharged, SituationSource.SHELTER)
        if k + 1 < count:
            following = gaps[k + 1]
            after = "shelter" if not following else "housed" if d.housed_gap[j + 1] else ""
            after = after or SITUATION_CODES[int(d.situation[j + 1])]
        else:
            after = {1: SITUATION_CODES[int(d.final_situation[index])], 2: "housed"}.get(final, "")
        shelter = int(d.shelter[j])
        if previous_code == "shelter" and shelter == last_shelter:  # a transfer goes elsewhere
            shelter = (shelter + 1) % len(ctx.shelters)
        last_shelter = shelter
        rows.stays.append(_stay(ctx, d, j, citizen, shelter, day, discharged, previous_code, after))
        totals.stays += 1
        totals.nights += nights
        totals.open_stays += is_open
        if discharged is not None:
            day = discharged
    if final == 1:
        code = SITUATION_CODES[int(d.final_situation[index])]
        situation(code, day, None, SOURCE[code])
    elif final in (2, 3):
        event(
            day,
            ListEventKind.LEFT,
            ListEventReason.HOUSED if final == 2 else ListEventReason.INACTIVE,
        )
    _support(ctx, d, index, citizen, day, final, pyrng, rows)


def _stay(
    ctx: Context,
    d: Draws,
    j: int,
    citizen: Citizen,
    shelter_index: int,
    admitted: date,
    discharged: date | None,
    before: str,
    after: str,
) -> Stay:
    """Return one stay; ``before`` and ``after`` say where the citizen came from and went."""
    shelter = ctx.shelters[shelter_index]
    prior = {"shelter": PriorResidence.OTHER_SHELTER, "housed": PriorResidence.OWN_HOME}.get(
        before, PRIOR.get(before, PriorResidence.UNKNOWN)
    )
    own = int(d.own_payment[j])
    decided = min(admitted + timedelta(days=3), ctx.today) if own else None
    notified_after = int(d.notified[j])
    notified = admitted + timedelta(days=notified_after) if notified_after >= 0 else None
    if notified is not None and notified > ctx.today:
        notified = None
    agreed = None
    if d.agreed[j]:
        agreed = (ctx.rates[(shelter.pk, admitted.year)] * Decimal("1.1")).quantize(Decimal(1))
    reason, destination = "", ""
    if discharged is not None:
        reason = EXIT_REASONS[int(d.exit_reason[j])]
        destination = {
            "shelter": ExitDestination.OTHER_SHELTER,
            "housed": ExitDestination.OWN_HOME_SUPPORT,
        }.get(after, DESTINATION.get(after, ExitDestination.UNKNOWN))
    return Stay(
        citizen=citizen,
        shelter=shelter,
        admitted=admitted,
        discharged=discharged,
        prior_residence=prior,
        exit_reason=reason,
        exit_destination=destination,
        agreed_daily_rate=agreed,
        own_payment=(OwnPayment.STATUTORY, OwnPayment.WAIVED, OwnPayment.REDUCED)[own],
        own_payment_reduced=Decimal(50) if own == 2 else None,
        own_payment_decided_on=decided,
        notified_on=notified,
        created_by=ctx.actor,
    )


def _support(
    ctx: Context,
    d: Draws,
    index: int,
    citizen: Citizen,
    since: date,
    final: int,
    rng: random.Random,
    rows: Rows,
) -> None:
    """Add a course with contacts to some citizens, and a consent to some."""
    today = ctx.today
    kind_index = int(d.course[index])
    if kind_index >= 0:
        kind = COURSE_KINDS[kind_index]
        start = min(since + timedelta(days=rng.randint(0, 30)), today)
        end = add_months_clamped(start, 9) if kind == CourseKind.CTI else None
        worker = (
            ctx.favourite_worker
            if ctx.favourite_worker is not None and index % 8 == 0
            else (rng.choice(ctx.workers) if ctx.workers else None)
        )
        course = SupportCourse(
            citizen=citizen,
            kind=kind,
            decided_on=start,
            start=start,
            end=end,
            worker=worker,
            monthly_cost=Decimal(MONTHLY_COST[kind]),
            # As ``course_create`` gives a reviewed course its first review.
            next_review=(
                methods.next_review(last=start, given=None).due
                if kind in methods.REVIEWED_METHODS
                else None
            ),
        )
        rows.courses.append(course)
        day = start
        until = min(end or today, today)
        position = len(rows.courses) - 1
        while day <= until:
            rows.contacts.append(
                (
                    position,
                    Contact(
                        citizen=citizen,
                        date=day,
                        kind=ContactKind.OUTREACH
                        if kind == CourseKind.SEL99
                        else ContactKind.VISIT,
                        with_whom="Borgeren",
                        note=rng.choice(names.CONTACT_NOTES),
                        created_by=ctx.actor,
                    ),
                )
            )
            day += timedelta(days=rng.randint(14, 60))
    if rng.random() < 0.2:
        recipient, scope = rng.choice(names.CONSENTS)
        rows.consents.append(
            Consent(citizen=citizen, recipient=recipient, scope=scope, given_on=since)
        )


def _acting_periods(
    ctx: Context, made: list[Citizen], rows: Rows
) -> list[ActingMunicipalityPeriod]:
    """One open period per citizen, from the first situation (as ``citizen_create`` writes it)."""
    first: dict[int, date] = {}
    for situation in rows.situations:
        known = first.get(situation.citizen_id)
        if known is None or situation.start < known:
            first[situation.citizen_id] = situation.start
    return [
        ActingMunicipalityPeriod(
            citizen=citizen,
            municipality=ctx.municipality,
            valid_from=min(first.get(citizen.pk, ctx.today), ctx.today),
            basis=ActingBasis.RESIDENCE,
            created_by=ctx.actor,
        )
        for citizen in made
    ]


def build(*, ctx: Context, seed: int, citizens: int, progress: Progress) -> Totals:
    """Generate and write the national data set, ``CHUNK`` citizens at a time."""
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    internal = sum(1 for s in ctx.shelters if s.municipality_id == ctx.municipality.pk)
    draws = draw(rng, citizens, len(ctx.shelters), internal)
    people = draw_people(pyrng, citizens, today=ctx.today)
    residence = rng.random(citizens) < 0.8
    # Drawn from a generator of its own, so the rest of the data set is what it was before.
    assigned = np.random.default_rng(seed + 1).random(citizens) >= UNASSIGNED_SHARE
    totals = Totals()
    for chunk_start in range(0, citizens, CHUNK):
        chunk = range(chunk_start, min(chunk_start + CHUNK, citizens))
        made = [_citizen(ctx, people[i], bool(residence[i]), i, bool(assigned[i])) for i in chunk]
        Citizen.objects.bulk_create(made, batch_size=BATCH)
        rows = Rows()
        for i, citizen in zip(chunk, made, strict=True):
            _timeline(ctx, draws, i, citizen, people[i], pyrng, rows, totals)
        HomelessnessSituation.objects.bulk_create(rows.situations, batch_size=BATCH)
        ByNameListEvent.objects.bulk_create(rows.events, batch_size=BATCH)
        Stay.objects.bulk_create(rows.stays, batch_size=BATCH)
        SupportCourse.objects.bulk_create(rows.courses, batch_size=BATCH)
        contacts = []
        for position, contact in rows.contacts:
            contact.course = rows.courses[position]
            contacts.append(contact)
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        Consent.objects.bulk_create(rows.consents, batch_size=BATCH)
        ActingMunicipalityPeriod.objects.bulk_create(
            _acting_periods(ctx, made, rows), batch_size=BATCH
        )
        # Written without the services, so the chunk's stored list state is refreshed in bulk here.
        citizen_states_refresh(citizen.pk for citizen in made)
        totals.citizens += len(made)
        totals.situations += len(rows.situations)
        totals.courses += len(rows.courses)
        totals.contacts += len(contacts)
        progress(totals.citizens / citizens)
    return totals


def standard_shelters(pyrng: random.Random, today: date) -> tuple[ShelterSpec, ...]:
    """Return the small demo's shelters and the national set's further ones."""
    municipalities = list(
        Municipality.objects.filter(code__in=EXTRA_SHELTER_CODES).order_by("code")
    )
    return SHELTERS + extra_shelters(pyrng, municipalities)

"""The national demo: about 23,000 citizens and 100,000 stays, for performance work.

The rows are generated and written with ``bulk_create`` in chunks, not through the services:
that is acceptable only because the data are generated. They keep every rule the services keep:
a citizen's stays never share a night, dates lie between 1 January 2019 (when the demo
shelters' rates begin) and today, a discharge is never before its admission, CPR numbers are
valid and stored encrypted with their keyed hash (``hjemvej.citizens.cpr``), situations follow
the stays without gaps or overlaps, and the by-name list events match the situations.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from hjemvej.accounts.models import Municipality, User
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    Consent,
    HomelessnessSituation,
    ListEventKind,
    ListEventReason,
    Situation,
    SituationSource,
)
from hjemvej.demo import names
from hjemvej.demo.common import SHELTERS, ShelterSpec
from hjemvej.demo.people import Person, draw_people
from hjemvej.demo.small import (
    DESTINATION,
    MONTHLY_COST,
    OTHER_SITUATIONS,
    PRIOR,
    SOURCE,
    add_months,
)
from hjemvej.shelters.models import (
    ExitDestination,
    ExitReason,
    Operator,
    OwnPayment,
    PriorResidence,
    Shelter,
    Stay,
)
from hjemvej.support.models import Contact, ContactKind, CourseKind, SupportCourse

IntArray = npt.NDArray[np.int64]
FIRST_DAY = date(2019, 1, 1)
CHUNK = 1000  # citizens written at a time
BATCH = 5000  # rows per INSERT

#: Where the national data set's further shelters lie (besides the small demo's nine).
EXTRA_SHELTER_CODES = (
    "101", "147", "157", "167", "173", "175", "230", "265", "330", "376", "410", "461",
    "510", "561", "607", "621", "630", "657", "661", "730", "751", "791", "851", "860",
)  # fmt: skip

# Stays per citizen: most 1–5, a middle group 6–19 and a few heavy users with 20–40 (mean ≈ 4.3).
_MAIN_COUNTS = np.array([1, 2, 3, 4, 5], dtype=np.int64)
_MAIN_COUNT_P = np.array([0.38, 0.24, 0.16, 0.12, 0.10])
_GROUP_P = np.array([0.85, 0.13, 0.02])
# Stay lengths in nights: (lowest, highest) bands, log-uniform inside a band.
_LENGTH_BANDS = np.array(
    [(1, 1), (2, 5), (6, 30), (31, 119), (120, 364), (365, 1000)], dtype=np.int64
)
_LENGTH_P = np.array([0.11, 0.13, 0.21, 0.23, 0.21, 0.11])
_HEAVY_LENGTH_P = np.array([0.20, 0.30, 0.30, 0.17, 0.03, 0.0])
# Time between stays: 0 is a transfer (discharged and admitted the same day).
_GAP_BANDS = np.array([(0, 0), (1, 7), (8, 60), (61, 365), (366, 1200)], dtype=np.int64)
_GAP_P = np.array([0.08, 0.15, 0.27, 0.30, 0.20])

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


def _banded(
    rng: np.random.Generator, bands: IntArray, p: npt.NDArray[np.float64], size: int
) -> IntArray:
    which = rng.choice(len(bands), size=size, p=p)
    low = bands[which, 0].astype(np.float64)
    high = bands[which, 1].astype(np.float64)
    value = (
        np.floor(np.exp(np.log(low + 1) + rng.random(size) * (np.log(high + 2) - np.log(low + 1))))
        - 1
    )
    drawn: IntArray = np.clip(value, low, high).astype(np.int64)
    return drawn


@dataclass
class Draws:
    """Everything random about the stays, drawn at once with numpy."""

    counts: IntArray  # stays per citizen
    starts: IntArray  # each citizen's first stay's index
    lengths: IntArray  # nights per stay
    gaps: IntArray  # days before each stay (the first stay's is the initial situation)
    housed_gap: npt.NDArray[np.bool_]  # the time before the stay was spent in a home
    shelter: IntArray
    final: IntArray  # 0 open stay, 1 open situation, 2 housed, 3 inactive
    final_days: IntArray
    situation: IntArray  # index into OTHER_SITUATIONS, per stay (the situation before it)
    final_situation: IntArray
    exit_reason: IntArray
    own_payment: IntArray
    notified: IntArray  # days after admission; -1 not notified
    agreed: npt.NDArray[np.bool_]
    course: IntArray  # -1 none, else index into COURSE_KINDS


COURSE_KINDS = (
    CourseKind.CTI,
    CourseKind.ICM,
    CourseKind.ACT,
    CourseKind.M_ACT,
    CourseKind.SEL85,
    CourseKind.SEL99,
)
EXIT_REASONS = (
    ExitReason.AGREEMENT,
    ExitReason.LEFT,
    ExitReason.EXPELLED,
    ExitReason.OTHER,
    ExitReason.UNKNOWN,
)
SITUATION_CODES = tuple(s for s, _ in OTHER_SITUATIONS)


def draw(rng: np.random.Generator, citizens: int, n_shelters: int, internal: int) -> Draws:
    """Draw the shape of every citizen's stays."""
    group = rng.choice(3, size=citizens, p=_GROUP_P)
    counts = np.where(
        group == 0,
        rng.choice(_MAIN_COUNTS, size=citizens, p=_MAIN_COUNT_P),
        np.where(
            group == 1, rng.integers(6, 20, size=citizens), rng.integers(20, 41, size=citizens)
        ),
    ).astype(np.int64)
    n = int(counts.sum())
    citizen = np.repeat(np.arange(citizens), counts)
    heavy = (counts >= 20)[citizen]
    lengths = np.where(
        heavy,
        _banded(rng, _LENGTH_BANDS, _HEAVY_LENGTH_P, n),
        _banded(rng, _LENGTH_BANDS, _LENGTH_P, n),
    )
    gaps = _banded(rng, _GAP_BANDS, _GAP_P, n)
    starts = np.cumsum(counts) - counts
    # Before the first stay: an initial situation of 0 (straight into a shelter) to 300 days.
    gaps[starts] = np.where(rng.random(citizens) < 0.3, 0, rng.integers(1, 301, size=citizens))
    # Half the stays in Demo Kommune's shelters, the rest spread over the country.
    popularity = 1.0 / np.arange(1, n_shelters - internal + 1) ** 0.7
    home = rng.choice(internal, size=citizens)
    elsewhere = internal + rng.choice(
        n_shelters - internal, size=n, p=popularity / popularity.sum()
    )
    shelter = np.where(rng.random(n) < 0.5, home[citizen], elsewhere)
    weights = np.array([w for _, w in OTHER_SITUATIONS], dtype=np.float64)
    return Draws(
        counts=counts,
        starts=starts,
        lengths=lengths,
        gaps=gaps,
        housed_gap=(gaps > 60) & (rng.random(n) < 0.3),
        shelter=shelter.astype(np.int64),
        final=rng.choice(4, size=citizens, p=[0.08, 0.55, 0.3, 0.07]),
        final_days=rng.integers(1, 500, size=citizens),
        situation=rng.choice(len(weights), size=n, p=weights / weights.sum()),
        final_situation=rng.choice(len(weights), size=citizens, p=weights / weights.sum()),
        exit_reason=rng.choice(len(EXIT_REASONS), size=n, p=[0.66, 0.18, 0.08, 0.04, 0.04]),
        own_payment=rng.choice(3, size=n, p=[0.90, 0.05, 0.05]),
        notified=np.where(
            rng.random(n) < 0.85,
            rng.integers(0, 3, size=n),
            np.where(rng.random(n) < 0.6, rng.integers(6, 25, size=n), -1),
        ),
        agreed=rng.random(n) < 0.05,
        course=np.where(
            rng.random(citizens) < 0.3, rng.choice(len(COURSE_KINDS), size=citizens), -1
        ),
    )


@dataclass
class Context:
    actor: User
    municipality: Municipality
    shelters: Sequence[Shelter]
    rates: dict[tuple[int, int], Decimal]  # (shelter id, year) -> rate
    workers: Sequence[User]
    favourite_worker: User | None
    today: date


def _earliest(person: Person) -> date:
    if person.birth_date is None:
        return FIRST_DAY
    return max(FIRST_DAY, add_months(person.birth_date, 18 * 12))


def _citizen(ctx: Context, person: Person, residence: bool) -> Citizen:
    citizen = Citizen(
        alias=person.alias,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        gender=person.gender,
        contact_note=person.contact_note,
        acting_municipality=ctx.municipality,
        residence_municipality=ctx.municipality if residence else None,
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
        end = add_months(start, 9) if kind == CourseKind.CTI else None
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


def build(*, ctx: Context, seed: int, citizens: int, progress: Progress) -> Totals:
    """Generate and write the national data set, ``CHUNK`` citizens at a time."""
    rng = np.random.default_rng(seed)
    pyrng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    internal = sum(1 for s in ctx.shelters if s.municipality_id == ctx.municipality.pk)
    draws = draw(rng, citizens, len(ctx.shelters), internal)
    people = draw_people(pyrng, citizens)
    residence = rng.random(citizens) < 0.8
    totals = Totals()
    for chunk_start in range(0, citizens, CHUNK):
        chunk = range(chunk_start, min(chunk_start + CHUNK, citizens))
        made = [_citizen(ctx, people[i], bool(residence[i])) for i in chunk]
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

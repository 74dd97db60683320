"""The small demo: about 150 citizens of Demo Kommune, built through the services.

Every citizen gets a plan first: a chain of segments (a situation, a shelter stay, housed, or
inactive), the last of which lasts until today. The plan is then played through the services a
user would use (``citizen_create``, ``situation_add``, ``stay_admit``, ``stay_discharge``,
``situation_end``, ``course_create``, ``contact_add``, ``consent_add`` …), so the data obey every
rule the services hold and the audit log shows the "demo" actor's entries.

Stay lengths are drawn stratified (fixed shares of 1 night, 2–5, 6–30, 31–119, 120–364 and
365–1,000 nights, log-spread inside each band), so the average stay lasts about 145 nights for
any seed: many short stays and a long tail beyond a year.
"""

from __future__ import annotations

import math
import random
from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from hjemvej.accounts.models import Municipality, User
from hjemvej.citizens.models import Citizen, ListEventReason, Situation, SituationSource
from hjemvej.citizens.services import (
    citizen_create,
    consent_add,
    consent_withdraw,
    situation_add,
    situation_end,
)
from hjemvej.core.demo import names
from hjemvej.core.demo.common import Say
from hjemvej.core.demo.people import Person, draw_people
from hjemvej.shelters.models import (
    ExitDestination,
    ExitReason,
    OwnPayment,
    PriorResidence,
    Shelter,
    Stay,
)
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import ContactKind, CourseKind
from hjemvej.support.services import contact_add, course_create

FIRST_DAY = date(2019, 1, 1)

STAY = "stay"
HOUSED = "housed"
INACTIVE = "inactive"
SITUATION = "situation"

#: (lowest, highest) nights and the share of stays in the band.
LENGTH_BANDS: tuple[tuple[int, int, float], ...] = (
    (1, 1, 0.10),
    (2, 5, 0.12),
    (6, 30, 0.20),
    (31, 119, 0.23),
    (120, 364, 0.23),
    (365, 1000, 0.12),
)
STAYS_PER_CITIZEN = ((0, 30), (1, 33), (2, 17), (3, 9), (4, 5), (5, 3), (6, 3))

#: The eight situations besides the shelter, with how often citizens are in each.
OTHER_SITUATIONS = (
    (Situation.STREET, 18),
    (Situation.NIGHT_SHELTER, 12),
    (Situation.HOTEL, 5),
    (Situation.SOFA, 30),
    (Situation.TRANSITIONAL, 8),
    (Situation.PRISON_RELEASE, 8),
    (Situation.HOSPITAL_DISCHARGE, 8),
    (Situation.OTHER, 6),
)
SOURCE: dict[str, str] = {
    Situation.STREET: SituationSource.OUTREACH,
    Situation.NIGHT_SHELTER: SituationSource.OUTREACH,
    Situation.SHELTER: SituationSource.SHELTER,
    Situation.HOTEL: SituationSource.CASE_WORK,
    Situation.SOFA: SituationSource.CITIZEN,
    Situation.TRANSITIONAL: SituationSource.CASE_WORK,
    Situation.PRISON_RELEASE: SituationSource.PRISON,
    Situation.HOSPITAL_DISCHARGE: SituationSource.HEALTH,
    Situation.OTHER: SituationSource.CASE_WORK,
}
PRIOR: dict[str, str] = {
    Situation.STREET: PriorResidence.STREET,
    Situation.NIGHT_SHELTER: PriorResidence.STREET,
    Situation.HOTEL: PriorResidence.HOTEL,
    Situation.SOFA: PriorResidence.FAMILY_FRIENDS,
    Situation.TRANSITIONAL: PriorResidence.OTHER,
    Situation.PRISON_RELEASE: PriorResidence.PRISON,
    Situation.HOSPITAL_DISCHARGE: PriorResidence.HOSPITAL,
    Situation.OTHER: PriorResidence.OTHER,
}
DESTINATION: dict[str, str] = {
    Situation.STREET: ExitDestination.STREET,
    Situation.NIGHT_SHELTER: ExitDestination.STREET,
    Situation.HOTEL: ExitDestination.OTHER,
    Situation.SOFA: ExitDestination.FAMILY_FRIENDS,
    Situation.TRANSITIONAL: ExitDestination.TRANSITIONAL,
    Situation.PRISON_RELEASE: ExitDestination.PRISON,
    Situation.HOSPITAL_DISCHARGE: ExitDestination.HOSPITAL,
    Situation.OTHER: ExitDestination.OTHER,
}
EXIT_REASONS = (
    (ExitReason.AGREEMENT, 66),
    (ExitReason.LEFT, 18),
    (ExitReason.EXPELLED, 8),
    (ExitReason.OTHER, 4),
    (ExitReason.UNKNOWN, 4),
)
#: Support after a move into a home: kind and weight; § 99 goes to citizens on the street.
HOUSING_COURSES = (
    (CourseKind.CTI, 30),
    (CourseKind.ICM, 25),
    (CourseKind.ACT, 10),
    (CourseKind.M_ACT, 10),
    (CourseKind.SEL85, 25),
)
MONTHLY_COST: dict[str, int] = {
    CourseKind.SEL85: 6200,
    CourseKind.CTI: 9400,
    CourseKind.ICM: 7900,
    CourseKind.ACT: 14800,
    CourseKind.M_ACT: 11200,
    CourseKind.SEL99: 3900,
}
REDUCED_OWN_PAYMENTS = (Decimal(30), Decimal(45), Decimal(50), Decimal(60), Decimal("75.50"))


@dataclass
class Segment:
    """A stretch of the citizen's life; ``days`` long, or until today when it is the last."""

    kind: str
    days: int
    situation: str = ""
    shelter: int = -1  # index into the shelters, for a stay


@dataclass
class Plan:
    """What will happen to one citizen, from ``start`` on."""

    person: Person
    start: date
    segments: list[Segment]
    dates: list[date] = field(default_factory=list)  # each segment's first day


@dataclass
class Demo:
    """What the small demo builds on."""

    actor: User
    municipality: Municipality
    shelters: Sequence[Shelter]
    internal: Sequence[int]  # indexes of the shelters in Demo Kommune
    external: Sequence[int]
    workers: Sequence[User]
    favourite_worker: User | None  # the ``bostoette`` login, given several courses
    today: date


@dataclass
class Totals:
    citizens: int = 0
    stays: int = 0
    open_stays: int = 0
    nights: int = 0
    courses: int = 0
    contacts: int = 0
    consents: int = 0


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def log_spread(low: int, high: int, count: int) -> list[int]:
    """Return ``count`` integers spread evenly on a log scale over ``[low, high]``."""
    if low == high:
        return [low] * count
    ratio = math.log(high / low)
    return [round(low * math.exp(ratio * (i + 0.5) / count)) for i in range(count)]


def stay_lengths(rng: random.Random, count: int) -> list[int]:
    """Return ``count`` stay lengths in nights, stratified over the bands, shuffled."""
    sizes = [round(share * count) for _, _, share in LENGTH_BANDS]
    sizes[3] += count - sum(sizes)  # the rounding remainder goes to the middle band
    lengths = [
        n
        for (low, high, _), size in zip(LENGTH_BANDS, sizes, strict=True)
        for n in log_spread(low, high, size)
    ]
    rng.shuffle(lengths)
    return lengths


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in pairs], weights=[w for _, w in pairs], k=1)[0]


def _between(rng: random.Random, low: int, high: int) -> int:
    """Return an integer in ``[low, high]``, log-uniformly (short spans more often)."""
    return min(high, max(low, round(math.exp(rng.uniform(math.log(low), math.log(high))))))


def _other_situation(rng: random.Random, not_this: str = "") -> str:
    choices = [(s, w) for s, w in OTHER_SITUATIONS if s != not_this]
    return _weighted(rng, choices)


def _pick_shelter(rng: random.Random, demo: Demo, not_this: int = -1) -> int:
    """Return a shelter's index: 55 % in Demo Kommune, else an external shelter; by size."""
    pool = demo.internal if rng.random() < 0.55 else demo.external
    pool = [i for i in pool if i != not_this] or [i for i in demo.internal if i != not_this]
    weights = [demo.shelters[i].places for i in pool]
    return rng.choices(pool, weights=weights, k=1)[0]


def _earliest(person: Person) -> date:
    if person.birth_date is None:
        return FIRST_DAY
    adult = add_months(person.birth_date, 18 * 12)
    return max(FIRST_DAY, adult)


def plan_citizen(
    rng: random.Random,
    demo: Demo,
    person: Person,
    lengths: list[int],
    *,
    final_situation: str = "",
    open_stay: bool = False,
) -> Plan:
    """Return the plan of one citizen with ``len(lengths)`` stays of those lengths."""
    segments: list[Segment] = []
    last_shelter = -1
    for number, length in enumerate(lengths):
        if number == 0:
            if rng.random() < 0.7:
                situation = _other_situation(rng)
                segments.append(Segment(SITUATION, _between(rng, 3, 300), situation))
        else:
            roll = rng.random()
            if roll < 0.08:
                pass  # a transfer: straight from one shelter to another
            elif roll < 0.28:  # housed for a while, then back (a readmission)
                segments.append(Segment(HOUSED, _between(rng, 60, 900)))
                if rng.random() < 0.5:
                    situation = _other_situation(rng)
                    segments.append(Segment(SITUATION, _between(rng, 3, 120), situation))
            elif roll < 0.33:
                segments.append(Segment(INACTIVE, _between(rng, 30, 400)))
            else:
                for _ in range(rng.choice((1, 1, 1, 2))):
                    previous = segments[-1].situation if segments else ""
                    situation = _other_situation(rng, previous)
                    segments.append(Segment(SITUATION, _between(rng, 3, 400), situation))
        last_shelter = _pick_shelter(
            rng, demo, last_shelter if not segments or segments[-1].kind == STAY else -1
        )
        segments.append(Segment(STAY, length, shelter=last_shelter))

    if open_stay and lengths:
        pass  # the last stay lasts until today: its length is the nights so far
    elif final_situation:
        previous = segments[-1].situation if segments else ""
        if final_situation == previous:
            segments.append(Segment(HOUSED, _between(rng, 30, 200)))
        segments.append(Segment(SITUATION, _between(rng, 2, 400), final_situation))
    elif not lengths:  # never in a shelter: one to three situations, perhaps housed since
        for _ in range(rng.choice((1, 1, 2, 3))):
            previous = segments[-1].situation if segments else ""
            situation = _other_situation(rng, previous)
            segments.append(Segment(SITUATION, _between(rng, 5, 500), situation))
        roll = rng.random()
        if roll < 0.25:
            segments.append(Segment(HOUSED, _between(rng, 20, 1200)))
        elif roll < 0.35:
            segments.append(Segment(INACTIVE, _between(rng, 20, 500)))
    else:
        roll = rng.random()
        if roll < 0.5:
            previous = segments[-1].situation if segments else ""
            situation = _other_situation(rng, previous)
            segments.append(Segment(SITUATION, _between(rng, 2, 700), situation))
        elif roll < 0.85:
            segments.append(Segment(HOUSED, _between(rng, 20, 1500)))
        else:
            segments.append(Segment(INACTIVE, _between(rng, 20, 500)))
    return _fit(rng, person, segments, demo.today)


def _fit(rng: random.Random, person: Person, segments: list[Segment], today: date) -> Plan:
    """Place the segments so that the last one reaches today; shrink what does not fit."""
    available = (today - _earliest(person)).days
    total = sum(s.days for s in segments)
    if total > available:  # shorten the time between stays first, never a stay
        others = [s for s in segments if s.kind != STAY]
        stays = total - sum(s.days for s in others)
        room = max(available - stays, len(others))
        factor = room / max(sum(s.days for s in others), 1)
        for s in others:
            s.days = max(1, math.floor(s.days * factor))
        total = sum(s.days for s in segments)
    while total > available and len(segments) > 1:  # still too long: the oldest part goes
        total -= segments.pop(0).days
        while segments[0].kind in (HOUSED, INACTIVE) and len(segments) > 1:
            total -= segments.pop(0).days
    if segments[0].kind in (HOUSED, INACTIVE):  # a citizen's history begins in homelessness
        segments[0] = Segment(SITUATION, segments[0].days, Situation.SOFA)
    # Spread the first days over the years: lengthen a time off the list, or the first or
    # last situation (long-term homelessness); never a stay.
    slack = math.floor(max(available - total, 0) * rng.random() ** 2)
    stretch = next(
        (s for s in (segments[-1], segments[0]) if s.kind in (HOUSED, INACTIVE, SITUATION)), None
    )
    if stretch is not None:
        stretch.days += slack
        total += slack
    start = today - timedelta(days=min(total, available))
    dates = []
    day = start
    for segment in segments:
        dates.append(day)
        day += timedelta(days=segment.days)
    return Plan(person, start, segments, dates)


def make_plans(rng: random.Random, demo: Demo, people: Sequence[Person]) -> list[Plan]:
    """Return every citizen's plan; together they cover all nine situations, now and before."""
    counts = [int(_weighted(rng, [(str(n), w) for n, w in STAYS_PER_CITIZEN])) for _ in people]
    lengths = stay_lengths(rng, sum(counts))
    plans: list[Plan] = []
    finals = [s for s, _ in OTHER_SITUATIONS]
    for index, person in enumerate(people):
        own, lengths = lengths[: counts[index]], lengths[counts[index] :]
        final = finals[index] if index < len(finals) else ""
        open_stay = index == len(finals) or (
            index > len(finals) and bool(own) and rng.random() < 0.45
        )
        if open_stay and not own:
            own = [_between(rng, 10, 200)]
        plans.append(
            plan_citizen(rng, demo, person, own, final_situation=final, open_stay=open_stay)
        )
    return plans


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
            stay_discharge(
                actor=actor,
                stay=stay,
                discharged=day,
                today=today,
                exit_reason=_weighted(rng, EXIT_REASONS),
                exit_destination=_destination(rng, segment),
            )
            stay = None
        elif leaving and previous is not None:
            situation_end(actor=actor, citizen=citizen, end=day, reason=leaving, today=today)
        if segment.kind == SITUATION and previous is not None:
            situation_add(
                actor=actor,
                citizen=citizen,
                situation=segment.situation,
                start=day,
                today=today,
                source=SOURCE[segment.situation],
            )
        elif segment.kind == STAY:
            stay = _admit(rng, demo, citizen, segment, previous, day)
            totals.stays += 1
            end = min(day + timedelta(days=segment.days), today)
            totals.nights += (end - day).days
        previous = segment
    if stay is not None:
        totals.open_stays += 1
    return citizen


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


@dataclass
class CoursePlan:
    kind: str
    decided_on: date
    start: date
    end: date | None


def plan_courses(rng: random.Random, plan: Plan, today: date) -> list[CoursePlan]:
    """Return the citizen's support: Housing First around a move, § 99 on the street."""
    courses: list[CoursePlan] = []
    segments, dates = plan.segments, plan.dates
    for index, segment in enumerate(segments):
        day = dates[index]
        last = index == len(segments) - 1
        if segment.kind == HOUSED and index > 0 and rng.random() < 0.75:
            kind = _weighted(rng, HOUSING_COURSES)
            start = max(day - timedelta(days=rng.randint(0, 20)), plan.start)
            decided = max(start - timedelta(days=rng.randint(7, 45)), plan.start)
            courses.append(
                CoursePlan(
                    kind,
                    decided,
                    start,
                    _course_end(rng, kind, start, None if last else dates[index + 1], today),
                )
            )
        elif (
            segment.kind == SITUATION
            and last
            and segment.situation in (Situation.STREET, Situation.NIGHT_SHELTER)
            and rng.random() < 0.7
        ):
            start = min(day + timedelta(days=rng.randint(0, 30)), today)
            courses.append(CoursePlan(CourseKind.SEL99, start, start, None))
        elif segment.kind == STAY and last and rng.random() < 0.3:  # decided before discharge
            kind = rng.choice((CourseKind.CTI, CourseKind.ICM))
            start = max(today - timedelta(days=rng.randint(0, 60)), day)
            courses.append(
                CoursePlan(kind, start, start, _course_end(rng, kind, start, None, today))
            )
    return courses


def _course_end(
    rng: random.Random, kind: str, start: date, back: date | None, today: date
) -> date | None:
    """Return the end: CTI after 9 months; the others open, unless the citizen came back."""
    if kind == CourseKind.CTI:
        return add_months(start, 9)
    if back is not None and back > start:
        return back
    if kind == CourseKind.SEL85 and rng.random() < 0.4:
        end = add_months(start, rng.randint(12, 24))
        return end if end <= today else None
    return None


def play_support(
    rng: random.Random,
    demo: Demo,
    citizen: Citizen,
    plan: Plan,
    courses: list[CoursePlan],
    totals: Totals,
) -> None:
    """Create the citizen's courses with their contacts, other contacts, and consents."""
    actor, today = demo.actor, demo.today
    for course_plan in courses:
        worker = _worker(rng, demo, totals)
        course = course_create(
            actor=actor,
            citizen=citizen,
            kind=course_plan.kind,
            decided_on=course_plan.decided_on,
            start=course_plan.start,
            end=course_plan.end,
            worker=worker,
            monthly_cost=Decimal(MONTHLY_COST[course_plan.kind]),
        )
        totals.courses += 1
        until = min(course_plan.end or today, today)
        days = _contact_days(rng, course_plan.start, until, every=(7, 30), keep=10)
        for number, day in enumerate(days):
            kind = (
                ContactKind.NETWORK_MEETING
                if number == 0 and course_plan.kind in HOUSING_KINDS
                else _contact_kind(rng, course_plan.kind)
            )
            contact_add(
                actor=actor,
                citizen=citizen,
                on=day,
                kind=kind,
                today=today,
                with_whom=rng.choice(names.WITH_WHOM),
                note=rng.choice(names.CONTACT_NOTES),
                course=course,
            )
            totals.contacts += 1
    last = plan.segments[-1]
    if not courses and last.kind in (SITUATION, STAY):  # the case worker's own contacts
        since = plan.dates[-1]
        stop = today - timedelta(days=_between(rng, 1, 240))  # some have had none for long
        for day in _contact_days(rng, since, max(stop, since), every=(10, 60), keep=4):
            contact_add(
                actor=actor,
                citizen=citizen,
                on=day,
                kind=rng.choice((ContactKind.PHONE, ContactKind.MEETING, ContactKind.OUTREACH)),
                today=today,
                with_whom=rng.choice(names.WITH_WHOM),
                note=rng.choice(names.CONTACT_NOTES),
            )
            totals.contacts += 1
    if rng.random() < 0.55:
        for recipient, scope in rng.sample(names.CONSENTS, k=rng.choice((1, 1, 2))):
            given = plan.start + timedelta(days=rng.randint(0, max((today - plan.start).days, 0)))
            consent = consent_add(
                actor=actor,
                citizen=citizen,
                recipient=recipient,
                scope=scope,
                given_on=given,
                today=today,
            )
            totals.consents += 1
            if rng.random() < 0.1 and given < today:
                withdrawn = given + timedelta(days=rng.randint(1, (today - given).days))
                consent_withdraw(actor=actor, consent=consent, withdrawn_on=withdrawn)


HOUSING_KINDS = frozenset(
    {CourseKind.CTI, CourseKind.ICM, CourseKind.ACT, CourseKind.M_ACT, CourseKind.SEL85}
)


def _contact_kind(rng: random.Random, kind: str) -> str:
    if kind == CourseKind.SEL99:
        return rng.choice((ContactKind.OUTREACH, ContactKind.OUTREACH, ContactKind.PHONE))
    return rng.choice(
        (
            ContactKind.VISIT,
            ContactKind.VISIT,
            ContactKind.PHONE,
            ContactKind.MEETING,
            ContactKind.MESSAGE,
        )
    )


def _contact_days(
    rng: random.Random, start: date, until: date, *, every: tuple[int, int], keep: int
) -> list[date]:
    """Return contact dates from ``start`` to ``until``, ``every`` days apart; the last ``keep``."""
    days = []
    day = start + timedelta(days=rng.randint(0, every[0]))
    while day <= until:
        days.append(day)
        day += timedelta(days=rng.randint(*every))
    return days[-keep:]


def _worker(rng: random.Random, demo: Demo, totals: Totals) -> User | None:
    """Return the course's worker: every third course is the ``bostoette`` login's."""
    if demo.favourite_worker is not None and totals.courses % 3 == 0:
        return demo.favourite_worker
    return rng.choice(demo.workers) if demo.workers else None


def build(*, demo: Demo, seed: int, citizens: int, say: Say) -> Totals:
    """Build the small demo's citizens with everything that happened to them."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    people = draw_people(rng, citizens)
    plans = make_plans(rng, demo, people)
    courses = [plan_courses(rng, plan, demo.today) for plan in plans]
    _cover_every_kind(courses)
    totals = Totals()
    say(f"Borgere, situationer og ophold: {len(plans)} borgere …")
    made = [play(rng, demo, plan, totals) for plan in plans]
    say(
        f"  {totals.stays} ophold ({totals.open_stays} igangværende), "
        f"gennemsnitligt {totals.nights / max(totals.stays, 1):.0f} døgn"
    )
    say("Støtteforløb, kontakter og samtykker …")
    for citizen, plan, planned in zip(made, plans, courses, strict=True):
        play_support(rng, demo, citizen, plan, planned, totals)
    say(f"  {totals.courses} forløb, {totals.contacts} kontakter, {totals.consents} samtykker")
    return totals


def _cover_every_kind(courses: list[list[CoursePlan]]) -> None:
    """Make sure every kind of course is there: relabel the first housing courses if needed."""
    present = {c.kind for planned in courses for c in planned}
    missing = [k for k in CourseKind.values if k not in present and k != CourseKind.SEL99]
    counts: dict[str, int] = {}
    for planned in courses:
        for c in planned:
            counts[c.kind] = counts.get(c.kind, 0) + 1
    for planned in courses:
        for c in planned:
            if not missing:
                return
            if c.kind != CourseKind.SEL99 and counts[c.kind] > 1:
                counts[c.kind] -= 1
                c.kind = missing.pop()
                if c.kind == CourseKind.CTI:
                    c.end = add_months(c.start, 9)

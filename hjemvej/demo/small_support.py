"""The small demo's third stage: support courses with their contacts, other contacts, consents."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import consent_add, consent_withdraw
from hjemvej.demo import names
from hjemvej.demo.small_base import (
    HOUSED,
    HOUSING_COURSES,
    MONTHLY_COST,
    SITUATION,
    STAY,
    Demo,
    Plan,
    Totals,
    between,
    weighted,
)
from hjemvej.rules.dates import add_months_clamped
from hjemvej.support.models import ContactKind, CourseKind
from hjemvej.support.services import contact_add, course_create


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
            kind = weighted(rng, HOUSING_COURSES)
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
        return add_months_clamped(start, 9)
    if back is not None and back > start:
        return back
    if kind == CourseKind.SEL85 and rng.random() < 0.4:
        end = add_months_clamped(start, rng.randint(12, 24))
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
        stop = today - timedelta(days=between(rng, 1, 240))  # some have had none for long
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


def cover_every_kind(courses: list[list[CoursePlan]]) -> None:
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
                    c.end = add_months_clamped(c.start, 9)

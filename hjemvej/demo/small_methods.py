"""The small demo's method stage: CTI's phases and phase-3 assessments, reviews of ICM, ACT and
M-ACT, the § 85 a choice of a shelter's staff member, continuity across methods, caseload limits.

It runs after the existing demo (and after the housing stage, whose tenancies give CTI its phase 1
dates) and changes the courses ``small_support`` made, all through the support services.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.demo.small_base import Demo
from hjemvej.housing.models import Tenancy
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.support import methods
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.support.models import CourseKind, FutureNeed, SupportCourse
from hjemvej.support.services import (
    caseload_limit_set,
    course_review_add,
    course_update,
    cti_assessment_record,
)

#: Reviews are recorded for the last this many months of an open course.
REVIEW_HISTORY_MONTHS = 18
HANDED_OVER_TO = (
    "Borgeren selv og netværket",
    "§ 85-bostøtten",
    "ICM-teamet",
    "Borgerens søster og jobcentret",
    "Misbrugscentret og borgeren",
)
REVIEW_SUMMARIES = (
    "Borgeren trives i boligen. Fortsætter som aftalt.",
    "Huslejen er betalt. Aftalt hjælp til post og digital post.",
    "Borgeren ønsker mere kontakt med familien; netværksmøde planlægges.",
    "Intensiteten kan sænkes lidt. Næste skridt: aktivitet i dagtimerne.",
    "Uro i opgangen; aftalt møde med boligforeningen.",
)
STAFF_NAMES = ("Mette Lund", "Jonas Friis", "Sara Ahmadi", "Peter Kragh")


@dataclass
class Counts:
    phase1: int = 0
    contact_period: int = 0
    assessments: int = 0
    reviews: int = 0
    choices: int = 0
    same_worker: int = 0
    limits: int = 0


def play_methods(
    rng: random.Random,
    demo: Demo,
    citizens: Sequence[Citizen],
    logins: Mapping[str, User],
) -> str:
    """Give the demo's courses their method structure through the services; return a summary."""
    actor = logins.get("raadgiver") or logins.get("sagsbehandler") or demo.actor
    manager = logins.get("leder", demo.actor)
    today = demo.today
    counts = Counts()
    ids = [c.pk for c in citizens]
    courses = list(
        SupportCourse.objects.filter(citizen_id__in=ids)
        .select_related("citizen", "worker")
        .order_by("citizen_id", "start", "id")
    )
    moves: dict[int, list[tuple[date, date]]] = defaultdict(list)
    for citizen_id, signed, move_in in Tenancy.objects.filter(citizen_id__in=ids).values_list(
        "citizen_id", "lease_signed_on", "move_in"
    ):
        moves[citizen_id].append((signed, move_in))
    stays: dict[int, list[Stay]] = defaultdict(list)
    for stay in Stay.objects.filter(citizen_id__in=ids).select_related("shelter"):
        stays[stay.citizen_id].append(stay)
    choice_from = methods.staff_choice_first_day()
    for course in courses:
        if course.kind == CourseKind.CTI:
            _play_cti(
                rng, actor, course, moves[course.citizen_id], stays, choice_from, today, counts
            )
        elif course.kind in methods.REVIEWED_METHODS and course.end is None:
            _play_reviews(rng, actor, course, today, counts)
    _play_continuity(rng, actor, courses, counts)
    _play_limits(manager, demo, today, counts)
    return (
        f"Metoder: CTI med fase 1: {counts.phase1}, i kontaktperioden: {counts.contact_period}, "
        f"vurderinger i fase 3: {counts.assessments}, opfølgninger: {counts.reviews}, "
        f"valg af medarbejder på boform: {counts.choices}, "
        f"metodeskift med samme medarbejder: {counts.same_worker}, grænser: {counts.limits}"
    )


def _phase1_start(
    rng: random.Random, course: SupportCourse, moves: list[tuple[date, date]], today: date
) -> date | None:
    """Return when phase 1 began: the lease or move-in after the start, or a plausible day."""
    for signed, move_in in sorted(moves, key=lambda m: m[1]):
        day = max(min(signed, move_in), course.start)
        if move_in >= course.start and day <= today:
            return day
    waited = (today - course.start).days
    if waited < 14 or (waited < 120 and rng.random() < 0.3):
        return None  # still in the contact period
    return min(course.start + timedelta(days=rng.randint(0, 45)), today)


def _play_cti(
    rng: random.Random,
    actor: User,
    course: SupportCourse,
    moves: list[tuple[date, date]],
    stays: Mapping[int, list[Stay]],
    choice_from: date | None,
    today: date,
    counts: Counts,
) -> None:
    first = methods.cti_first_day()
    if course.start < first:
        return  # CTI before the reform's parameters: the course stays as it was made
    phase1 = _phase1_start(rng, course, moves, today)
    schedule = methods.cti_schedule(start=course.start, phase1_start=phase1)
    end = schedule.end
    # Most courses end as planned; some running ones have no end yet, and a few ran past it.
    # A course still in its contact period is open: its planned end is not known yet.
    if end is not None and rng.random() < (0.5 if end > today else 0.1):
        end = None
    shelter, staff, chosen_on = (
        _choice(rng, course, end, stays, choice_from, today, first=not counts.choices)
        if phase1
        else (None, "", None)
    )
    course_update(
        actor=actor,
        course=course,
        decided_on=course.decided_on,
        start=course.start,
        end=end,
        worker=course.worker,
        monthly_cost=course.monthly_cost,
        phase1_start=phase1,
        chosen_shelter=shelter,
        chosen_staff_name=staff,
        chosen_on=chosen_on,
    )
    if schedule.end is None:
        counts.contact_period += 1
        return
    counts.phase1 += 1
    counts.choices += int(shelter is not None)
    phase3 = schedule.periods[-1].start
    last_day = min(today, schedule.end - timedelta(days=1))
    if phase3 <= last_day and rng.random() < 0.7:
        assessed = phase3 + timedelta(days=rng.randint(0, (last_day - phase3).days))
        handed = min(assessed + timedelta(days=rng.randint(0, 30)), today)
        cti_assessment_record(
            actor=actor,
            course=course,
            assessed_on=assessed,
            future_need=rng.choice(FutureNeed.values),
            today=today,
            handed_over_to=rng.choice(HANDED_OVER_TO),
            handed_over_on=handed if rng.random() < 0.8 else None,
            note="Vurderet sammen med borgeren på et netværksmøde.",
        )
        counts.assessments += 1


def _choice(
    rng: random.Random,
    course: SupportCourse,
    end: date | None,
    stays: Mapping[int, list[Stay]],
    choice_from: date | None,
    today: date,
    *,
    first: bool,
) -> tuple[Shelter | None, str, date | None]:
    """Return a § 85 a choice of a shelter's staff member for some courses, when the rule allows.

    The first course that may have one gets one, so the demo always shows the choice.
    """
    if choice_from is None or today < choice_from or (not first and rng.random() < 0.6):
        return None, "", None
    if course.decided_on < choice_from:
        return None, "", None  # L 50 covers § 85 a decisions made from the rule's first day
    chosen_on = max(course.decided_on, course.start)
    if (end is not None and chosen_on >= end) or chosen_on > today:
        return None, "", None
    # A shelter the citizen stayed at and was not discharged from before the decision (L 50).
    where = sorted(
        {
            s.shelter
            for s in stays[course.citizen_id]
            if s.admitted <= chosen_on
            and (s.discharged is None or s.discharged >= course.decided_on)
        },
        key=lambda s: s.pk,
    )
    if not where:
        return None, "", None
    return rng.choice(where), rng.choice(STAFF_NAMES), chosen_on


def _play_reviews(
    rng: random.Random, actor: User, course: SupportCourse, today: date, counts: Counts
) -> None:
    """Record reviews over the last months; a fifth of the courses let the last one slip."""
    interval = default_parameters().count(methods.REVIEW_INTERVAL, today)
    since = max(course.start, today - timedelta(days=30 * REVIEW_HISTORY_MONTHS))
    held = since + timedelta(days=30 * interval + rng.randint(-10, 10))
    stop = today - timedelta(days=30 * interval + 20) if rng.random() < 0.2 else today
    while held <= stop:
        course_review_add(
            actor=actor,
            course=course,
            held_on=max(held, course.start),
            today=today,
            summary=rng.choice(REVIEW_SUMMARIES),
        )
        counts.reviews += 1
        held += timedelta(days=30 * interval + rng.randint(-10, 10))


def _play_continuity(
    rng: random.Random, actor: User, courses: list[SupportCourse], counts: Counts
) -> None:
    """Let half of the changes of method keep the worker who knew the citizen."""
    by_citizen: dict[int, list[SupportCourse]] = defaultdict(list)
    for course in courses:
        by_citizen[course.citizen_id].append(course)
    for own in by_citizen.values():
        rows = [methods.MethodCourse(str(c.pk), c.kind, c.start, c.end, c.worker_id) for c in own]
        found = {str(c.pk): c for c in own}
        for change in methods.method_changes(rows):
            before, after = found[change.before.course_id], found[change.after.course_id]
            if before.worker is None or change.same_worker:
                counts.same_worker += int(bool(change.same_worker))
                continue
            if rng.random() < 0.5:
                course_update(
                    actor=actor,
                    course=after,
                    decided_on=after.decided_on,
                    start=after.start,
                    end=after.end,
                    worker=before.worker,
                    monthly_cost=after.monthly_cost,
                )
                counts.same_worker += 1


def _play_limits(actor: User, demo: Demo, today: date, counts: Counts) -> None:
    """Set two limits as a manager would: ACT as the method says, ICM tight enough to bite."""
    if actor.municipality_id != demo.municipality.pk:
        return
    open_now = SupportCourse.objects.filter(
        citizen__acting_municipality=demo.municipality, start__lte=today, worker__isnull=False
    ).filter(Q(end__isnull=True) | Q(end__gt=today))
    icm = Counter(open_now.filter(kind=CourseKind.ICM).values_list("worker_id", flat=True))
    caseload_limit_set(
        actor=actor, municipality=demo.municipality, kind=CourseKind.ACT, max_citizens=8
    )
    counts.limits += 1
    busiest = max(icm.values(), default=0)
    if busiest > 1:
        caseload_limit_set(
            actor=actor,
            municipality=demo.municipality,
            kind=CourseKind.ICM,
            max_citizens=busiest - 1,
        )
        counts.limits += 1

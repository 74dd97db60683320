"""A citizen's courses as their methods see them: CTI's phases, reviews, support before the move,
continuity across a change of method."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.core.formatting import kroner
from hjemvej.housing.models import Tenancy
from hjemvej.rules.explain import danish_date
from hjemvej.rules.parameters import (
    ParameterError,
    ParameterSet,
    ParameterValue,
    default_parameters,
)
from hjemvej.rules.support import methods
from hjemvej.support.models import CourseKind, CourseReview, CtiAssessment, SupportCourse

#: Courses whose start is compared with the move-in (outreach under § 99 is not support at home).
HOME_SUPPORT_KINDS = frozenset(
    {CourseKind.CTI, CourseKind.ICM, CourseKind.ACT, CourseKind.M_ACT, CourseKind.SEL85}
)


# --- A citizen's courses ----------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenFacts:
    """What the structure of a citizen's courses is read from, loaded once."""

    reviews: dict[int, list[CourseReview]]  # by course id, newest first
    assessments: dict[int, CtiAssessment]  # by course id
    tenancies: list[tuple[date, date | None]]  # (move_in, move_out)
    leases: list[date]  # the days leases were signed


def citizen_facts(citizen: Citizen) -> CitizenFacts:
    """Load the reviews, assessments and tenancies of a citizen's courses (three queries)."""
    reviews: dict[int, list[CourseReview]] = defaultdict(list)
    for review in CourseReview.objects.filter(course__citizen=citizen).select_related("created_by"):
        reviews[review.course_id].append(review)
    for rows in reviews.values():
        rows.sort(key=lambda r: (r.held_on, r.pk), reverse=True)
    assessments = {a.course_id: a for a in CtiAssessment.objects.filter(course__citizen=citizen)}
    tenancy_rows = list(
        Tenancy.objects.filter(citizen=citizen).values_list(
            "move_in", "move_out", "lease_signed_on"
        )
    )
    return CitizenFacts(
        reviews=dict(reviews),
        assessments=assessments,
        tenancies=[(move_in, move_out) for move_in, move_out, _ in tenancy_rows],
        leases=[signed for _, _, signed in tenancy_rows],
    )


@dataclass(frozen=True)
class PhaseRow:
    """One period of a CTI course as the page shows it."""

    phase: methods.CtiPhase
    last_day: date | None
    current: bool
    past: bool


@dataclass(frozen=True)
class CtiView:
    """CTI's contact period, phases, the phase today, the assessment and what is still open."""

    problem: str  # Danish, when the phases cannot be computed
    schedule: methods.CtiSchedule
    rows: list[PhaseRow]
    phase_today: str
    assessment: CtiAssessment | None
    assessment_due: date | None  # the last day of phase 3
    assessment_open: bool  # phase 3 has begun and nothing is recorded
    assessment_overdue: bool
    end_overdue: bool  # the planned end has passed and the course has no end date
    no_lease_before_phase1: bool  # Hjemvej knows of no lease signed by phase 1
    milestones: list[methods.CtiMilestone]


@dataclass(frozen=True)
class ReviewView:
    """An open-ended course's reviews and the next one."""

    reviews: list[CourseReview]
    next_due: methods.ReviewDate | None  # None once the course has ended
    overdue: bool


@dataclass(frozen=True)
class CourseStructure:
    """One course with what its method says about it today."""

    course: SupportCourse
    today: date
    status: str  # Danish: Igangværende, Afsluttet, Ikke begyndt
    is_open: bool
    cti: CtiView | None
    review: ReviewView | None
    before_move: methods.BeforeMove | None
    parameters: list[ParameterValue] = field(default_factory=list)

    @property
    def monthly_cost(self) -> str:
        """Return the course's monthly cost as Danish money."""
        return kroner(self.course.monthly_cost)

    @property
    def has_choice(self) -> bool:
        """Return whether the citizen chose a shelter's staff member for this course (§ 85 a)."""
        return bool(self.course.chosen_staff_name)


def course_structure(
    course: SupportCourse,
    today: date,
    *,
    facts: CitizenFacts | None = None,
    params: ParameterSet | None = None,
) -> CourseStructure:
    """Return a course's method structure today: CTI's phases, reviews, support before the move."""
    params = params or default_parameters()
    facts = facts or citizen_facts(course.citizen)
    is_open = course.start <= today and (course.end is None or course.end > today)
    if course.start > today:
        status = "Ikke begyndt"
    elif is_open:
        status = "Igangværende"
    else:
        status = "Afsluttet"
    used: list[ParameterValue] = []
    cti = _cti_view(course, today, facts, params) if course.kind == CourseKind.CTI else None
    if cti is not None:
        used.extend(cti.schedule.parameters)
    review = None
    if course.kind in methods.REVIEWED_METHODS:
        review = _review_view(course, today, facts)
        if review.next_due is not None and review.next_due.parameter is not None:
            used.append(review.next_due.parameter)
    before_move = None
    if course.kind in HOME_SUPPORT_KINDS:
        before_move = methods.support_before_move(
            start=course.start, tenancies=facts.tenancies, params=params
        )
        used.append(before_move.parameter)
    if course.chosen_on is not None:
        used.append(params.at(methods.STAFF_CHOICE, course.chosen_on))
    return CourseStructure(course, today, status, is_open, cti, review, before_move, used)


def _cti_view(
    course: SupportCourse, today: date, facts: CitizenFacts, params: ParameterSet
) -> CtiView:
    problem = ""
    try:
        schedule = methods.cti_schedule(
            start=course.start, phase1_start=course.phase1_start, params=params
        )
    except ParameterError:
        first = danish_date(methods.cti_first_day(params))
        problem = f"Faserne kan ikke beregnes: parametrene for CTI's faser gælder fra {first}."
        schedule = methods.cti_schedule(start=course.start, phase1_start=None, params=params)
    ended = course.end is not None and course.end <= today
    rows = [
        PhaseRow(
            phase=p,
            last_day=p.end - timedelta(days=1) if p.end is not None and p.end > p.start else None,
            current=not ended and p.contains(today) and p.end != p.start,
            past=p.end is not None and p.end <= today,
        )
        for p in schedule.periods
        if p.end is None or p.end > p.start  # an empty contact period is not shown
    ]
    current = schedule.phase_on(today)
    if course.start > today:
        phase_today = "Forløbet er ikke begyndt"
    elif ended:
        phase_today = "Forløbet er afsluttet"
    elif current is not None:
        phase_today = current.name
    else:
        phase_today = "Efter fase 3: forløbet skulle være afsluttet"
    assessment = facts.assessments.get(course.pk)
    due = schedule.end - timedelta(days=1) if schedule.end is not None else None
    phase3 = schedule.periods[-1].start if schedule.phase1_start is not None else None
    assessment_open = assessment is None and phase3 is not None and phase3 <= today and not ended
    return CtiView(
        problem=problem,
        schedule=schedule,
        rows=rows,
        phase_today=phase_today,
        assessment=assessment,
        assessment_due=due,
        assessment_open=assessment_open,
        assessment_overdue=assessment_open and due is not None and today > due,
        end_overdue=(course.end is None and schedule.end is not None and today >= schedule.end),
        no_lease_before_phase1=(
            course.phase1_start is not None
            and not any(signed <= course.phase1_start for signed in facts.leases)
        ),
        milestones=methods.cti_open_milestones(
            schedule, as_of=today, ended_on=course.end, assessed=assessment is not None
        ),
    )


def _review_view(course: SupportCourse, today: date, facts: CitizenFacts) -> ReviewView:
    reviews = facts.reviews.get(course.pk, [])
    ended = course.end is not None and course.end <= today
    if ended:
        return ReviewView(reviews, None, False)
    last = reviews[0].held_on if reviews else course.start
    due = review_date(last=last, stored=course.next_review)
    return ReviewView(reviews, due, today > due.due)


def review_date(
    *, last: date, stored: date | None, params: ParameterSet | None = None
) -> methods.ReviewDate:
    """Return the next review: the stored date, flagged as the default when it is the default.

    The services store the default interval's date when the case worker gives none, so a stored
    date equal to it is shown with the interval parameter (and its status).
    """
    default = methods.next_review(last=last, given=None, params=params)
    if stored is None or stored == default.due:
        return default
    return methods.ReviewDate(stored, False, None)


@dataclass(frozen=True)
class MethodChangeLine:
    """A change of method between two of the citizen's courses, for the page."""

    change: methods.MethodChange
    before: SupportCourse
    after: SupportCourse

    @property
    def text(self) -> str:
        """Return the change in Danish: who carried the citizen across it."""
        before, after = self.before, self.after
        head = f"{before.get_kind_display()} → {after.get_kind_display()}"
        same = self.change.same_worker
        if same is None:
            return f"{head}: medarbejderen er ikke registreret på begge forløb."
        if same:
            return f"{head}: samme medarbejder ({worker_name(after.worker)})."
        return (
            f"{head}: ny medarbejder ({worker_name(before.worker)} → {worker_name(after.worker)})."
        )


def worker_name(user: User | None) -> str:
    """Return a worker's name as the pages show it."""
    if user is None:
        return "ingen"
    return user.get_full_name() or user.username


def continuity(
    courses: Sequence[SupportCourse], params: ParameterSet | None = None
) -> list[MethodChangeLine]:
    """Return the changes of method among a citizen's courses and whether the worker stayed."""
    by_id = {str(c.pk): c for c in courses}
    changes = methods.method_changes(
        [
            methods.MethodCourse(str(c.pk), c.kind, c.start, c.end, c.worker_id)
            for c in sorted(courses, key=lambda c: (c.start, c.pk))
        ],
        params,
    )
    return [
        MethodChangeLine(change, by_id[change.before.course_id], by_id[change.after.course_id])
        for change in changes
    ]

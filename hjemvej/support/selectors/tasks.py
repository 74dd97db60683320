"""What the task engine may ask about courses: CTI's open milestones and the next reviews."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Max

from hjemvej.rules.parameters import ParameterError, ParameterValue, default_parameters
from hjemvej.rules.support import methods
from hjemvej.support.models import CourseKind, CourseReview, CtiAssessment, SupportCourse
from hjemvej.support.selectors.structure import review_date


@dataclass(frozen=True)
class CourseMilestone:
    """A CTI milestone with the course, citizen and worker it belongs to."""

    course_id: int
    citizen_id: int
    worker_id: int | None
    milestone: methods.CtiMilestone

    @property
    def kind(self) -> str:
        """Return ``phase_start``, ``planned_end`` or ``assessment``."""
        return self.milestone.kind

    @property
    def due(self) -> date:
        """Return the day the milestone is due."""
        return self.milestone.due


def cti_milestones(courses: Iterable[SupportCourse], today: date) -> list[CourseMilestone]:
    """Return the open milestones of the CTI courses among ``courses`` (one query).

    For each CTI course with a phase 1 date and not ended by ``today``: the next phase change,
    the phase-3 assessment (until recorded; due on phase 3's last day, relevant from its first)
    and the planned end (until the course has an end date).
    """
    cti = [c for c in courses if c.kind == CourseKind.CTI and c.phase1_start is not None]
    if not cti:
        return []
    assessed = set(
        CtiAssessment.objects.filter(course_id__in=[c.pk for c in cti]).values_list(
            "course_id", flat=True
        )
    )
    params = default_parameters()
    found: list[CourseMilestone] = []
    for course in cti:
        try:
            schedule = methods.cti_schedule(
                start=course.start, phase1_start=course.phase1_start, params=params
            )
        except ParameterError:
            continue  # phase 1 before the phase parameters' first day: no dates to give
        for milestone in methods.cti_open_milestones(
            schedule, as_of=today, ended_on=course.end, assessed=course.pk in assessed
        ):
            found.append(CourseMilestone(course.pk, course.citizen_id, course.worker_id, milestone))
    return found


@dataclass(frozen=True)
class ReviewDue:
    """The next review of an ICM, ACT or M-ACT course."""

    course_id: int
    citizen_id: int
    worker_id: int | None
    kind: str
    due: date
    defaulted: bool  # set by the default interval, not by the case worker
    parameter: ParameterValue | None


def review_due(courses: Iterable[SupportCourse]) -> list[ReviewDue]:
    """Return the next review of each ICM, ACT and M-ACT course among ``courses`` (one query).

    The course's ``next_review`` when set, else the default interval from the latest review (or
    the start); ``defaulted`` says the date is the default interval's. A review due on or after
    the course's end is left out. Pass the courses open on the day you look at.
    """
    reviewed = [c for c in courses if c.kind in methods.REVIEWED_METHODS]
    if not reviewed:
        return []
    latest: dict[int, date] = dict(
        CourseReview.objects.filter(course_id__in=[c.pk for c in reviewed])
        .values("course_id")
        .annotate(last=Max("held_on"))
        .values_list("course_id", "last")
    )
    params = default_parameters()
    found: list[ReviewDue] = []
    for course in reviewed:
        due = review_date(
            last=latest.get(course.pk, course.start), stored=course.next_review, params=params
        )
        if course.end is not None and due.due >= course.end:
            continue
        found.append(
            ReviewDue(
                course.pk,
                course.citizen_id,
                course.worker_id,
                course.kind,
                due.due,
                due.defaulted,
                due.parameter,
            )
        )
    return found

"""Reads for support: a course's method structure, the task engine's CTI and review dates, caseload.

Each function asks the database a fixed number of times however many courses or workers there
are, and hands plain rows to the pure rules in ``hjemvej.rules.support.methods``.
"""

from hjemvej.support.selectors.caseload import (
    CASELOAD_KINDS,
    Caseload,
    CaseloadCell,
    CaseloadRow,
    caseload,
    caseload_limits,
)
from hjemvej.support.selectors.mine import open_courses_of
from hjemvej.support.selectors.structure import (
    HOME_SUPPORT_KINDS,
    CitizenFacts,
    CourseStructure,
    CtiView,
    MethodChangeLine,
    PhaseRow,
    ReviewView,
    citizen_facts,
    continuity,
    course_structure,
    review_date,
    worker_name,
)
from hjemvej.support.selectors.tasks import CourseMilestone, ReviewDue, cti_milestones, review_due

__all__ = [
    "CASELOAD_KINDS",
    "HOME_SUPPORT_KINDS",
    "Caseload",
    "CaseloadCell",
    "CaseloadRow",
    "CitizenFacts",
    "CourseMilestone",
    "CourseStructure",
    "CtiView",
    "MethodChangeLine",
    "PhaseRow",
    "ReviewDue",
    "ReviewView",
    "caseload",
    "caseload_limits",
    "citizen_facts",
    "continuity",
    "course_structure",
    "cti_milestones",
    "open_courses_of",
    "review_date",
    "review_due",
    "worker_name",
]

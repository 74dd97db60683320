"""Tasks of support courses: CTI's phases and end, reviews, the end of § 176 a reimbursement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from hjemvej.rules.explain import danish_date
from hjemvej.rules.followup.model import DueTask, Responsible, TaskKind, days_param, make_task
from hjemvej.rules.parameters import ParameterError, ParameterSet, ParameterValue
from hjemvej.rules.support import HOUSING_FIRST_METHODS, SupportCourse, SupportReadings
from hjemvej.rules.support import Stay as SupportStay
from hjemvej.rules.support.methods import (
    PHASE_NAMES,
    CtiMilestone,
    cti_open_milestones,
    cti_schedule,
)
from hjemvej.rules.support.model import merge
from hjemvej.rules.support.periods import citizen_periods, extension_periods

CTI_NOTICE = "followup.cti.notice_days"
REVIEW_NOTICE = "followup.course_review.notice_days"
SEL176A_NOTICE = "followup.sel176a.notice_days"

METHOD_NAMES: dict[str, str] = {"cti": "CTI", "icm": "ICM", "act": "ACT", "m_act": "M-ACT"}
REVIEWED_METHODS = frozenset({"icm", "act", "m_act"})


@dataclass(frozen=True)
class Course:
    """A support course that has not ended on the day counted."""

    course_id: int
    citizen_id: int
    kind: str  # cti, icm, act, m_act, sel85, sel99
    worker_id: int | None
    start: date
    end: date | None
    phase1_start: date | None
    next_review: date | None
    assessed: bool  # CTI: the phase-3 assessment of future needs is recorded
    review_parameter: ParameterValue | None = None  # set when the review date is the default

    def open_on(self, day: date) -> bool:
        """Return whether the course has not ended by the day."""
        return self.end is None or self.end > day


#: Each CTI milestone of the method's rules as a task: its kind, and what to do.
MILESTONE_TASKS: dict[str, tuple[TaskKind, str]] = {
    "phase_start": ("cti_phase", "Tilpas støttens intensitet til den nye fase."),
    "assessment": (
        "cti_assessment",
        "Tag stilling til borgerens fremtidige støttebehov, og overdrag støtten til borger og "
        "netværk.",
    ),
    "planned_end": (
        "cti_end",
        "CTI er tidsbegrænset: afslut forløbet, eller bevilg en anden indsats.",
    ),
}
MILESTONE_TITLES: dict[str, str] = {
    "assessment": "Vurdér borgerens fremtidige behov og overdrag",
    "planned_end": "CTI-forløbet slutter: sæt slutdato",
}


def cti_milestones(course: Course, *, as_of: date, params: ParameterSet) -> list[DueTask]:
    """Return a CTI course's next phase change, phase-3 assessment and end (SEL § 85 a).

    The milestones are the method's own (``support.methods.cti_open_milestones``; Norddjurs
    Kommune, kvalitetsstandard for Housing First-bostøtte (CTI)); a phase change and the planned
    end show from the notice days before them, the assessment from the first day of phase 3.
    """
    if course.kind != "cti" or course.phase1_start is None:
        return []
    try:
        schedule = cti_schedule(start=course.start, phase1_start=course.phase1_start, params=params)
    except ParameterError:
        return []  # phase 1 before the method's parameters: no dates to give
    notice, lead = days_param(params, CTI_NOTICE, as_of)
    open_ones = cti_open_milestones(
        schedule, as_of=as_of, ended_on=course.end, assessed=course.assessed
    )
    tasks: list[DueTask] = []
    for milestone in open_ones:
        shown_from = milestone.opens_on if milestone.kind == "assessment" else milestone.due - lead
        if as_of < shown_from:
            continue
        kind, _ = MILESTONE_TASKS[milestone.kind]
        title = MILESTONE_TITLES.get(milestone.kind) or f"{PHASE_NAMES[milestone.phase]} begynder"
        tasks.append(
            make_task(
                kind=kind,
                key=f"{kind}:course:{course.course_id}:{milestone.phase}",
                citizen_id=course.citizen_id,
                due=milestone.due,
                as_of=as_of,
                params=params,
                responsible=Responsible("support", course.worker_id),
                title=title,
                explain=partial(_milestone_text, milestone),
                parameters=(*milestone.parameters, notice),
            )
        )
    return tasks


def _milestone_text(milestone: CtiMilestone) -> str:
    """Return the explanation of a CTI milestone: the method's text and what to do."""
    return f"{milestone.text}. {MILESTONE_TASKS[milestone.kind][1]}"


def course_review(course: Course, *, as_of: date, params: ParameterSet) -> DueTask | None:
    """Return the review of an open-ended ICM, ACT or M-ACT course (SEL § 85 a) when it is near."""
    review = course.next_review
    if course.kind not in REVIEWED_METHODS or review is None or not course.open_on(as_of):
        return None
    notice, lead = days_param(params, REVIEW_NOTICE, as_of)
    if as_of < review - lead:
        return None
    method = METHOD_NAMES[course.kind]
    interval = course.review_parameter
    return make_task(
        kind="course_review",
        key=f"course_review:course:{course.course_id}:{review.isoformat()}",
        citizen_id=course.citizen_id,
        due=review,
        as_of=as_of,
        params=params,
        responsible=Responsible("support", course.worker_id),
        title=f"Følg op på {method}-forløbet",
        explain=lambda: (
            f"{method} er tidsubegrænset og følges op: næste opfølgning er "
            f"{danish_date(review)}"
            + (
                f" ({interval.describe()} efter seneste opfølgning eller forløbets start)"
                if interval is not None
                else ""
            )
            + ". Registrér opfølgningen og den næste dato."
        ),
        parameters=(notice,) if interval is None else (interval, notice),
    )


@dataclass(frozen=True)
class CitizenSupport:
    """A citizen with a Housing First course: every course and § 110 and § 107 stay, for § 176 a."""

    citizen_id: int
    courses: tuple[SupportCourse, ...]
    stays: tuple[SupportStay, ...]
    case_worker_id: int | None


def sel176a_end(facts: CitizenSupport, *, as_of: date, params: ParameterSet) -> DueTask | None:
    """Return the end of the § 176 a reimbursement of a running Housing First course when near.

    The periods are the law engine's (§ 176 a, stk. 1 and 3, and the 2025 extension); periods
    that touch are one stretch, and the task is due on its last day.
    """
    running = [
        c
        for c in facts.courses
        if c.method in HOUSING_FIRST_METHODS
        and c.start <= as_of
        and (c.end is None or c.end > as_of)
    ]
    if not running:
        return None
    found = citizen_periods(list(facts.courses), list(facts.stays), params, SupportReadings())
    extended = (p for c in facts.courses for p in extension_periods(c, params))
    periods = [*found.housing_first, *extended]
    stretch = next(
        ((lo, hi) for lo, hi in merge((p.start, p.end) for p in periods) if lo <= as_of < hi), None
    )
    if stretch is None:
        return None
    notice, lead = days_param(params, SEL176A_NOTICE, as_of)
    last_day = stretch[1] - timedelta(days=1)
    if as_of < last_day - lead:
        return None
    ending = [p for p in periods if p.end == stretch[1]]
    return make_task(
        kind="sel176a_end",
        key=f"sel176a_end:citizen:{facts.citizen_id}:{stretch[1].isoformat()}",
        citizen_id=facts.citizen_id,
        due=last_day,
        as_of=as_of,
        params=params,
        responsible=Responsible("case", facts.case_worker_id),
        title="Refusionen af støtten slutter: planlæg den videre støtte",
        explain=lambda: (
            f"Statsrefusionen af § 85 a-støtten slutter efter {danish_date(last_day)}; derefter "
            "betaler kommunen hele udgiften. " + " ".join(p.explanation for p in ending)
        ),
        parameters=(*(v for p in ending for v in p.parameters), notice),
    )

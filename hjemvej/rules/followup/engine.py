"""Run every deadline rule over one bundle of facts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from hjemvej.rules.followup.case import (
    ContactFacts,
    RiskFacts,
    WrittenTask,
    no_contact,
    tenancy_risk,
    written_task,
)
from hjemvej.rules.followup.model import DueTask, remembered
from hjemvej.rules.followup.plans import PlanFacts, action_plan
from hjemvej.rules.followup.shelter import (
    DaysRunningOut,
    ExternalStay,
    StayNotice,
    UnknownDestination,
    discharge_destination,
    reimbursed_days,
    shelter_notice,
    weekly_contact,
)
from hjemvej.rules.followup.support import (
    CitizenSupport,
    Course,
    course_review,
    cti_milestones,
    sel176a_end,
)
from hjemvej.rules.followup.transitions import (
    TransitionFacts,
    prison_release,
    psychiatric_discharge,
    transition_outcome,
)
from hjemvej.rules.parameters import ParameterSet


@dataclass(frozen=True)
class Facts:
    """Everything the rules read, as plain data gathered for many citizens at once."""

    external_stays: Sequence[ExternalStay] = ()
    notices: Sequence[StayNotice] = ()
    running_out: Sequence[DaysRunningOut] = ()
    discharges: Sequence[UnknownDestination] = ()
    courses: Sequence[Course] = ()
    support: Sequence[CitizenSupport] = ()
    plans: Sequence[PlanFacts] = ()
    transitions: Sequence[TransitionFacts] = ()
    risks: Sequence[RiskFacts] = ()
    contacts: Sequence[ContactFacts] = ()
    written: Sequence[WrittenTask] = ()


def derive_tasks(facts: Facts, *, as_of: date, params: ParameterSet) -> list[DueTask]:
    """Return every open task the facts give on ``as_of``, by due date."""
    params = remembered(params)
    found: list[DueTask | None] = []
    found += (weekly_contact(s, as_of=as_of, params=params) for s in facts.external_stays)
    found += (shelter_notice(s, as_of=as_of, params=params) for s in facts.notices)
    found += (reimbursed_days(a, as_of=as_of, params=params) for a in facts.running_out)
    found += (discharge_destination(d, as_of=as_of, params=params) for d in facts.discharges)
    for course in facts.courses:
        found += cti_milestones(course, as_of=as_of, params=params)
        found.append(course_review(course, as_of=as_of, params=params))
    found += (sel176a_end(s, as_of=as_of, params=params) for s in facts.support)
    found += (action_plan(p, as_of=as_of, params=params) for p in facts.plans)
    for t in facts.transitions:
        found += prison_release(t, as_of=as_of, params=params)
        found.append(psychiatric_discharge(t, as_of=as_of, params=params))
        found.append(transition_outcome(t, as_of=as_of, params=params))
    found += (tenancy_risk(r, as_of=as_of, params=params) for r in facts.risks)
    found += (no_contact(c, as_of=as_of, params=params) for c in facts.contacts)
    found += (written_task(w, as_of=as_of, params=params) for w in facts.written)
    return by_due_date(t for t in found if t is not None)


def by_due_date(tasks: Iterable[DueTask]) -> list[DueTask]:
    """Return the tasks by due date, then kind, citizen and key (a stable order)."""
    return sorted(tasks, key=lambda t: (t.due, t.kind, t.citizen_id, t.key))

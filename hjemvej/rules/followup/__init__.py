"""The task engine's deadline rules: plain facts and ``as_of`` in, tasks with explanations out.

One function per rule, each citing its source: ``shelter`` (weekly contact on an external
shelter, the § 110, stk. 6, notice, § 177 days running out, a discharge to an unknown place),
``support`` (CTI's phases and end, ICM/ACT/M-ACT reviews, the end of § 176 a reimbursement),
``plans`` (§ 141 action plans), ``transitions`` (prison release, psychiatric discharge, the
outcome on the day) and ``case`` (no contact, tenancy risks, hand-written tasks).
``engine.derive_tasks`` runs them all. Every number is a parameter in ``params/followup.yaml``
(or the law's own file) and is named in the task's explanation with its status.
"""

from hjemvej.rules.followup.case import ContactFacts, RiskFacts, WrittenTask
from hjemvej.rules.followup.engine import Facts, by_due_date, derive_tasks
from hjemvej.rules.followup.model import (
    KIND_LABELS,
    STATUS_LABELS,
    DueTask,
    Responsible,
    Status,
    TaskKind,
    status_of,
)
from hjemvej.rules.followup.plans import PlanFacts
from hjemvej.rules.followup.shelter import (
    DaysRunningOut,
    ExternalStay,
    StayNotice,
    UnknownDestination,
)
from hjemvej.rules.followup.support import CitizenSupport, Course
from hjemvej.rules.followup.transitions import TransitionFacts

__all__ = [
    "KIND_LABELS",
    "STATUS_LABELS",
    "CitizenSupport",
    "ContactFacts",
    "Course",
    "DaysRunningOut",
    "DueTask",
    "ExternalStay",
    "Facts",
    "PlanFacts",
    "Responsible",
    "RiskFacts",
    "Status",
    "StayNotice",
    "TaskKind",
    "TransitionFacts",
    "UnknownDestination",
    "WrittenTask",
    "by_due_date",
    "derive_tasks",
    "status_of",
]

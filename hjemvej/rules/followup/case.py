"""Tasks of keeping in touch and of the home: no contact, tenancy risks, hand-written tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hjemvej.rules.explain import danish_date
from hjemvej.rules.followup.model import (
    DUE_SOON,
    DueTask,
    Responsible,
    days_param,
    make_task,
    whole,
)
from hjemvej.rules.parameters import ParameterSet, ParameterValue

NO_CONTACT = "followup.no_contact.days"
RISK_RESPONSE = "followup.tenancy_risk.response_days"

RISK_TITLES: dict[str, str] = {
    "arrears": "Huslejerestance: lav en plan for betalingen",
    "demand": "Påkrav om betaling: betal inden fristen",
    "eviction_warning": "Varsel om ophævelse: handl inden fristen",
    "eviction_case": "Sag i fogedretten: hjælp borgeren med at beholde boligen",
    "neighbour": "Klager fra naboer: tal med borger og udlejer",
    "other": "Risiko for lejemålet: følg op",
}


@dataclass(frozen=True)
class ContactFacts:
    """A citizen on the by-name list, not on an external shelter, and their latest contact."""

    citizen_id: int
    on_list_since: date
    last_contact: date | None  # on or before the day counted
    case_worker_id: int | None
    support_worker_id: int | None  # the worker of a running support course, if any


def no_contact(facts: ContactFacts, *, as_of: date, params: ParameterSet) -> DueTask | None:
    """Return a citizen on the by-name list without contact for the parameter's days.

    Counted from the latest contact, or from the day the citizen came onto the list; shown only
    when due soon or overdue. A running course's worker is responsible, else the case worker.
    """
    limit, step = days_param(params, NO_CONTACT, as_of)
    last = facts.last_contact
    since = last if last is not None and last > facts.on_list_since else facts.on_list_since
    due = since + step
    if (due - as_of).days > whole(params.at(DUE_SOON, as_of)):
        return None
    worker = facts.support_worker_id
    return make_task(
        kind="no_contact",
        key=f"no_contact:citizen:{facts.citizen_id}",
        citizen_id=facts.citizen_id,
        due=due,
        as_of=as_of,
        params=params,
        responsible=(
            Responsible("support", worker)
            if worker is not None
            else Responsible("case", facts.case_worker_id)
        ),
        title="Tag kontakt til borgeren",
        explain=lambda: (
            "Borgeren er på hjemløselisten. "
            + (
                f"Seneste kontakt var den {danish_date(last)}."
                if last is not None
                else f"Der er ingen kontakt registreret siden {danish_date(facts.on_list_since)}."
            )
            + f" Kontakt borgeren senest {danish_date(due)}: "
            f"højst {limit.describe()} uden kontakt."
        ),
        parameters=(limit,),
    )


@dataclass(frozen=True)
class RiskFacts:
    """A risk to a citizen's tenancy that is not resolved."""

    risk_id: int
    citizen_id: int
    kind: str  # arrears, demand, eviction_warning, eviction_case, neighbour, other
    noted_on: date
    deadline: date | None
    case_worker_id: int | None


def tenancy_risk(risk: RiskFacts, *, as_of: date, params: ParameterSet) -> DueTask:
    """Return the follow-up of an open risk to a tenancy: arrears, a demand, an eviction warning.

    Due on the deadline registered (the landlord's, under lejeloven); without one, the
    parameter's days after the risk was noted.
    """
    response, step = days_param(params, RISK_RESPONSE, as_of)
    if risk.deadline is not None:
        due = risk.deadline
        used: tuple[ParameterValue, ...] = ()
    else:
        due = risk.noted_on + step
        used = (response,)
    return make_task(
        kind="tenancy_risk",
        key=f"tenancy_risk:risk:{risk.risk_id}",
        citizen_id=risk.citizen_id,
        due=due,
        as_of=as_of,
        params=params,
        responsible=Responsible("case", risk.case_worker_id),
        title=RISK_TITLES.get(risk.kind, RISK_TITLES["other"]),
        explain=lambda: (
            f"Registreret den {danish_date(risk.noted_on)} og ikke løst. "
            + (
                f"Fristen er {danish_date(due)}."
                if risk.deadline is not None
                else f"Der er ingen frist registreret: følg op senest {danish_date(due)}."
            )
            + " Hjælp borgeren med at beholde boligen."
        ),
        parameters=used,
    )


@dataclass(frozen=True)
class WrittenTask:
    """A task a worker wrote by hand and has not marked done."""

    task_id: int
    citizen_id: int
    title: str
    due: date
    assignee_id: int | None
    case_worker_id: int | None


def written_task(task: WrittenTask, *, as_of: date, params: ParameterSet) -> DueTask:
    """Return a hand-written task; without an assignee it is the case worker's."""
    responsible = (
        Responsible("assignee", task.assignee_id)
        if task.assignee_id is not None
        else Responsible("case", task.case_worker_id)
    )
    return make_task(
        kind="manual",
        key=f"manual:task:{task.task_id}",
        citizen_id=task.citizen_id,
        due=task.due,
        as_of=as_of,
        params=params,
        responsible=responsible,
        title=task.title,
        explain=lambda: f"Skrevet af en medarbejder med frist {danish_date(task.due)}.",
        task_id=task.task_id,
    )

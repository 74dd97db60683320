"""The vocabulary of the task engine: kinds, statuses, who is responsible, and a derived task."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from hjemvej.rules.explain import danish_date
from hjemvej.rules.parameters import ParameterSet, ParameterValue

TaskKind = Literal[
    "weekly_contact",
    "shelter_notice",
    "reimbursed_days",
    "discharge_destination",
    "cti_phase",
    "cti_assessment",
    "cti_end",
    "course_review",
    "sel176a_end",
    "action_plan_review",
    "action_plan_missing",
    "prison_housing",
    "prison_establishment",
    "prison_action_plan",
    "psychiatric_agreement",
    "transition_outcome",
    "tenancy_risk",
    "no_contact",
    "manual",
]
#: The kinds in the order a user reads them, with their Danish names.
KIND_LABELS: dict[str, str] = {
    "weekly_contact": "Ugentlig kontakt, ekstern boform",
    "shelter_notice": "Underretning af handlekommunen",
    "reimbursed_days": "Dage med refusion (§ 177) slipper op",
    "discharge_destination": "Udskrevet til et uoplyst sted",
    "cti_phase": "CTI: faseskift",
    "cti_assessment": "CTI: vurdering i fase 3",
    "cti_end": "CTI: forløbet slutter",
    "course_review": "Opfølgning på forløb",
    "sel176a_end": "Refusion efter § 176 a slutter",
    "action_plan_review": "Handleplan skal revideres",
    "action_plan_missing": "Handleplan mangler",
    "prison_housing": "Løsladelse: bolig",
    "prison_establishment": "Løsladelse: hjælp til etablering",
    "prison_action_plan": "Løsladelse: handleplan",
    "psychiatric_agreement": "Udskrivningsaftale (psykiatri)",
    "transition_outcome": "Overgang: resultat på dagen",
    "tenancy_risk": "Risiko for lejemålet",
    "no_contact": "Ingen kontakt",
    "manual": "Opgave skrevet af en medarbejder",
}

Status = Literal["overdue", "due_soon", "open"]
STATUS_LABELS: dict[str, str] = {
    "overdue": "Overskredet",
    "due_soon": "Snart",
    "open": "Åben",
}

#: Whose task it is: the citizen's case worker, the support course's worker, the shelter's staff,
#: or the worker a hand-written task names.
Role = Literal["case", "support", "shelter", "assignee"]

DUE_SOON = "followup.due_soon_days"


@dataclass(frozen=True)
class Responsible:
    """Who must act: a role and the worker (None: nobody is assigned yet)."""

    role: Role
    worker_id: int | None
    shelter_id: int | None = None  # the shelter whose staff must act ("shelter")


@dataclass(frozen=True)
class DueTask:
    """A task derived from the case data (or written by hand): what, for whom, by when, why."""

    kind: TaskKind
    key: str  # stable and unique: the kind and the record it comes from
    citizen_id: int
    due: date  # the last day to act
    status: Status
    responsible: Responsible
    title: str  # Danish, short: what to do
    # Danish: which rule, which dates, which parameter values. Made when read: a list of
    # thousands of tasks shows a page of them.
    explain: Callable[[], str] = field(compare=False, repr=False)
    parameters: tuple[ParameterValue, ...] = ()
    task_id: int | None = None  # a hand-written task's id (it can be marked done)

    @property
    def explanation(self) -> str:
        """Return the explanation in Danish."""
        return self.explain()

    @property
    def kind_label(self) -> str:
        """Return the kind in Danish."""
        return KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        """Return the status in Danish."""
        return STATUS_LABELS[self.status]

    @property
    def not_enacted(self) -> tuple[ParameterValue, ...]:
        """Return the parameter values used that are not enacted law, each once."""
        return tuple(dict.fromkeys(p for p in self.parameters if not p.enacted))


@dataclass(frozen=True)
class RememberedParameters(ParameterSet):
    """A parameter set that looks each (name, date) up once: the rules ask thousands of times."""

    seen: dict[tuple[str, date], ParameterValue] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def at(self, name: str, on: date) -> ParameterValue:
        """Return the dated value of a parameter in force on the date (remembered)."""
        key = (name, on)
        found = self.seen.get(key)
        if found is None:
            found = self.seen[key] = super().at(name, on)
        return found


def remembered(params: ParameterSet) -> ParameterSet:
    """Return the same parameters, each lookup remembered for the life of the returned set."""
    if isinstance(params, RememberedParameters):
        return params
    return RememberedParameters(parameters=params.parameters, overrides=params.overrides)


def status_of(due: date, as_of: date, due_soon_days: int) -> Status:
    """Return overdue after the due date, due soon within ``due_soon_days`` of it, else open."""
    if as_of > due:
        return "overdue"
    if (due - as_of).days <= due_soon_days:
        return "due_soon"
    return "open"


def make_task(
    *,
    kind: TaskKind,
    key: str,
    citizen_id: int,
    due: date,
    as_of: date,
    params: ParameterSet,
    responsible: Responsible,
    title: str,
    explain: Callable[[], str],
    parameters: tuple[ParameterValue, ...] = (),
    status: Status | None = None,
    task_id: int | None = None,
) -> DueTask:
    """Return a task whose status follows from its due date (unless one is given)."""
    soon = params.at(DUE_SOON, as_of)
    return DueTask(
        kind=kind,
        key=key,
        citizen_id=citizen_id,
        due=due,
        status=status or status_of(due, as_of, whole(soon)),
        responsible=responsible,
        title=title,
        explain=explain,
        parameters=(*parameters, soon),
        task_id=task_id,
    )


def whole(value: ParameterValue) -> int:
    """Return a count parameter's value (days, weeks, months)."""
    if isinstance(value.value, int) and not isinstance(value.value, bool):
        return value.value
    raise ValueError(f"{value.name}: værdien {value.display!r} er ikke et helt tal")


def days_param(params: ParameterSet, name: str, on: date) -> tuple[ParameterValue, timedelta]:
    """Return a parameter in days and its value as a ``timedelta``."""
    value = params.at(name, on)
    return value, timedelta(days=whole(value))


def since_text(day: date | None, none: str) -> str:
    """Return a date in Danish, or the text for no date."""
    return danish_date(day) if day is not None else none

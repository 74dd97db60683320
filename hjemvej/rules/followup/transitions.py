"""Tasks of critical transitions: prison release, psychiatric discharge, the outcome on the day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hjemvej.rules.dates import add_months_clamped
from hjemvej.rules.explain import danish_date
from hjemvej.rules.followup.model import DueTask, Responsible, days_param, make_task, whole
from hjemvej.rules.parameters import ParameterSet

HOUSING_PLAN = "followup.prison.housing_plan_months"
ESTABLISHMENT = "followup.prison.establishment_months"
PRISON_PLAN = "followup.prison.action_plan_weeks"
AGREEMENT = "followup.psychiatry.agreement_days_before"

KIND_NAMES: dict[str, str] = {
    "prison_release": "løsladelsen",
    "psychiatric_discharge": "udskrivningen fra psykiatrien",
    "hospital_discharge": "udskrivningen fra hospital eller behandling",
    "leaving_care": "udslusningen",
}


@dataclass(frozen=True)
class TransitionFacts:
    """A critical transition and what the citizen's records say about its preparation."""

    transition_id: int
    citizen_id: int
    kind: str  # prison_release, psychiatric_discharge, hospital_discharge, leaving_care
    expected_on: date
    notified_on: date | None  # when the municipality was told (prison: at admission)
    discharge_agreement_on: date | None
    happened_on: date | None
    outcome: str  # "" until recorded
    housing_arranged: bool  # an accepted housing offer or a lease that has not ended
    grants_decided: tuple[date, ...]  # the days the citizen's grants were decided
    plans_made: tuple[date, ...]  # the days of the citizen's action plans' network meetings
    case_worker_id: int | None


def months_before(day: date, months: int) -> date:
    """Return the same day ``months`` earlier, or that month's last day when it is shorter."""
    return add_months_clamped(day, -months)


def _preparing(t: TransitionFacts, as_of: date) -> bool:
    """Return whether the transition lies ahead: not recorded as happened, the day not passed."""
    return t.happened_on is None and as_of <= t.expected_on


def prison_release(t: TransitionFacts, *, as_of: date, params: ParameterSet) -> list[DueTask]:
    """Return the preparation of a release: housing, home-establishment help, the action plan.

    Housing is planned the parameter's months ahead (Køreplan for God Løsladelse); help to
    establish a home may be granted from 3 months before the release (bek. nr. 1471/2019 § 9,
    stk. 2); the action plan follows the municipality's notice within 4 weeks (the Køreplan).
    """
    if t.kind != "prison_release" or not _preparing(t, as_of):
        return []
    responsible = Responsible("case", t.case_worker_id)
    release = danish_date(t.expected_on)
    tasks: list[DueTask] = []
    if not t.housing_arranged:
        months = params.at(HOUSING_PLAN, as_of)
        plan_by = months_before(t.expected_on, whole(months))
        tasks.append(
            make_task(
                kind="prison_housing",
                key=f"prison_housing:transition:{t.transition_id}",
                citizen_id=t.citizen_id,
                due=plan_by,
                as_of=as_of,
                params=params,
                responsible=responsible,
                title="Find en bolig til løsladelsen",
                explain=lambda: (
                    f"Borgeren forventes løsladt den {release}. En boligløsning skal være "
                    f"planlagt senest {danish_date(plan_by)} ({months.describe()} før), så "
                    "borgeren ikke løslades til gaden. Opgaven lukkes, når borgeren har takket ja "
                    "til et boligtilbud eller har et lejemål."
                ),
                parameters=(months,),
            )
        )
    window = params.at(ESTABLISHMENT, as_of)
    opens = months_before(t.expected_on, whole(window))
    if as_of >= opens and not any(day >= opens for day in t.grants_decided):
        tasks.append(
            make_task(
                kind="prison_establishment",
                key=f"prison_establishment:transition:{t.transition_id}",
                citizen_id=t.citizen_id,
                due=t.expected_on,
                as_of=as_of,
                params=params,
                responsible=responsible,
                title="Hjælp til etablering af bolig kan bevilges nu",
                explain=lambda: (
                    f"Fra {danish_date(opens)} kan kommunen bevilge hjælp til at etablere en "
                    f"bolig før løsladelsen den {release}, når det er nødvendigt for at sikre "
                    f"boligen: {window.describe()}. Opgaven lukkes, når der er truffet en "
                    "afgørelse om indskud, flytning eller bohave."
                ),
                parameters=(window,),
            )
        )
    if t.notified_on is not None and not any(day >= t.notified_on for day in t.plans_made):
        weeks = params.at(PRISON_PLAN, as_of)
        notified = t.notified_on
        plan_due = notified + timedelta(weeks=whole(weeks))
        tasks.append(
            make_task(
                kind="prison_action_plan",
                key=f"prison_action_plan:transition:{t.transition_id}",
                citizen_id=t.citizen_id,
                due=plan_due,
                as_of=as_of,
                params=params,
                responsible=responsible,
                title="Lav en handleplan med den indsatte",
                explain=lambda: (
                    f"Kommunen blev underrettet den {danish_date(notified)}. Efter Køreplan "
                    f"for God Løsladelse laves handleplanen senest {danish_date(plan_due)} "
                    f"({weeks.describe()})."
                ),
                parameters=(weeks,),
            )
        )
    return tasks


def psychiatric_discharge(
    t: TransitionFacts, *, as_of: date, params: ParameterSet
) -> DueTask | None:
    """Return the discharge agreement or coordination plan due before a discharge (§§ 13 a–b).

    Psykiatriloven § 13 a: an udskrivningsaftale is made before discharge; § 13 b: a
    koordinationsplan when the patient will not take part.
    """
    if (
        t.kind != "psychiatric_discharge"
        or not _preparing(t, as_of)
        or t.discharge_agreement_on is not None
    ):
        return None
    before, step = days_param(params, AGREEMENT, as_of)
    due = t.expected_on - step
    return make_task(
        kind="psychiatric_agreement",
        key=f"psychiatric_agreement:transition:{t.transition_id}",
        citizen_id=t.citizen_id,
        due=due,
        as_of=as_of,
        params=params,
        responsible=Responsible("case", t.case_worker_id),
        title="Udskrivningsaftale eller koordinationsplan",
        explain=lambda: (
            f"Borgeren forventes udskrevet den {danish_date(t.expected_on)}. Aftal med "
            "afdelingen en udskrivningsaftale (eller en koordinationsplan, hvis borgeren ikke "
            f"vil medvirke) senest {danish_date(due)}: {before.describe()}."
        ),
        parameters=(before,),
    )


def transition_outcome(t: TransitionFacts, *, as_of: date, params: ParameterSet) -> DueTask | None:
    """Return the recording of a transition's outcome on its day (a housing solution or not).

    Due on the day it happened (or was expected) and overdue after; critical transitions
    (docs/rules.md, Critical transitions) are where citizens are lost to the street, so the day
    is followed up.
    """
    day = t.happened_on or t.expected_on
    if t.outcome or as_of < day:
        return None
    name = KIND_NAMES.get(t.kind, "overgangen")
    when = f"den {danish_date(day)}" if t.happened_on else f"forventet den {danish_date(day)}"
    return make_task(
        kind="transition_outcome",
        key=f"transition_outcome:transition:{t.transition_id}",
        citizen_id=t.citizen_id,
        due=day,
        as_of=as_of,
        params=params,
        responsible=Responsible("case", t.case_worker_id),
        title="Registrér, hvordan overgangen gik",
        explain=lambda: (
            f"{name[:1].upper()}{name[1:]} var {when}. "
            "Registrér dagen og resultatet: fik borgeren en boligløsning?"
        ),
    )

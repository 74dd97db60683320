"""Tasks of the action plan (SEL § 141): offer one to a citizen on the list, revise it in time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hjemvej.rules.explain import danish_date
from hjemvej.rules.followup.model import DueTask, Responsible, days_param, make_task
from hjemvej.rules.parameters import ParameterSet

NOTICE = "followup.action_plan.notice_days"
FIRST_PLAN = "followup.action_plan.first_plan_days"


@dataclass(frozen=True)
class PlanFacts:
    """A citizen's current action plan (if any) and whether they are on the by-name list."""

    citizen_id: int
    on_list_since: date | None  # the day the citizen last came onto the list; None: not on it
    plan_id: int | None  # the plan not replaced by a later one
    review_by: date | None
    case_worker_id: int | None


def action_plan(facts: PlanFacts, *, as_of: date, params: ParameterSet) -> DueTask | None:
    """Return the action plan's revision when near, or the offer of a plan (SEL § 141, stk. 2).

    A citizen on the by-name list without a plan should be offered one within the parameter's
    days of coming onto the list; a plan shows from the notice days before its review date.
    """
    responsible = Responsible("case", facts.case_worker_id)
    review_by = facts.review_by
    if facts.plan_id is not None and review_by is not None:
        notice, lead = days_param(params, NOTICE, as_of)
        if as_of < review_by - lead:
            return None
        return make_task(
            kind="action_plan_review",
            key=f"action_plan_review:plan:{facts.plan_id}",
            citizen_id=facts.citizen_id,
            due=review_by,
            as_of=as_of,
            params=params,
            responsible=responsible,
            title="Revidér handleplanen på et netværksmøde",
            explain=lambda: (
                f"Handleplanen skal revideres senest {danish_date(review_by)}. Hold et "
                "netværksmøde med de deltagere, borgeren vælger, og skriv målene med borgerens "
                "egne ord (serviceloven § 141)."
            ),
            parameters=(notice,),
        )
    since = facts.on_list_since
    if since is None:
        return None
    first, step = days_param(params, FIRST_PLAN, as_of)
    due = since + step
    return make_task(
        kind="action_plan_missing",
        key=f"action_plan_missing:citizen:{facts.citizen_id}",
        citizen_id=facts.citizen_id,
        due=due,
        as_of=as_of,
        params=params,
        responsible=responsible,
        title="Tilbyd borgeren en handleplan",
        explain=lambda: (
            f"Borgeren har været på hjemløselisten siden {danish_date(since)} "
            "uden en handleplan. Kommunen skal tilbyde en handleplan (serviceloven § 141, "
            f"stk. 2): senest {danish_date(due)} efter {first.describe()}."
        ),
        parameters=(first,),
    )

"""Reads for a citizen's follow-up tab: tasks, transitions with their milestones, plans, letters.

What a user sees follows their role: shelter staff see their own shelter's stay plans and the goals
of the action plan those plans follow (serviceloven § 141, stk. 5: the relevant parts of the plan
go to the shelter), but not transitions, meetings, steps, participants or letters, which touch on
health, crime and the citizen's network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from django.db.models import Prefetch, Q

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import Action, allowed, stays_for
from hjemvej.citizens.models import Citizen
from hjemvej.followup.letters import LetterText, compose
from hjemvej.followup.models import (
    ActionPlan,
    Letter,
    StayPlan,
    Transition,
    TransitionKind,
    TransitionMeeting,
    TransitionOutcome,
)
from hjemvej.housing.models import Tenancy
from hjemvej.rules.dates import add_months_clamped
from hjemvej.rules.parameters import ParameterSet, ParameterValue, default_parameters
from hjemvej.shelters.models import Stay

if TYPE_CHECKING:
    from hjemvej.followup.tasks import TaskRow

MilestoneStatus = Literal["done", "late", "open", "overdue", "from", "now"]

#: The numbers behind the milestones (parameters in ``rules/params/followup.yaml``).
PRISON_ACTION_PLAN = "followup.prison.action_plan_weeks"
PRISON_ESTABLISHMENT = "followup.prison.establishment_months"
PSYCHIATRY_AGREEMENT = "followup.psychiatry.agreement_days_before"


# --- Milestones of a transition -----------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    """One milestone of a transition: what, by or from when, how it stands, and the source."""

    label: str
    day: date
    status: MilestoneStatus
    note: str
    source: str
    parameter: ParameterValue | None = None

    @property
    def status_text(self) -> str:
        """Return the status in Danish."""
        return {
            "done": "Nået",
            "late": "Nået for sent",
            "open": "Ikke nået endnu",
            "overdue": "Overskredet",
            "from": "Fra denne dato",
            "now": "Kan ske nu",
        }[self.status]


#: The same day ``months`` later (earlier when negative); the month's last day when the month is
#: shorter. Three months before 31 May is 28 (29) February: a date "three months before" never
#: lands after the day it counts back from.
shift_months = add_months_clamped


def _deadline_status(done_on: date | None, due: date, today: date) -> MilestoneStatus:
    if done_on is not None:
        return "done" if done_on <= due else "late"
    return "overdue" if today > due else "open"


def prison_release_milestones(
    *,
    notified_on: date | None,
    expected_on: date,
    plan_dates: Sequence[date],
    today: date,
    params: ParameterSet,
) -> list[Milestone]:
    """Return the milestones of a release from prison, computed from its dates.

    Køreplan for God Løsladelse: an action plan within weeks of the municipality's notice (a plan
    made on or after the notice counts). Help for establishing a home may be granted from months
    before the release (bek. nr. 1471 af 16. december 2019 § 9, stk. 2; docs/rules.md).
    """
    out: list[Milestone] = []
    plan_weeks = params.at(PRISON_ACTION_PLAN, expected_on)
    if notified_on is not None:
        due = notified_on + timedelta(weeks=_int(plan_weeks))
        made = min((d for d in plan_dates if d >= notified_on), default=None)
        out.append(
            Milestone(
                label=f"Handleplan senest {plan_weeks.display} efter underretningen",
                day=due,
                status=_deadline_status(made, due, today),
                note=f"Handleplan lavet {made:%d.%m.%Y}" if made else "Ingen handleplan endnu",
                source=plan_weeks.reference,
                parameter=plan_weeks,
            )
        )
    establishment = params.at(PRISON_ESTABLISHMENT, expected_on)
    start = shift_months(expected_on, -_int(establishment))
    out.append(
        Milestone(
            label="Hjælp til at etablere et hjem kan bevilges",
            day=start,
            status="now" if today >= start else "from",
            note=f"Op til {establishment.display} før løsladelsen, efter en konkret vurdering",
            source=establishment.reference,
            parameter=establishment,
        )
    )
    return out


def psychiatric_discharge_milestones(
    *, expected_on: date, agreement_on: date | None, today: date, params: ParameterSet
) -> list[Milestone]:
    """Return the discharge agreement or coordination plan due before discharge.

    Psykiatriloven § 13 a (udskrivningsaftale) and § 13 b (koordinationsplan).
    """
    before = params.at(PSYCHIATRY_AGREEMENT, expected_on)
    due = expected_on - timedelta(days=_int(before))
    return [
        Milestone(
            label="Udskrivningsaftale eller koordinationsplan før udskrivningen",
            day=due,
            status=_deadline_status(agreement_on, due, today),
            note=(
                f"Aftale eller plan fra {agreement_on:%d.%m.%Y}"
                if agreement_on
                else "Ingen aftale eller plan registreret"
            ),
            source=before.reference,
            parameter=before,
        )
    ]


def _int(value: ParameterValue) -> int:
    assert isinstance(value.value, int)
    return value.value


# --- The tab -------------------------------------------------------------------------------------


@dataclass
class TransitionLine:
    transition: Transition
    meetings: list[TransitionMeeting]
    milestones: list[Milestone]

    @property
    def no_solution(self) -> bool:
        """Return whether the citizen left without a housing solution."""
        return self.transition.outcome == TransitionOutcome.NO_SOLUTION

    @property
    def not_enacted(self) -> list[ParameterValue]:
        """Return the parameter values behind the milestones that are not law."""
        return [
            m.parameter
            for m in self.milestones
            if m.parameter is not None and not m.parameter.enacted
        ]


@dataclass
class PlanLine:
    plan: ActionPlan
    current: bool
    review_overdue: bool
    stay_plans: list[StayPlan]


@dataclass
class StayLine:
    stay: Stay
    plans: list[StayPlan]
    may_add_plan: bool


@dataclass
class FollowupPage:
    """What the citizen's follow-up tab shows to this user."""

    citizen: Citizen
    today: date
    limited: bool  # shelter staff: stay plans and the goals they follow, nothing else
    can: dict[str, bool]
    tasks: list[TaskRow]
    transitions: list[TransitionLine] = field(default_factory=list)
    plans: list[PlanLine] = field(default_factory=list)
    current_plan: ActionPlan | None = None
    stays: list[StayLine] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)


def current_action_plan(citizen: Citizen, *, lock: bool = False) -> ActionPlan | None:
    """Return the citizen's action plan in force (the newest not replaced), if any."""
    plans = ActionPlan.objects.filter(citizen=citizen, replaced_on__isnull=True)
    if lock:
        plans = plans.select_for_update()
    return plans.order_by("-meeting_on", "-id").first()


def open_tasks_for(*, user: User, citizen: Citizen, today: date) -> list[TaskRow]:
    """Return the citizen's open tasks the user may see, from the task engine."""
    # Imported here: the engine reads this app's records and may come to use these selectors.
    from hjemvej.followup.tasks import open_tasks

    return open_tasks(user=user, today=today, citizen=citizen)


def letter_text(letter: Letter) -> LetterText:
    """Return a sent letter's text, rendered again from its stored values and case number."""
    return compose(letter.template, {**letter.values, "case_number": letter.case_number})


def letter_address(citizen: Citizen, today: date) -> str:
    """Return the address a letter should carry: the home, else c/o the shelter, else "".

    The home is the lease the citizen has moved in to and not out of on the day; a dwelling in the
    register gives street, then postal code and city, on two lines.
    """
    tenancy = (
        Tenancy.objects.filter(citizen=citizen, move_in__lte=today)
        .filter(Q(move_out__isnull=True) | Q(move_out__gt=today))
        .select_related("dwelling")
        .order_by("-move_in", "-id")
        .first()
    )
    if tenancy is not None:
        dwelling = tenancy.dwelling
        if dwelling is not None:
            return f"{dwelling.address}\n{dwelling.postcode} {dwelling.city}"
        return tenancy.address
    stay = (
        Stay.objects.filter(citizen=citizen, admitted__lte=today)
        .filter(Q(discharged__isnull=True) | Q(discharged__gt=today))
        .select_related("shelter")
        .order_by("-admitted", "-id")
        .first()
    )
    return f"c/o {stay.shelter.name}" if stay is not None else ""


def transition_lines(
    citizen: Citizen, *, plan_dates: Sequence[date], today: date, params: ParameterSet
) -> list[TransitionLine]:
    """Return the citizen's transitions, newest first, with meetings and milestones."""
    lines = []
    transitions = (
        Transition.objects.filter(citizen=citizen)
        .prefetch_related(
            Prefetch("meetings", queryset=TransitionMeeting.objects.order_by("held_on", "id"))
        )
        .order_by("-expected_on", "-id")
    )
    for transition in transitions:
        meetings = list(transition.meetings.all())
        milestones: list[Milestone] = []
        if transition.kind == TransitionKind.PRISON_RELEASE:
            milestones = prison_release_milestones(
                notified_on=transition.notified_on,
                expected_on=transition.expected_on,
                plan_dates=plan_dates,
                today=today,
                params=params,
            )
        elif transition.kind == TransitionKind.PSYCHIATRIC_DISCHARGE:
            milestones = psychiatric_discharge_milestones(
                expected_on=transition.expected_on,
                agreement_on=transition.discharge_agreement_on,
                today=today,
                params=params,
            )
        lines.append(TransitionLine(transition, meetings, milestones))
    return lines


def followup_page(
    *, user: User, citizen: Citizen, today: date, params: ParameterSet | None = None
) -> FollowupPage:
    """Return the citizen's follow-up tab as this user may see it."""
    limited = user.role == Role.SHELTER_STAFF
    stays = list(
        stays_for(user)
        .filter(citizen=citizen)
        .select_related("shelter")
        .prefetch_related(
            Prefetch(
                "plans",
                queryset=StayPlan.objects.select_related("action_plan").order_by("-made_on", "-id"),
            )
        )
        .order_by("-admitted", "-id")
    )
    visible_stay_ids = {stay.pk for stay in stays}
    may_stay_plans = allowed(user, Action.MANAGE_STAY_PLANS)
    page = FollowupPage(
        citizen=citizen,
        today=today,
        limited=limited,
        can={
            "plans": allowed(user, Action.MANAGE_PLANS),
            "letters": allowed(user, Action.SEND_LETTERS),
            "situation": allowed(user, Action.EDIT_CITIZEN),
            "tasks": allowed(user, Action.MANAGE_TASKS),
        },
        tasks=open_tasks_for(user=user, citizen=citizen, today=today),
        current_plan=current_action_plan(citizen),
        stays=[
            StayLine(
                stay,
                list(stay.plans.all()),
                may_stay_plans and (stay.discharged is None or stay.discharged > today),
            )
            for stay in stays
        ],
    )
    if limited:
        return page
    plans = list(
        ActionPlan.objects.filter(citizen=citizen)
        .prefetch_related(
            "participants",
            "steps",
            Prefetch(
                "stay_plans",
                queryset=StayPlan.objects.select_related("stay__shelter").order_by("-made_on"),
            ),
        )
        .order_by("-meeting_on", "-id")
    )
    current_id = page.current_plan.pk if page.current_plan else None
    page.plans = [
        PlanLine(
            plan,
            current=plan.pk == current_id,
            review_overdue=plan.pk == current_id and plan.review_by < today,
            stay_plans=[s for s in plan.stay_plans.all() if s.stay_id in visible_stay_ids],
        )
        for plan in plans
    ]
    page.transitions = transition_lines(
        citizen,
        plan_dates=[plan.meeting_on for plan in plans],
        today=today,
        params=params or default_parameters(),
    )
    page.letters = list(
        Letter.objects.filter(citizen=citizen).select_related("sent_by").order_by("-sent_on", "-id")
    )
    return page

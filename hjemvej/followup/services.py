"""Follow-up records: critical transitions, action plans with their steps, stay plans, letters.

Letters are written in ``letter_services`` (imported here, where their callers find them).

Each function validates everything first and raises ``DomainError`` with a Danish message on the
field it concerns, then writes in one transaction with an audit entry that names fields and ids,
never the text of a plan, a meeting note or a letter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.changes import save_changes
from hjemvej.core.errors import DomainError
from hjemvej.followup.letter_services import letter_preview as letter_preview
from hjemvej.followup.letter_services import letter_send as letter_send
from hjemvej.followup.models import (
    ActionPlan,
    PlanParticipant,
    PlanSection,
    PlanStep,
    StayPlan,
    Transition,
    TransitionKind,
    TransitionMeeting,
    TransitionOutcome,
)
from hjemvej.followup.selectors import current_action_plan, shift_months
from hjemvej.rules.parameters import default_parameters
from hjemvej.shelters.models import Stay

#: Ten digits, with or without the dash: what a CPR number looks like in free text.

REVIEW_MONTHS = "followup.action_plan.review_months"


# --- Critical transitions --------------------------------------------------------------------


@dataclass(frozen=True)
class TransitionData:
    """What is known ahead of a critical transition."""

    kind: str
    expected_on: date
    institution: str = ""
    notified_on: date | None = None
    discharge_agreement_on: date | None = None  # psychiatric discharge only
    plan: str = ""

    def fields(self) -> dict[str, object]:
        """Return the values as the model's fields, text stripped."""
        return {
            "kind": self.kind,
            "expected_on": self.expected_on,
            "institution": self.institution.strip(),
            "notified_on": self.notified_on,
            "discharge_agreement_on": self.discharge_agreement_on,
            "plan": self.plan.strip(),
        }


def _check_transition(
    data: TransitionData, *, happened_on: date | None, outcome: str, today: date
) -> None:
    if data.kind not in TransitionKind.values:
        raise DomainError("Vælg hvilken overgang det er.", field="kind")
    if data.notified_on is not None and data.notified_on > today:
        raise DomainError(
            "Datoen for underretningen kan ikke ligge i fremtiden.", field="notified_on"
        )
    agreement = data.discharge_agreement_on
    if agreement is not None:
        if data.kind != TransitionKind.PSYCHIATRIC_DISCHARGE:
            raise DomainError(
                "En udskrivningsaftale eller koordinationsplan hører kun til en udskrivning fra "
                "psykiatrien.",
                field="discharge_agreement_on",
            )
        if agreement > today:
            raise DomainError(
                "Aftalen kan ikke være indgået i fremtiden.", field="discharge_agreement_on"
            )
    if outcome and outcome not in TransitionOutcome.values:
        raise DomainError("Vælg et resultat på listen.", field="outcome")
    if happened_on is not None:
        if happened_on > today:
            raise DomainError("Overgangen kan ikke være sket i fremtiden.", field="happened_on")
        if not outcome:
            raise DomainError("Skriv, hvordan det gik på dagen.", field="outcome")
    elif outcome:
        raise DomainError(
            "Skriv datoen, da borgeren blev løsladt eller udskrevet.", field="happened_on"
        )


def transition_create(
    *, actor: User, citizen: Citizen, data: TransitionData, today: date
) -> Transition:
    """Record an expected critical transition (release from prison, discharge …)."""
    _check_transition(data, happened_on=None, outcome="", today=today)
    with transaction.atomic():
        transition = Transition.objects.create(citizen=citizen, created_by=actor, **data.fields())
        # The kind is not logged: a psychiatric discharge or a release from prison is itself
        # health or crime data (GDPR art. 9 and 10; docs/access.md); the log names the fields given.
        given = sorted(name for name, value in data.fields().items() if value)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=transition,
            detail={"fields": given},
        )
    return transition


def transition_update(
    *,
    actor: User,
    transition: Transition,
    data: TransitionData,
    today: date,
    happened_on: date | None = None,
    outcome: str = "",
) -> Transition:
    """Change a transition, and record the outcome on the day (``happened_on`` and ``outcome``)."""
    _check_transition(data, happened_on=happened_on, outcome=outcome, today=today)
    values = data.fields() | {"happened_on": happened_on, "outcome": outcome}
    save_changes(actor=actor, instance=transition, values=values, citizen=transition.citizen)
    return transition


def transition_meeting_add(
    *,
    actor: User,
    transition: Transition,
    held_on: date,
    participants: str,
    today: date,
    note: str = "",
) -> TransitionMeeting:
    """Record a meeting held to prepare a transition (a release meeting, a discharge meeting)."""
    if held_on > today:
        raise DomainError("Mødet kan ikke være holdt i fremtiden.", field="held_on")
    if not participants.strip():
        raise DomainError("Skriv, hvem der var med til mødet.", field="participants")
    with transaction.atomic():
        meeting = TransitionMeeting.objects.create(
            transition=transition,
            held_on=held_on,
            participants=participants.strip(),
            note=note.strip(),
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=transition.citizen,
            obj=meeting,
            detail={"transition": transition.pk},
        )
    return meeting


# --- Action plans (serviceloven § 141) ----------------------------------------------------------


@dataclass(frozen=True)
class ParticipantInput:
    """Someone at the network meeting, and whether the citizen chose them."""

    name: str
    relation: str = ""
    chosen_by_citizen: bool = True


@dataclass(frozen=True)
class StepInput:
    """One step of an action plan: what, who does it, by when."""

    text: str
    responsible: str
    due: date | None = None


def _check_step(step: StepInput, *, earliest: date, field_prefix: str) -> None:
    if not step.text.strip():
        raise DomainError("Skriv, hvad skridtet går ud på.", field=f"{field_prefix}text")
    if not step.responsible.strip():
        raise DomainError("Skriv, hvem der gør det.", field=f"{field_prefix}responsible")
    if step.due is not None and step.due < earliest:
        raise DomainError(
            f"Fristen kan ikke ligge før netværksmødet den {earliest:%d.%m.%Y}.",
            field=f"{field_prefix}due",
        )


def action_plan_create(
    *,
    actor: User,
    citizen: Citizen,
    meeting_on: date,
    goals: str,
    review_by: date | None,
    participants: Sequence[ParticipantInput],
    today: date,
    steps: Sequence[StepInput] = (),
    section: str = PlanSection.SEL141,
) -> ActionPlan:
    """Record the action plan made at a network meeting; it replaces the citizen's current plan.

    Field names of errors on participants and steps are ``participant_<n>_<field>`` and
    ``step_<n>_<field>``, counting from 1 in the order given.
    """
    if section not in PlanSection.values:
        raise DomainError("Vælg lovgrundlaget for handleplanen.", field="section")
    if meeting_on > today:
        raise DomainError("Netværksmødet kan ikke ligge i fremtiden.", field="meeting_on")
    if not goals.strip():
        raise DomainError("Skriv borgerens mål med borgerens egne ord.", field="goals")
    if review_by is None:
        review_by = shift_months(
            meeting_on,
            int(default_parameters().value(REVIEW_MONTHS, meeting_on)),  # type: ignore[arg-type]
        )
    if review_by <= meeting_on:
        raise DomainError("Planen skal revideres efter netværksmødet.", field="review_by")
    named = [p for p in participants if p.name.strip()]
    if not named:
        raise DomainError(
            "Skriv mindst én deltager i netværksmødet, som borgeren har valgt.",
            field="participant_1_name",
        )
    for number, step in enumerate(steps, start=1):
        _check_step(step, earliest=meeting_on, field_prefix=f"step_{number}_")
    with transaction.atomic():
        previous = current_action_plan(citizen, lock=True)
        if previous is not None and previous.meeting_on > meeting_on:
            raise DomainError(
                f"Den gældende handleplan er fra {previous.meeting_on:%d.%m.%Y}; en ny plan kan "
                "ikke være fra før den.",
                field="meeting_on",
            )
        plan = ActionPlan.objects.create(
            citizen=citizen,
            section=section,
            meeting_on=meeting_on,
            goals=goals.strip(),
            review_by=review_by,
            created_by=actor,
        )
        PlanParticipant.objects.bulk_create(
            PlanParticipant(
                plan=plan,
                name=p.name.strip(),
                relation=p.relation.strip(),
                chosen_by_citizen=p.chosen_by_citizen,
            )
            for p in named
        )
        PlanStep.objects.bulk_create(
            PlanStep(plan=plan, text=s.text.strip(), responsible=s.responsible.strip(), due=s.due)
            for s in steps
        )
        detail: dict[str, object] = {
            "section": section,
            "participants": len(named),
            "steps": len(steps),
        }
        if previous is not None:
            previous.replaced_on = meeting_on
            previous.save(update_fields=["replaced_on"])
            detail["replaces"] = previous.pk
        audit.record(
            actor=actor, action=AuditAction.CREATE, citizen=citizen, obj=plan, detail=detail
        )
    return plan


def plan_step_add(*, actor: User, plan: ActionPlan, step: StepInput) -> PlanStep:
    """Add a step to a plan that is still in force."""
    if plan.replaced_on is not None:
        raise DomainError("Planen er erstattet af en nyere plan; tilføj skridtet dér.")
    _check_step(step, earliest=plan.meeting_on, field_prefix="")
    with transaction.atomic():
        created = PlanStep.objects.create(
            plan=plan, text=step.text.strip(), responsible=step.responsible.strip(), due=step.due
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=plan.citizen,
            obj=created,
            detail={"plan": plan.pk},
        )
    return created


def plan_step_done(*, actor: User, step: PlanStep, done_on: date, today: date) -> PlanStep:
    """Mark a step of a plan done on a day."""
    if step.done_on is not None:
        raise DomainError(f"Skridtet er allerede udført den {step.done_on:%d.%m.%Y}.")
    if done_on > today:
        raise DomainError("Skridtet kan ikke være udført i fremtiden.", field="done_on")
    if done_on < step.plan.meeting_on:
        raise DomainError(
            "Skridtet kan ikke være udført før netværksmødet, hvor planen blev lagt.",
            field="done_on",
        )
    with transaction.atomic():
        step.done_on = done_on
        step.save(update_fields=["done_on"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=step.plan.citizen,
            obj=step,
            detail={"fields": ["done_on"]},
        )
    return step


# --- The shelter's stay plan -------------------------------------------------------------------


def stay_plan_create(
    *,
    actor: User,
    stay: Stay,
    made_on: date,
    steps: str,
    today: date,
    review_by: date | None = None,
) -> StayPlan:
    """Record the shelter's stay plan for a stay, linked to the citizen's current action plan."""
    if made_on > today:
        raise DomainError("Opholdsplanen kan ikke være lavet i fremtiden.", field="made_on")
    if made_on < stay.admitted:
        raise DomainError(
            f"Opholdsplanen kan ikke være lavet før indskrivningen den {stay.admitted:%d.%m.%Y}.",
            field="made_on",
        )
    if stay.discharged is not None and made_on > stay.discharged:
        raise DomainError(
            f"Opholdet sluttede den {stay.discharged:%d.%m.%Y}; planen skal være lavet før.",
            field="made_on",
        )
    if not steps.strip():
        raise DomainError("Skriv de små, konkrete skridt.", field="steps")
    if review_by is not None and review_by <= made_on:
        raise DomainError("Planen skal revideres efter, den er lavet.", field="review_by")
    with transaction.atomic():
        action_plan = current_action_plan(stay.citizen)
        plan = StayPlan.objects.create(
            stay=stay,
            action_plan=action_plan,
            made_on=made_on,
            steps=steps.strip(),
            review_by=review_by,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=stay.citizen,
            obj=plan,
            detail={"stay": stay.pk, "action_plan": action_plan.pk if action_plan else None},
        )
    return plan

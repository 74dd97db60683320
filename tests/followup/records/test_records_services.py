"""The follow-up services: every rule's Danish message on its field, what is written, the audit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.core.errors import DomainError
from hjemvej.followup import services
from hjemvej.followup.models import (
    ActionPlan,
    Letter,
    PlanSection,
    StayPlan,
    TransitionKind,
    TransitionMeeting,
    TransitionOutcome,
)
from hjemvej.followup.services import ParticipantInput, StepInput, TransitionData
from hjemvej.housing.models import GrantDecision, GrantKind
from tests.followup.records.conftest import TODAY, World, appointment_values, make_grant

pytestmark = pytest.mark.django_db


def fails(field: str | None, message: str, call: Any) -> None:
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.message == message
    assert caught.value.field == field


# --- Transitions -------------------------------------------------------------------------------


def new_transition(world: World, **changes: Any) -> Any:
    data: dict[str, Any] = {
        "kind": TransitionKind.PSYCHIATRIC_DISCHARGE,
        "expected_on": date(2026, 12, 10),
    }
    return lambda: services.transition_create(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        data=TransitionData(**(data | changes)),
        today=TODAY,
    )


def test_transition_rules(world: World) -> None:
    fails("kind", "Vælg hvilken overgang det er.", new_transition(world, kind="exile"))
    fails(
        "notified_on",
        "Datoen for underretningen kan ikke ligge i fremtiden.",
        new_transition(world, notified_on=TODAY + timedelta(days=1)),
    )
    fails(
        "discharge_agreement_on",
        "En udskrivningsaftale eller koordinationsplan hører kun til en udskrivning fra "
        "psykiatrien.",
        new_transition(
            world, kind=TransitionKind.PRISON_RELEASE, discharge_agreement_on=date(2026, 11, 1)
        ),
    )
    fails(
        "discharge_agreement_on",
        "Aftalen kan ikke være indgået i fremtiden.",
        new_transition(world, discharge_agreement_on=TODAY + timedelta(days=1)),
    )


def test_transition_create_writes_and_audits_without_the_plan_text(world: World) -> None:
    created = new_transition(
        world,
        institution=" Psykiatrien, Risskov ",
        notified_on=TODAY,
        discharge_agreement_on=TODAY,
        plan="Flytter ind i egen bolig med bostøtte.",
    )()
    assert created.institution == "Psykiatrien, Risskov"
    assert created.created_by == world.users[Role.CASE_WORKER]
    entry = AuditEntry.objects.get(object_id=str(created.pk), object_type="followup.Transition")
    assert entry.action == AuditAction.CREATE
    # The fields of a transition are not named: discharge_agreement_on exists only for a
    # psychiatric discharge, so naming it would say which kind it was (issue 12, finding 3).
    assert entry.detail == {"fields": ["transition_fields"]}
    assert "psychiatric" not in str(entry.detail)
    prison = new_transition(world, kind=TransitionKind.PRISON_RELEASE, notified_on=TODAY)()
    other = AuditEntry.objects.get(object_id=str(prison.pk), object_type="followup.Transition")
    assert other.detail == entry.detail


def update(world: World, **changes: Any) -> Any:
    transition = world.transition
    data = TransitionData(
        kind=transition.kind,
        expected_on=transition.expected_on,
        institution=transition.institution,
        notified_on=transition.notified_on,
        plan=transition.plan,
    )
    return lambda: services.transition_update(
        actor=world.users[Role.CASE_WORKER],
        transition=transition,
        data=data,
        today=TODAY,
        **changes,
    )


def test_the_outcome_needs_its_day_and_the_day_its_outcome(world: World) -> None:
    fails("outcome", "Skriv, hvordan det gik på dagen.", update(world, happened_on=TODAY))
    fails(
        "happened_on",
        "Skriv datoen, da borgeren blev løsladt eller udskrevet.",
        update(world, outcome=TransitionOutcome.OWN_HOME),
    )
    fails(
        "happened_on",
        "Overgangen kan ikke være sket i fremtiden.",
        update(world, happened_on=TODAY + timedelta(days=1), outcome=TransitionOutcome.SHELTER),
    )
    fails("outcome", "Vælg et resultat på listen.", update(world, happened_on=TODAY, outcome="x"))


def test_transition_update_records_the_day_and_names_the_changed_fields(world: World) -> None:
    saved = update(world, happened_on=TODAY, outcome=TransitionOutcome.NO_SOLUTION)()
    saved.refresh_from_db()
    assert (saved.happened_on, saved.outcome) == (TODAY, TransitionOutcome.NO_SOLUTION)
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE).latest("id")
    assert entry.detail == {"fields": ["transition_fields"]}


def test_a_transition_saved_unchanged_writes_nothing_to_the_log(world: World) -> None:
    before = AuditEntry.objects.count()
    update(world)()
    assert AuditEntry.objects.count() == before


def test_meeting_rules_and_record(world: World) -> None:
    def meeting(**changes: Any) -> Any:
        arguments: dict[str, Any] = {
            "actor": world.users[Role.CASE_WORKER],
            "transition": world.transition,
            "held_on": TODAY,
            "participants": "Borgeren, Kriminalforsorgen, jobcentret",
            "today": TODAY,
        }
        return lambda: services.transition_meeting_add(**(arguments | changes))

    fails(
        "held_on",
        "Mødet kan ikke være holdt i fremtiden.",
        meeting(held_on=TODAY + timedelta(days=1)),
    )
    fails("participants", "Skriv, hvem der var med til mødet.", meeting(participants="  "))
    created = meeting(note="Bolig på plads.")()
    assert TransitionMeeting.objects.get() == created
    entry = AuditEntry.objects.filter(object_type="followup.TransitionMeeting").get()
    assert entry.detail == {"transition": world.transition.pk}


# --- Action plans ------------------------------------------------------------------------------


def new_plan(world: World, **changes: Any) -> Any:
    arguments: dict[str, Any] = {
        "actor": world.users[Role.CASE_WORKER],
        "citizen": world.citizen,
        "meeting_on": TODAY,
        "goals": "Bo i min egen lejlighed.",
        "review_by": date(2027, 5, 21),
        "participants": [ParticipantInput("Kim", "ven"), ParticipantInput("Lone", "bostøtte")],
        "steps": [StepInput("Skrive op til bolig", "Kim og Søren", date(2026, 12, 1))],
        "today": TODAY,
    }
    return lambda: services.action_plan_create(**(arguments | changes))


def test_action_plan_rules(world: World) -> None:
    fails("section", "Vælg lovgrundlaget for handleplanen.", new_plan(world, section="sel999"))
    fails(
        "meeting_on",
        "Netværksmødet kan ikke ligge i fremtiden.",
        new_plan(world, meeting_on=TODAY + timedelta(days=1)),
    )
    fails("goals", "Skriv borgerens mål med borgerens egne ord.", new_plan(world, goals=" "))
    fails(
        "review_by", "Planen skal revideres efter netværksmødet.", new_plan(world, review_by=TODAY)
    )
    fails(
        "participant_1_name",
        "Skriv mindst én deltager i netværksmødet, som borgeren har valgt.",
        new_plan(world, participants=[ParticipantInput(" ")]),
    )
    fails(
        "step_2_responsible",
        "Skriv, hvem der gør det.",
        new_plan(world, steps=[StepInput("a", "b"), StepInput("Ringe til banken", " ")]),
    )
    fails(
        "step_1_text",
        "Skriv, hvad skridtet går ud på.",
        new_plan(world, steps=[StepInput("", "b")]),
    )
    fails(
        "step_1_due",
        "Fristen kan ikke ligge før netværksmødet den 21.11.2026.",
        new_plan(world, steps=[StepInput("a", "b", TODAY - timedelta(days=1))]),
    )
    fails(
        "meeting_on",
        "Den gældende handleplan er fra 20.10.2026; en ny plan kan ikke være fra før den.",
        new_plan(world, meeting_on=date(2026, 10, 19)),
    )
    assert ActionPlan.objects.count() == 1  # nothing half-written


def test_a_new_plan_replaces_the_plan_in_force(world: World) -> None:
    created = new_plan(world, section=PlanSection.SEL141)()
    world.plan.refresh_from_db()
    assert world.plan.replaced_on == TODAY
    assert created.replaced_on is None
    assert [(p.name, p.relation, p.chosen_by_citizen) for p in created.participants.all()] == [
        ("Kim", "ven", True),
        ("Lone", "bostøtte", True),
    ]
    assert [(s.text, s.responsible, s.due) for s in created.steps.all()] == [
        ("Skrive op til bolig", "Kim og Søren", date(2026, 12, 1))
    ]
    entry = AuditEntry.objects.filter(object_type="followup.ActionPlan").latest("id")
    assert entry.detail == {
        "section": PlanSection.SEL141,
        "participants": 2,
        "steps": 1,
        "replaces": world.plan.pk,
    }
    assert "lejlighed" not in str(entry.detail)


def test_steps_are_added_to_the_plan_in_force_and_done_once(world: World) -> None:
    actor = world.users[Role.CASE_WORKER]
    added = services.plan_step_add(actor=actor, plan=world.plan, step=StepInput("Ringe", "Søren"))
    assert added.plan == world.plan
    fails(
        "done_on",
        "Skridtet kan ikke være udført i fremtiden.",
        lambda: services.plan_step_done(
            actor=actor, step=world.step, done_on=TODAY + timedelta(days=1), today=TODAY
        ),
    )
    fails(
        "done_on",
        "Skridtet kan ikke være udført før netværksmødet, hvor planen blev lagt.",
        lambda: services.plan_step_done(
            actor=actor, step=world.step, done_on=date(2026, 10, 19), today=TODAY
        ),
    )
    services.plan_step_done(actor=actor, step=world.step, done_on=date(2026, 10, 20), today=TODAY)
    world.step.refresh_from_db()
    assert world.step.done_on == date(2026, 10, 20)
    fails(
        None,
        "Skridtet er allerede udført den 20.10.2026.",
        lambda: services.plan_step_done(actor=actor, step=world.step, done_on=TODAY, today=TODAY),
    )
    new_plan(world)()
    world.plan.refresh_from_db()
    fails(
        None,
        "Planen er erstattet af en nyere plan; tilføj skridtet dér.",
        lambda: services.plan_step_add(actor=actor, plan=world.plan, step=StepInput("a", "b")),
    )


# --- Stay plans --------------------------------------------------------------------------------


def test_stay_plan_rules(world: World) -> None:
    staff = world.users[Role.SHELTER_STAFF]

    def stay_plan(**changes: Any) -> Any:
        arguments: dict[str, Any] = {
            "actor": staff,
            "stay": world.home_stay,
            "made_on": TODAY,
            "steps": "Søge boligstøtte med Mette.",
            "today": TODAY,
        }
        return lambda: services.stay_plan_create(**(arguments | changes))

    fails(
        "made_on",
        "Opholdsplanen kan ikke være lavet i fremtiden.",
        stay_plan(made_on=TODAY + timedelta(days=1)),
    )
    fails(
        "made_on",
        "Opholdsplanen kan ikke være lavet før indskrivningen den 02.03.2026.",
        stay_plan(made_on=date(2026, 3, 1)),
    )
    fails(
        "made_on",
        "Opholdet sluttede den 01.02.2026; planen skal være lavet før.",
        stay_plan(stay=world.away_stay, made_on=date(2026, 2, 2)),
    )
    fails("steps", "Skriv de små, konkrete skridt.", stay_plan(steps=""))
    fails("review_by", "Planen skal revideres efter, den er lavet.", stay_plan(review_by=TODAY))
    created = stay_plan(review_by=date(2026, 12, 21))()
    assert created.action_plan == world.plan  # linked to the plan in force
    entry = AuditEntry.objects.filter(object_type="followup.StayPlan").get()
    assert entry.user == staff
    assert entry.detail == {"stay": world.home_stay.pk, "action_plan": world.plan.pk}


def test_a_stay_plan_without_an_action_plan_is_linked_to_none(world: World) -> None:
    plan = services.stay_plan_create(
        actor=world.users[Role.SHELTER_STAFF],
        stay=world.other_stay,
        made_on=TODAY,
        steps="Hente post.",
        today=TODAY,
    )
    assert plan.action_plan is None
    assert StayPlan.objects.count() == 1


# --- Letters -----------------------------------------------------------------------------------


def send(world: World, **changes: Any) -> Any:
    arguments: dict[str, Any] = {
        "actor": world.users[Role.SUPPORT_WORKER],
        "citizen": world.citizen,
        "template": "appointment",
        "values": appointment_values(),
        "channel": "post",
        "today": TODAY,
    }
    return lambda: services.letter_send(**(arguments | changes))


def test_letter_rules(world: World) -> None:
    fails("template", "Vælg en brevskabelon.", send(world, template="threat"))
    fails("channel", "Vælg hvordan brevet sendes.", send(world, channel="pigeon"))
    fails("place", "Skriv hvor mødet er.", send(world, values=appointment_values(place="")))
    fails("address", "Skriv adressen.", send(world, values=appointment_values(address="")))
    fails(
        "about",
        "Skriv ikke et CPR-nummer i brevet.",
        send(world, values=appointment_values(about="sagen om 010190-1234")),
    )
    grant_letter = {"template": "grant_decision", "values": {"address": "Havnegade 1"}}
    fails("grant", "Vælg den afgørelse, brevet handler om.", send(world, **grant_letter))
    other_grant = make_grant(world.other, world.users[Role.CASE_WORKER])
    fails(
        "grant",
        "Afgørelsen hører til en anden borger.",
        send(world, grant=other_grant, **grant_letter),
    )
    unreasoned = make_grant(
        world.citizen,
        world.users[Role.CASE_WORKER],
        kind=GrantKind.FURNITURE_GRANT,
        decision=GrantDecision.REFUSED,
        reason="",
    )
    fails(
        "grant",
        "Afgørelsen har ingen begrundelse. Skriv begrundelsen på afgørelsen, før brevet sendes.",
        send(world, grant=unreasoned, **grant_letter),
    )
    assert Letter.objects.count() == 1  # the world's letter only


def test_letter_send_stores_what_renders_it_again(world: World) -> None:
    letter = send(world, values=appointment_values(unknown="ignored"))()
    assert letter.values == appointment_values() | {
        "recipient": "Søren Hansen",
        "sender": "Support_worker",
        "municipality": "Aarhus",
        "sent_on": "2026-11-21",
    }
    assert (letter.template, letter.channel, letter.sent_on) == ("appointment", "post", TODAY)
    assert letter.sent_by == world.users[Role.SUPPORT_WORKER]
    assert letter.subject == "Vi vil gerne mødes med dig 1. december 2026"
    entry = AuditEntry.objects.filter(object_type="followup.Letter").latest("id")
    assert entry.detail == {"template": "appointment", "channel": "post"}


def test_a_decision_letter_copies_the_grant(world: World) -> None:
    letter = send(
        world,
        template="grant_decision",
        values={"address": "Havnegade 1, 8000 Aarhus C"},
        grant=world.grant,
    )()
    assert letter.values["grant_id"] == str(world.grant.pk)
    assert letter.values["amount"] == "12500.00"
    assert letter.subject == "Svar om hjælp til indskud i din nye bolig"
    world.grant.amount = 1
    world.grant.save()
    assert letter.values["amount"] == "12500.00"  # the letter says what was sent
    entry = AuditEntry.objects.filter(object_type="followup.Letter").latest("id")
    assert entry.detail["grant"] == world.grant.pk

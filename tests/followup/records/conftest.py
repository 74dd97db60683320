"""A world for the follow-up records: a citizen every citizen-facing role sees, and records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.followup import services
from hjemvej.followup.models import ActionPlan, Letter, PlanStep, Transition, TransitionKind
from hjemvej.housing.models import Grant, GrantDecision, GrantKind
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import CourseKind
from hjemvej.support.services import course_create
from tests import factories

TODAY = factories.TODAY  # Saturday 21 November 2026
CPR = "0101901234"


@pytest.fixture(autouse=True)
def _today_and_hashing(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    users: dict[str, User]
    citizen: Citizen
    other: Citizen  # another citizen of the same case worker
    outside: Citizen  # a citizen of another municipality
    home: Shelter  # the shelter staff's shelter
    away: Shelter
    home_stay: Stay  # open, at the staff's shelter
    away_stay: Stay  # closed, elsewhere
    other_stay: Stay  # the other citizen's stay at the staff's shelter
    transition: Transition
    plan: ActionPlan
    step: PlanStep
    letter: Letter
    grant: Grant


def make_grant(
    citizen: Citizen,
    actor: User,
    *,
    kind: str = GrantKind.HF_DEPOSIT,
    decision: str = GrantDecision.GRANTED,
    amount: str = "12500.00",
    reason: str = "Indskuddet er betalt som følgeudgift til Housing First.",
) -> Grant:
    """A decided grant (written directly: the housing services decide them, not tested here)."""
    return Grant.objects.create(
        citizen=citizen,
        kind=kind,
        decision=decision,
        amount=Decimal(amount),
        decided_on=date(2026, 11, 2),
        decided_by=actor,
        reason=reason,
    )


def appointment_values(**changes: str) -> dict[str, str]:
    values = {
        "date": "2026-12-01",
        "time": "10.00",
        "place": "Jobcentret, Tronholmen 1",
        "with_whom": "Rikke fra Hjemløseteamet",
        "about": "din nye bolig",
        "bring": "sygesikringskort og lejekontrakt",
        "contact": "Ring til Rikke på 12 34 56 78",
        "address": "c/o Herberget i Aarhus",
    }
    return values | changes


@pytest.fixture
def world(db: None) -> World:
    home = factories.shelter("Herberget i Aarhus")
    away = factories.shelter("Forsorgshjemmet i Roskilde", code="265")
    users = {
        role.value: factories.user(role, role, shelter=home if role == Role.SHELTER_STAFF else None)
        for role in Role
    }
    case = users[Role.CASE_WORKER]
    citizen = factories.citizen(
        case, first_name="Søren", last_name="Hansen", cpr=CPR, start=date(2025, 1, 1)
    )
    other = factories.citizen(case, first_name="Dorte", last_name="Dobbelt")
    outside = factories.citizen(
        factories.user("fremmed", Role.CASE_WORKER, code="101"), first_name="Ude", code="101"
    )
    away_stay = stay_admit(
        actor=case, citizen=citizen, shelter=away, admitted=date(2026, 1, 5), today=TODAY
    )
    stay_discharge(actor=case, stay=away_stay, discharged=date(2026, 2, 1), today=TODAY)
    home_stay = stay_admit(
        actor=case, citizen=citizen, shelter=home, admitted=date(2026, 3, 2), today=TODAY
    )
    other_stay = stay_admit(
        actor=case, citizen=other, shelter=home, admitted=date(2026, 4, 1), today=TODAY
    )
    course_create(
        actor=case,
        citizen=citizen,
        kind=CourseKind.CTI,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
        worker=users[Role.SUPPORT_WORKER],
    )
    transition = services.transition_create(
        actor=case,
        citizen=citizen,
        data=services.TransitionData(
            kind=TransitionKind.PRISON_RELEASE,
            institution="Statsfængslet i Renbæk",
            notified_on=date(2026, 10, 1),
            expected_on=date(2027, 2, 15),
            plan="Løslades til udslusningsbolig.",
        ),
        today=TODAY,
    )
    plan = services.action_plan_create(
        actor=case,
        citizen=citizen,
        meeting_on=date(2026, 10, 20),
        goals="Jeg vil have min egen lejlighed og se min datter igen.",
        review_by=date(2027, 4, 20),
        participants=[services.ParticipantInput("Mette Hansen", "søster")],
        steps=[services.StepInput("Søge boligstøtte", "Søren og Mette", date(2026, 12, 1))],
        today=TODAY,
    )
    grant = make_grant(citizen, case)
    letter = services.letter_send(
        actor=case,
        citizen=citizen,
        template="appointment",
        values=appointment_values(),
        channel="digital_post",
        today=TODAY,
    )
    return World(
        users=users,
        citizen=citizen,
        other=other,
        outside=outside,
        home=home,
        away=away,
        home_stay=home_stay,
        away_stay=away_stay,
        other_stay=other_stay,
        transition=transition,
        plan=plan,
        step=plan.steps.get(),
        letter=letter,
        grant=grant,
    )


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client

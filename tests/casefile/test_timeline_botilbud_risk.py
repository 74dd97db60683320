"""§ 107 botilbud stays and risks of homelessness on the timeline, for those who may see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import Role, User
from hjemvej.casefile.timeline import build_timeline, describe, render_svg
from hjemvej.citizens.models import Citizen, ConsentKind, RiskKind, RiskOutcome
from hjemvej.citizens.prevention import risk_add, risk_end
from hjemvej.citizens.services import consent_add
from hjemvej.shelters.services import stay_admit
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.models import BotilbudStay, CourseKind
from hjemvej.support.services import course_create
from tests import factories

TODAY = factories.TODAY  # Saturday 21 November 2026
PROVIDER = "Botilbuddet Ådalen"
RISK = "Løsladelse uden boligløsning"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    users: dict[str, User]
    citizen: Citizen


@pytest.fixture
def world() -> World:
    shelter = factories.shelter("Herberget i Aarhus")
    users: dict[str, User] = {
        role: factories.user(role, role, shelter=shelter if role == Role.SHELTER_STAFF else None)
        for role in (Role.CASE_WORKER, Role.SUPPORT_WORKER, Role.SHELTER_STAFF, Role.MANAGER)
    }
    case = users[Role.CASE_WORKER]
    citizen = factories.citizen(
        case, first_name="Søren", last_name="Hansen", start=date(2025, 6, 1)
    )
    stay_admit(actor=case, citizen=citizen, shelter=shelter, admitted=date(2026, 9, 1), today=TODAY)
    course_create(  # the support worker's own citizen
        actor=case,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2026, 8, 1),
        start=date(2026, 8, 1),
        worker=users[Role.SUPPORT_WORKER],
    )
    botilbud_stay_add(
        actor=case,
        citizen=citizen,
        provider=PROVIDER,
        decided_on=date(2026, 2, 20),
        start=date(2026, 3, 1),
        end=date(2026, 7, 1),
        monthly_cost=Decimal("30000.00"),
        today=TODAY,
    )
    risk = risk_add(
        actor=case,
        citizen=citizen,
        kind=RiskKind.PRISON_RELEASE,
        noted_on=date(2025, 1, 10),
        expected_on=date(2025, 5, 1),
        today=TODAY,
    )
    risk_end(
        actor=case,
        risk=risk,
        ended_on=date(2025, 6, 1),
        outcome=RiskOutcome.BECAME_HOMELESS,
        today=TODAY,
    )
    return World(users, citizen)


def _page(client: Client, user: User, citizen: Citizen) -> str:
    client.force_login(user)
    response = client.get(reverse("citizens:detail", kwargs={"pk": citizen.pk}))
    assert response.status_code == 200
    return response.content.decode()


def _timeline(html: str) -> str:
    """Return the timeline section of the page: the chart and its table."""
    start = html.index('id="tidslinjen"')
    return html[start : html.index('id="ophold"', start)]


def test_a_botilbud_stay_and_a_risk_are_on_the_case_workers_timeline(
    client: Client, world: World
) -> None:
    section = _timeline(_page(client, world.users[Role.CASE_WORKER], world.citizen))
    svg = section[section.index("<svg") : section.index("</svg>")]
    assert "Botilbud" in svg  # the lane
    assert "Risiko" in svg
    assert "tl-botilbud" in svg
    assert "tl-risk" in svg
    assert 'style="' not in svg  # the CSP forbids inline styles
    table = section[section.index("Tidslinjen som tabel") :]
    assert (
        f"Midlertidigt botilbud (§ 107): {PROVIDER}, afgørelse 20.02.2026" in table
    )  # start, end, botilbud and decision
    assert "<td>01.03.2026</td>" in table
    assert "<td>30.06.2026</td>" in table  # the last day of [1 March, 1 July)
    assert f"Risiko for hjemløshed: {RISK} (forventet 01.05.2025); udfald: Blev hjemløs" in table
    assert "<td>10.01.2025</td>" in table
    assert "<td>31.05.2025</td>" in table  # ended 1 June: the last day it held


def test_an_open_botilbud_stay_and_an_open_risk_run_to_today() -> None:
    stay = BotilbudStay(
        provider=PROVIDER, decided_on=date(2026, 10, 1), start=date(2026, 10, 1), end=None
    )
    timeline = build_timeline(
        title="t",
        today=TODAY,
        situations=[],
        stays=[],
        courses=[],
        contacts=[],
        botilbud=[stay],
        risks=[],
    )
    [event] = timeline.events
    assert (event.lane, event.open, event.until) == ("botilbud", True, "igangværende")
    assert "1 ophold i midlertidigt botilbud (§ 107)" in describe(timeline)
    assert "risici" not in describe(timeline)  # a lane with nothing in it is not named
    svg = render_svg(timeline)
    assert "tl-open" in svg
    assert ">Risiko<" not in svg  # nor drawn


@pytest.mark.parametrize("role", [Role.SUPPORT_WORKER, Role.SHELTER_STAFF])
def test_who_may_not_follow_citizens_at_risk_sees_no_risk(
    client: Client, world: World, role: str
) -> None:
    section = _timeline(_page(client, world.users[role], world.citizen))
    assert RISK not in section
    assert "Risiko for hjemløshed" not in section
    assert "tl-risk" not in section


def test_the_support_worker_sees_the_botilbud_stay_as_the_courses(
    client: Client, world: World
) -> None:
    section = _timeline(_page(client, world.users[Role.SUPPORT_WORKER], world.citizen))
    assert PROVIDER in section


def test_the_manager_sees_both_as_the_case_worker(client: Client, world: World) -> None:
    section = _timeline(_page(client, world.users[Role.MANAGER], world.citizen))
    assert PROVIDER in section
    assert RISK in section


def test_shelter_staff_see_a_botilbud_stay_only_under_the_consent_to_the_shelter(
    client: Client, world: World
) -> None:
    staff = world.users[Role.SHELTER_STAFF]
    assert PROVIDER not in _timeline(_page(client, staff, world.citizen))
    consent_add(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        recipient="Herberget i Aarhus",
        scope="Støtte og forløb",
        given_on=date(2026, 10, 1),
        today=TODAY,
        kind=ConsentKind.SHELTER,
    )
    assert PROVIDER in _timeline(_page(client, staff, world.citizen))

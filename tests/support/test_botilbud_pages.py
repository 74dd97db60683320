"""The support tab lists the citizen's § 107 botilbud stays; staff who manage courses add and edit
them on the house's form page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.models import BotilbudStay
from tests.support.conftest import TODAY, World, as_user

pytestmark = pytest.mark.django_db


def tab(world: World) -> str:
    return reverse("support:citizen", kwargs={"pk": world.citizen.pk})


def add_url(world: World) -> str:
    return reverse("support:botilbud_add", kwargs={"pk": world.citizen.pk})


def edit_url(world: World, stay: BotilbudStay) -> str:
    return reverse("support:botilbud_edit", kwargs={"pk": stay.citizen_id, "botilbud_pk": stay.pk})


@pytest.fixture
def placed(world: World) -> BotilbudStay:
    return botilbud_stay_add(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        provider="Botilbuddet Åbo",
        decided_on=date(2025, 11, 20),
        start=date(2025, 12, 1),
        end=date(2026, 1, 5),
        monthly_cost=Decimal("42000"),
        today=TODAY,
        note="Aftalt med botilbuddet.",
    )


def test_the_tab_lists_the_stays(client: Client, world: World, placed: BotilbudStay) -> None:
    as_user(client, world, Role.CASE_WORKER)
    page = client.get(tab(world)).content.decode()
    assert "Midlertidigt botilbud (§ 107)" in page
    assert "Botilbuddet Åbo" in page
    assert "01.12.2025–04.01.2026" in page  # first and last day
    assert "20.11.2025" in page
    assert "42.000,00" in page
    assert "Aftalt med botilbuddet." in page
    assert add_url(world) in page
    assert edit_url(world, placed) in page


def test_who_cannot_manage_sees_no_buttons(
    client: Client, world: World, placed: BotilbudStay
) -> None:
    as_user(client, world, Role.MANAGER)
    page = client.get(tab(world)).content.decode()
    assert "Botilbuddet Åbo" in page
    assert add_url(world) not in page
    assert edit_url(world, placed) not in page


def test_no_stays_says_so(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    page = client.get(tab(world)).content.decode()
    assert "Borgeren har ingen ophold i midlertidigt botilbud." in page


def test_add_through_the_form(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    form = client.get(add_url(world)).content.decode()
    assert "Nyt ophold i midlertidigt botilbud (§ 107)" in form
    response = client.post(
        add_url(world),
        {
            "provider": "Botilbuddet Åbo",
            "decided_on": "20.02.2026",
            "start": "01.03.2026",
            "end": "",
            "monthly_cost": "42.000,50",
            "note": "",
        },
    )
    assert response.status_code == 302
    stay = BotilbudStay.objects.get(citizen=world.citizen)
    assert (stay.start, stay.end) == (date(2026, 3, 1), None)
    assert stay.monthly_cost == Decimal("42000.50")
    assert AuditEntry.objects.filter(
        object_type="support.BotilbudStay", action=AuditAction.CREATE
    ).exists()


def test_a_bad_end_is_shown_at_its_field(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        add_url(world),
        {
            "provider": "Botilbuddet Åbo",
            "decided_on": "20.02.2026",
            "start": "01.03.2026",
            "end": "01.02.2026",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Opholdet skal slutte efter det begynder" in page
    assert 'id="id_end_error"' in page
    assert not BotilbudStay.objects.exists()


def test_edit_ends_a_stay(client: Client, world: World, placed: BotilbudStay) -> None:
    as_user(client, world, Role.CASE_WORKER)
    form = client.get(edit_url(world, placed)).content.decode()
    assert 'value="Botilbuddet Åbo"' in form
    response = client.post(
        edit_url(world, placed),
        {
            "provider": "Botilbuddet Åbo",
            "decided_on": "20.11.2025",
            "start": "01.12.2025",
            "end": "01.02.2026",
            "monthly_cost": "42.000,00",
            "note": "Aftalt med botilbuddet.",
        },
    )
    assert response.status_code == 302
    placed.refresh_from_db()
    assert placed.end == date(2026, 2, 1)
    entry = AuditEntry.objects.filter(object_type="support.BotilbudStay").latest("id")
    assert (entry.action, entry.detail) == (AuditAction.UPDATE, {"fields": ["end"]})


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (Role.CASE_WORKER, 200),
        (Role.MANAGER, 403),
        (Role.ECONOMIST, 403),
        ("stranger", 404),
    ],
)
def test_the_forms_follow_the_course_policy(
    client: Client, world: World, placed: BotilbudStay, who: str, status: int
) -> None:
    as_user(client, world, who)
    assert client.get(add_url(world)).status_code == status
    assert client.get(edit_url(world, placed)).status_code == status


def test_another_citizens_stay_is_not_found(
    client: Client, world: World, placed: BotilbudStay
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    url = reverse("support:botilbud_edit", kwargs={"pk": world.other.pk, "botilbud_pk": placed.pk})
    assert client.get(url).status_code == 404

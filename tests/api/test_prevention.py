"""A citizen's § 107 stays and risks of homelessness in the API, and the status "i risiko"."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import AuditEntry, Role
from hjemvej.accounts.policy import Action, allowed
from hjemvej.citizens.models import Citizen, RiskKind
from hjemvej.citizens.prevention import citizen_create_at_risk, risk_add
from hjemvej.core import dates
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.services import course_create
from tests.api.world import ROLES, World, api

pytestmark = pytest.mark.django_db


def _at_risk(world: World) -> Citizen:
    return citizen_create_at_risk(
        actor=world.users[Role.CASE_WORKER],
        acting_municipality=world.citizen.acting_municipality,
        kind=RiskKind.PRISON_RELEASE,
        noted_on=date(2026, 1, 5),
        expected_on=date(2026, 2, 1),
        today=dates.today(),
        first_name="Rikke",
        note="løsladelse",
    ).citizen


def test_a_citizen_only_at_risk_has_the_status_at_risk(world: World) -> None:
    at_risk = _at_risk(world)
    client = api(world, Role.CASE_WORKER)
    rows = {r["id"]: r for r in client.get("borgere/").json()["items"]}
    assert rows[at_risk.pk]["status"] == "at_risk"
    assert rows[at_risk.pk]["on_list"] is False
    assert rows[world.citizen.pk]["status"] == "on_list"
    assert client.get(f"borgere/{at_risk.pk}").json()["status"] == "at_risk"
    # shelter staff see no list status
    staff = api(world, Role.SHELTER_STAFF)
    assert staff.get(f"borgere/{world.citizen.pk}").json()["status"] is None


def test_the_status_at_risk_is_shown_only_to_those_who_follow_citizens_at_risk(
    world: World,
) -> None:
    at_risk = _at_risk(world)
    course_create(
        actor=world.users[Role.CASE_WORKER],
        citizen=at_risk,
        kind="sel85",
        decided_on=date(2026, 1, 6),
        start=date(2026, 1, 6),
        worker=world.users[Role.SUPPORT_WORKER],
    )
    assert api(world, Role.MANAGER).get(f"borgere/{at_risk.pk}").json()["status"] == "at_risk"
    support = api(world, Role.SUPPORT_WORKER)
    assert not allowed(world.users[Role.SUPPORT_WORKER], Action.VIEW_AT_RISK)
    shown = support.get(f"borgere/{at_risk.pk}").json()
    assert (shown["status"], shown["on_list"]) == (None, None)
    assert support.get(f"borgere/{world.citizen.pk}").json()["status"] == "on_list"


def test_a_citizens_risks_are_read_by_those_who_follow_citizens_at_risk(world: World) -> None:
    at_risk = _at_risk(world)
    risk_add(
        actor=world.users[Role.CASE_WORKER],
        citizen=at_risk,
        kind=RiskKind.EVICTION,
        noted_on=date(2026, 1, 20),
        today=dates.today(),
    )
    for role in ROLES:
        response = api(world, role).get(f"borgere/{at_risk.pk}/risici")
        if not allowed(world.users[role], Action.VIEW_AT_RISK):
            assert response.status_code == 403, role
            continue
        assert response.status_code == 200, role
        body = response.json()
        assert body["count"] == 2
        first = body["items"][0]
        assert first["kind"] == "eviction"
        assert first["noted_on"] == "2026-01-20"
        assert body["items"][1]["expected_on"] == "2026-02-01"
        assert "note" not in first
    entry = AuditEntry.objects.filter(detail__page="api:citizen_risks").last()
    assert entry is not None
    assert entry.citizen_id == at_risk.pk
    # another municipality's citizen is not found
    outside = api(world, Role.CASE_WORKER).get(f"borgere/{world.outside.pk}/risici")
    assert outside.status_code == 404


def test_a_citizens_botilbud_stays_are_read_as_the_page_shows_them(world: World) -> None:
    stay = botilbud_stay_add(
        actor=world.users[Role.CASE_WORKER],
        citizen=world.citizen,
        provider="Botilbuddet Åbo",
        decided_on=date(2026, 1, 2),
        start=date(2026, 1, 2),
        end=None,
        monthly_cost=Decimal("42000.50"),
        today=dates.today(),
    )
    body = api(world, Role.CASE_WORKER).get(f"borgere/{world.citizen.pk}/botilbud").json()
    assert body == {
        "items": [
            {
                "id": stay.pk,
                "citizen": world.citizen.pk,
                "provider": "Botilbuddet Åbo",
                "decided_on": "2026-01-02",
                "start": "2026-01-02",
                "end": None,
                "monthly_cost": "42000.50",
            }
        ],
        "count": 1,
    }
    # shelter staff see § 107 stays as support courses: only under the citizen's consent
    staff = api(world, Role.SHELTER_STAFF).get(f"borgere/{world.citizen.pk}/botilbud").json()
    assert staff == {"items": [], "count": 0}
    outside = api(world, Role.CASE_WORKER).get(f"borgere/{world.outside.pk}/botilbud")
    assert outside.status_code == 404
    entry = AuditEntry.objects.filter(detail__page="api:citizen_botilbud").last()
    assert entry is not None
    assert entry.citizen_id == world.citizen.pk

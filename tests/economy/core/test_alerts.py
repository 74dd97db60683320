"""Case workers' alerts: near the cap, past it, exact against the citizen's explanation."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.shelter import Readings
from hjemvej.rules.shelter.periods import CAP
from hjemvej.shelters.alerts import reimbursement_alerts
from hjemvej.shelters.selectors import citizen_reimbursement
from tests import factories
from tests.economy.core.conftest import TODAY, World, admit, login


@pytest.mark.django_db
def test_near_and_past_the_cap(world: World) -> None:
    alerts = reimbursement_alerts(world.users[Role.CASE_WORKER], today=TODAY)
    assert alerts.problem == ""
    # In a stay tonight: Bent, Dorte, Erik, Hans (unregistered).
    assert (alerts.in_stay, alerts.not_registered) == (4, 1)
    past = {row.citizen_pk: row for row in alerts.past}
    near = {row.citizen_pk: row for row in alerts.near}
    # Erik: 112 nights since 01.08.2026, 8 reimbursed days left, first day without on 29.11.
    erik = near[world.citizens["erik"].pk]
    assert (erik.window_start, erik.window_end) == (date(2026, 8, 1), date(2027, 8, 1))
    assert (erik.used, erik.days_left, erik.reached_on) == (112, 8, date(2026, 11, 29))
    assert erik.cap.valid_from == date(2026, 4, 1)
    assert erik.cap.status == "agreed"
    # Bent: in the window opened 20.12.2025 all 120 days are used.
    bent = past[world.citizens["bent"].pk]
    assert (bent.window_start, bent.used, bent.days_left, bent.reached_on) == (
        date(2025, 12, 20),
        120,
        0,
        None,
    )
    # Dorte passed the cap in her first window; a new window opened on 01.10.2026: 51 used.
    assert world.citizens["dorte"].pk not in past | near
    assert set(past) == {world.citizens["bent"].pk}
    assert set(near) == {world.citizens["erik"].pk}
    wider = reimbursement_alerts(world.users[Role.CASE_WORKER], today=TODAY, within=70)
    dorte = next(r for r in wider.near if r.citizen_pk == world.citizens["dorte"].pk)
    assert (dorte.window_start, dorte.used, dorte.days_left) == (date(2026, 10, 1), 51, 69)
    narrower = reimbursement_alerts(world.users[Role.CASE_WORKER], today=TODAY, within=5)
    assert narrower.near == []


@pytest.mark.django_db
def test_windows_agree_with_the_citizens_explanation(world: World) -> None:
    # Ivan's stays began before the reform (days without a cap) and go on across every
    # anniversary: the alert leaves the uncapped days out, the citizen's page counts them all.
    # The windows they find must be the same.
    ivan = factories.citizen(
        world.users[Role.CASE_WORKER],
        first_name="Ivan",
        last_name="Iversen",
        start=date(2023, 1, 1),
    )
    world.citizens["ivan"] = ivan
    admit(world, "ivan1", "ivan", world.inside, date(2023, 9, 15), date(2025, 2, 1))
    admit(world, "ivan2", "ivan", world.outside, date(2025, 2, 1), date(2025, 2, 20))
    admit(world, "ivan3", "ivan", world.inside, date(2025, 9, 1))
    for readings in (Readings(), Readings(cap="window_start"), Readings(window="rolling365")):
        alerts = reimbursement_alerts(
            world.users[Role.CASE_WORKER], today=TODAY, within=366, readings=readings
        )
        rows = {row.citizen_pk: row for row in [*alerts.near, *alerts.past]}
        for key in ("ivan", "erik", "bent", "dorte"):
            citizen = world.citizens[key]
            explained = citizen_reimbursement(citizen, as_of=TODAY, readings=readings)
            assert explained.explanation is not None
            steps = explained.explanation.steps
            row = rows[citizen.pk]
            if readings.window == "anchored":
                last = [s for s in steps if "window_start" in s.data][-1]
                if last.data["window_end"] > TODAY:  # type: ignore[operator]
                    assert row.window_start == last.data["window_start"]
                    used = sum(
                        s.days
                        for s in steps
                        if s.kind == "reimbursed" and s.data["window_start"] == row.window_start
                    )
                else:
                    assert row.window_start == TODAY
                    used = 0
            else:
                used = sum(
                    max((min(s.end, TODAY) - max(s.start, row.window_start)).days, 0)
                    for s in steps
                    if s.kind == "reimbursed"
                )
            assert row.used == used, (key, readings)
            cap_day = row.window_start if readings.cap == "window_start" else TODAY
            cap = default_parameters().at(CAP, cap_day)
            assert row.cap == cap
            assert row.days_left == int(cap.value) - used  # type: ignore[arg-type]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASE_WORKER, 200),
        (Role.MANAGER, 200),
        (Role.ECONOMIST, 403),
        (Role.SHELTER_STAFF, 403),
        (Role.ADMIN, 403),
    ],
)
def test_who_may_see_the_alerts(world: World, client: Client, role: str, status: int) -> None:
    login(client, world, role)
    assert client.get(reverse("economy:alerts")).status_code == status


@pytest.mark.django_db
def test_the_alerts_page(world: World, client: Client) -> None:
    login(client, world, Role.CASE_WORKER)
    response = client.get(reverse("economy:alerts"))
    html = response.content.decode()
    assert "Bent Berg" in html
    assert "Erik Eriksen" in html
    assert "Dorte Dahl" not in html
    assert "Hans Holm" not in html
    assert "Frida" not in html
    erik = world.citizens["erik"]
    assert reverse("citizens:detail", kwargs={"pk": erik.pk}) + "#refusion" in html
    assert "01.08.2026–31.07.2027" in html
    assert "29.11.2026" in html
    assert "politisk aftale" in html
    logged = AuditEntry.objects.filter(action=AuditAction.VIEW, user=world.users[Role.CASE_WORKER])
    assert factories.citizens_named(logged) == {erik.pk, world.citizens["bent"].pk}
    wider = client.get(reverse("economy:alerts") + "?dage=70").content.decode()
    assert "Dorte Dahl" in wider
    wrong = client.get(reverse("economy:alerts") + "?dage=mange").content.decode()
    assert "Angiv et helt antal dage" in wrong
    assert 'aria-describedby="dage-hint dage-error"' in wrong

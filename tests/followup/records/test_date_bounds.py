"""Dates a form accepts are within Hjemvej's rules: none breaks a page afterwards (issue 12, 8a)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from hjemvej.accounts.models import Role
from hjemvej.followup.models import Transition, TransitionKind
from tests.followup.records.conftest import TODAY, World, login
from tests.followup.records.test_records_pages import VIEWERS, text, url

pytestmark = pytest.mark.django_db

#: The follow-up rules' parameter tables start here (params/followup.yaml).
FOLLOWUP_START = date(2023, 10, 1)
#: Today (21.11.2026) and ten years ahead (params/bounds.yaml: bounds.date.future_years).
LATEST = date(2036, 11, 21)


def post_transition(client: Client, world: World, kind: str, on: date) -> int:
    day = on.isoformat()
    values = {"kind": kind, "expected_on": day}
    if on <= TODAY:  # the municipality cannot have been told, nor agreed, in the future
        values["notified_on"] = day
        if kind == TransitionKind.PSYCHIATRIC_DISCHARGE:
            values["discharge_agreement_on"] = day
    response = client.post(url("transition_create", world), values)
    assert response.status_code == 302, text(response)
    return response.status_code


@pytest.mark.parametrize(
    "kind", [TransitionKind.PRISON_RELEASE, TransitionKind.PSYCHIATRIC_DISCHARGE]
)
def test_a_date_before_the_rules_begin_is_refused_at_the_form(
    world: World, client: Client, kind: str
) -> None:
    login(client, world.users[Role.CASE_WORKER])
    before = Transition.objects.count()
    response = client.post(
        url("transition_create", world),
        {"kind": kind, "expected_on": "2022-06-01", "notified_on": "2022-05-01"},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Datoen kan ikke ligge før 01.10.2023" in page
    assert Transition.objects.count() == before
    far = client.post(url("transition_create", world), {"kind": kind, "expected_on": "9999-12-31"})
    assert "Datoen ligger mere end 10 år ude i fremtiden" in text(far)
    assert Transition.objects.count() == before


@pytest.mark.parametrize("on", [FOLLOWUP_START, LATEST])
@pytest.mark.parametrize(
    "kind", [TransitionKind.PRISON_RELEASE, TransitionKind.PSYCHIATRIC_DISCHARGE]
)
def test_the_earliest_and_latest_accepted_dates_leave_every_page_whole(
    world: World, client: Client, kind: str, on: date
) -> None:
    login(client, world.users[Role.CASE_WORKER])
    assert post_transition(client, world, kind, on) == 302
    for role in VIEWERS:
        login(client, world.users[role])
        assert client.get(url("citizen", world)).status_code == 200, role
        assert client.get(f"/borgere/{world.citizen.pk}/").status_code == 200, role

"""The values an administrator should check: every assumed or agreed value with its note."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from hjemvej.core.law import values_to_check
from hjemvej.rules.parameters import load_parameters
from tests import factories
from tests.accounts.test_pages import assert_csp_clean, page_of

TODAY = date(2026, 6, 1)

AREA = """\
area: test
title: Prøve
parameters:
  test.cap:
    title: Et loft
    unit: days
    values:
      - from: 2020-01-01
        value: 100
        reference: Lov A
        source: https://example.org/a
        status: assumed
        note: Det gamle tal er ikke fundet.
      - from: 2024-01-01
        value: 120
        reference: Lov B
        source: https://example.org/b
        status: law
      - from: 2026-04-01
        value: 120
        reference: Aftale C
        source: https://example.org/c
        status: agreed
        note: Lovforslaget er ikke vedtaget endnu.
      - from: 2028-04-01
        value: 90
        reference: Aftale C
        source: https://example.org/c
        status: agreed
"""


def test_the_values_to_check_are_the_assumed_and_agreed_ones(tmp_path: Path) -> None:
    (tmp_path / "test.yaml").write_text(AREA, encoding="utf-8")
    params = load_parameters(tmp_path)
    found = values_to_check(params, today=TODAY)
    assert [(r.value.valid_from, r.when, r.value.status) for r in found] == [
        (date(2026, 4, 1), "now", "agreed"),
        (date(2028, 4, 1), "future", "agreed"),
    ]
    assert found[0].last_day == date(2028, 3, 31)
    assert found[1].last_day is None
    with_past = values_to_check(params, today=TODAY, past=True)
    assert (with_past[0].value.valid_from, with_past[0].when) == (date(2020, 1, 1), "past")
    assert with_past[0].last_day == date(2023, 12, 31)  # the law value took over, not enacted
    assumed = values_to_check(params, today=TODAY, status="assumed", past=True)
    assert [r.value.note for r in assumed] == ["Det gamle tal er ikke fundet."]


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


@pytest.mark.django_db
def test_the_administrator_sees_what_to_check_with_its_note(
    client: Client, fixed_today: None
) -> None:
    client.force_login(factories.user("anna", Role.ADMIN))
    start = page_of(client.get(reverse("start")))
    assert f'href="{reverse("rules_to_check")}">Regelværdier til kontrol</a>' in start
    page = page_of(client.get(reverse("rules_to_check")))
    assert "<h1>Regelværdier til kontrol</h1>" in page
    # The deposit-loan ceiling of 2026 is carried over from 2024 (assumed), with its note.
    assert "housing.deposit_loan.income_ceiling</code>" in page
    assert "2026-beløbet er ikke fundet" in page
    # The § 177 cap of 120 days after 1 April 2026 rests on a political agreement.
    assert "shelter.reimbursement.day_cap</code>" in page
    # An enacted value with no assumed or agreed one is not listed.
    assert "housing.allocation.recent_months</code>" not in page
    assert_csp_clean(page)


@pytest.mark.django_db
def test_the_choice_of_status_and_of_past_values(client: Client, fixed_today: None) -> None:
    client.force_login(factories.user("rita", Role.ECONOMIST))
    agreed = page_of(client.get(reverse("rules_to_check"), {"status": "agreed"}))
    assert "shelter.reimbursement.day_cap</code>" in agreed
    assert "housing.deposit_loan.income_ceiling</code>" not in agreed
    assert '<option value="agreed" selected>' in agreed
    now = page_of(client.get(reverse("rules_to_check"), {"status": "assumed"}))
    asked = {"status": "assumed", "tidligere": "1"}
    with_past = page_of(client.get(reverse("rules_to_check"), asked))
    assert with_past.count("<tr>") > now.count("<tr>")
    assert "tidligere" in with_past
    # A choice the form does not offer shows the whole list, never an error.
    odd = client.get(reverse("rules_to_check"), {"status": "law<script>", "tidligere": "x"})
    assert odd.status_code == 200
    assert "<script>" not in odd.content.decode().split("<main", 1)[1]


@pytest.mark.django_db
def test_the_rules_page_links_to_the_check_only_for_those_who_may(client: Client) -> None:
    client.force_login(factories.user("carl", Role.CASE_WORKER))
    assert reverse("rules_to_check") not in page_of(client.get(reverse("rules")))
    assert client.get(reverse("rules_to_check")).status_code == 403
    client.force_login(factories.user("anna", Role.ADMIN))
    assert reverse("rules_to_check") in page_of(client.get(reverse("rules")))

"""Prevention counted apart: risks per year, their outcomes, and the move onto the list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.citizens.models import Citizen, RiskKind, RiskOutcome, Situation
from hjemvej.citizens.prevention import citizen_create_at_risk, risk_end
from hjemvej.citizens.services import situation_add
from hjemvej.stats.prevention import prevention_year
from tests import factories

TODAY = factories.TODAY  # 21 November 2026

pytestmark = pytest.mark.django_db


def _at_risk(worker: User, name: str, noted_on: date) -> Citizen:
    return citizen_create_at_risk(
        actor=worker,
        acting_municipality=factories.municipality(),
        kind=RiskKind.EVICTION,
        noted_on=noted_on,
        today=TODAY,
        first_name=name,
    ).citizen


def _world(worker: User) -> None:
    # Became homeless 2 months after the risk: onto the list within the 6 months.
    soon = _at_risk(worker, "Snart", date(2026, 1, 10))
    situation_add(
        actor=worker, citizen=soon, situation=Situation.SOFA, start=date(2026, 3, 10), today=TODAY
    )
    # Became homeless 7 months after: not within the window.
    late = _at_risk(worker, "Sent", date(2026, 1, 20))
    situation_add(
        actor=worker, citizen=late, situation=Situation.STREET, start=date(2026, 8, 20), today=TODAY
    )
    # Averted.
    kept = _at_risk(worker, "Bolig", date(2026, 2, 1))
    risk_end(
        actor=worker,
        risk=kept.risks.get(),
        ended_on=date(2026, 4, 1),
        outcome=RiskOutcome.AVERTED,
        today=TODAY,
    )
    # Still open; noted too late for the window to have passed by today.
    _at_risk(worker, "Aaben", date(2026, 10, 1))
    # Noted the year before, still open at the year's end.
    _at_risk(worker, "Gammel", date(2025, 11, 1))
    # A citizen on the list is no risk and no count here.
    factories.citizen(worker)


def test_the_year_counts_risks_outcomes_and_the_share_onto_the_list(worker: User) -> None:
    _world(worker)
    year = prevention_year(Citizen.objects.all(), 2026, as_of=TODAY)
    assert (year.new_risks, year.new_citizens, year.open_at_end) == (4, 4, 2)
    assert (year.averted, year.became_homeless, year.ended_otherwise) == (1, 2, 0)
    assert year.months == 6
    assert year.window.status == "assumed"
    # Followed: Snart, Sent, Bolig (windows passed); Aaben's runs to 01.04.2027.
    assert (year.followed, year.onto_list, year.not_yet_followed) == (3, 1, 1)
    assert year.share_onto_list == Decimal("33.3")
    before = prevention_year(Citizen.objects.all(), 2025, as_of=TODAY)
    assert (before.new_risks, before.open_at_end, before.followed) == (1, 1, 1)
    assert before.share_onto_list == Decimal("0.0")


def test_the_statistics_page_shows_prevention_as_counts_for_economists(client: Client) -> None:
    worker = factories.user("sofie", Role.CASE_WORKER)
    _world(worker)
    economist = factories.user("erik", Role.ECONOMIST)
    client.force_login(economist)
    assert reverse("stats:prevention") in client.get(reverse("stats:index")).content.decode()
    before = AuditEntry.objects.count()
    response = client.get(reverse("stats:prevention"), {"aar": "2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "33,3" in page
    assert "Snart" not in page
    assert AuditEntry.objects.count() == before
    refused = client.get(reverse("stats:prevention"), {"aar": "1999x"})
    assert refused.status_code == 200
    assert "Vælg et af årene" in refused.content.decode()

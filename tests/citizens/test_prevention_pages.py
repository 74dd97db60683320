"""The pages of prevention: registering a citizen at risk, the list of them, a citizen's risks."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen, RiskKind, RiskOfHomelessness, RiskOutcome
from hjemvej.citizens.prevention import citizen_create_at_risk
from tests import factories

pytestmark = pytest.mark.django_db

FORM = {
    "first_name": "Rikke",
    "gender": "unknown",
    "acting_municipality": "",
    "source": "case_work",
    "registration": "at_risk",
    "risk_kind": RiskKind.LEAVING_CARE,
    "noted_on": "01.03.2026",
    "expected_on": "15.06.2026",
}


def _at_risk(actor: User, name: str, *, code: str = "751") -> Citizen:
    return citizen_create_at_risk(
        actor=actor,
        acting_municipality=factories.municipality(code),
        kind=RiskKind.EVICTION,
        noted_on=date(2026, 3, 1),
        expected_on=date(2026, 4, 1),
        today=factories.TODAY,
        first_name=name,
    ).citizen


def test_opret_borger_registers_a_citizen_at_risk_off_the_list(client: Client) -> None:
    worker = factories.user("sofie", Role.CASE_WORKER)
    client.force_login(worker)
    form = FORM | {"acting_municipality": worker.municipality_id}
    response = client.post(reverse("citizens:create"), form)
    assert response.status_code == 302
    citizen = Citizen.objects.get(first_name="Rikke")
    (risk,) = citizen.risks.all()
    assert (risk.kind, risk.noted_on, risk.expected_on) == (
        RiskKind.LEAVING_CARE,
        date(2026, 3, 1),
        date(2026, 6, 15),
    )
    assert not citizen.situations.exists()
    assert not citizen.list_events.exists()
    page = client.get(reverse("citizens:detail", kwargs={"pk": citizen.pk})).content.decode()
    assert "Anbragt, der fylder 18 år" in page
    assert "ikke på by-name-listen" in page


def test_opret_borger_at_risk_needs_the_risk_naming_the_field(client: Client) -> None:
    worker = factories.user("sofie", Role.CASE_WORKER)
    client.force_login(worker)
    form = FORM | {"acting_municipality": worker.municipality_id, "risk_kind": ""}
    response = client.post(reverse("citizens:create"), form)
    assert response.status_code == 200
    assert response.context["form"].errors["risk_kind"] == ["Vælg hvilken risiko der er tale om."]
    assert not Citizen.objects.filter(first_name="Rikke").exists()
    homeless = FORM | {"acting_municipality": worker.municipality_id, "registration": "homeless"}
    response = client.post(reverse("citizens:create"), homeless)
    assert response.status_code == 200
    assert "situation" in response.context["form"].errors


def test_the_page_of_citizens_at_risk_shows_the_own_municipality_and_logs_them(
    client: Client,
) -> None:
    worker = factories.user("sofie", Role.CASE_WORKER)
    stranger = factories.user("ulla", Role.CASE_WORKER, code="101")
    mine = _at_risk(worker, "Rasmus")
    _at_risk(stranger, "Fremmed", code="101")
    for role in (Role.CASE_WORKER, Role.MANAGER):
        user = worker if role == Role.CASE_WORKER else factories.user("mette", role)
        client.force_login(user)
        page = client.get(reverse("citizens:at_risk")).content.decode()
        assert "Rasmus" in page
        assert "Fremmed" not in page
        # Only those who may register a citizen are offered to.
        assert (reverse("citizens:create") in page) == (role == Role.CASE_WORKER)
        assert AuditEntry.objects.filter(
            user=user, citizen=mine, action=AuditAction.VIEW, detail__page="citizens:at_risk"
        ).exists()
    for role in (Role.SUPPORT_WORKER, Role.ECONOMIST):
        client.force_login(factories.user(f"u{role}", role))
        assert client.get(reverse("citizens:at_risk")).status_code == 403
    client.force_login(worker)
    assert reverse("citizens:at_risk") in client.get(reverse("citizens:list")).content.decode()
    assert reverse("citizens:at_risk") in client.get(reverse("start")).content.decode()


def test_a_risk_is_added_and_ended_from_the_citizen_page(client: Client) -> None:
    worker = factories.user("sofie", Role.CASE_WORKER)
    citizen = factories.citizen(worker)
    client.force_login(worker)
    added = client.post(
        reverse("citizens:risk_add", kwargs={"pk": citizen.pk}),
        {"kind": RiskKind.PRISON_RELEASE, "noted_on": "01.05.2026", "expected_on": ""},
    )
    assert added.status_code == 302
    risk = RiskOfHomelessness.objects.get(citizen=citizen)
    url = reverse("citizens:risk_end", kwargs={"pk": citizen.pk, "homelessness_risk_pk": risk.pk})
    refused = client.post(url, {"ended_on": "01.04.2026", "outcome": RiskOutcome.AVERTED})
    assert refused.context["form"].errors["ended_on"] == [
        "Slutdatoen ligger før risikoen blev registreret."
    ]
    assert client.post(url, {"ended_on": "01.06.2026", "outcome": "averted"}).status_code == 302
    risk.refresh_from_db()
    assert (risk.ended_on, risk.outcome) == (date(2026, 6, 1), RiskOutcome.AVERTED)

"""The housing room's audit entries: the dwelling page is a logged read; no entry reveals an
eviction (issue 12, findings 3 and 7)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry
from hjemvej.housing import services
from hjemvej.housing.models import Tenancy
from tests.housing import world as build
from tests.housing.conftest import TODAY, World, login

pytestmark = pytest.mark.django_db


def test_the_dwelling_page_logs_a_read_of_its_tenants_and_offerees(
    world: World, client: Client
) -> None:
    tenancy = Tenancy.objects.get(pk=world.ids["tenancy_pk"])
    assert tenancy.dwelling is not None
    url = reverse("housing:dwelling_detail", kwargs={"dwelling_pk": tenancy.dwelling.pk})
    last = AuditEntry.objects.latest("id").pk
    login(client, world.case_worker)
    page = client.get(url).content.decode()
    assert world.citizen.first_name in page
    reads = list(AuditEntry.objects.filter(pk__gt=last, action=AuditAction.VIEW))
    assert len(reads) == 1
    assert reads[0].detail == {"page": "housing:dwelling_detail", "dwelling": tenancy.dwelling.pk}
    assert reads[0] in set(audit.entries_about(world.citizen.pk))


def test_a_dwelling_page_with_no_citizen_shown_logs_nothing(world: World, client: Client) -> None:
    cw = world.case_worker
    empty = build.dwelling(cw, build.landlord(cw, "Parken"), address="Parken 9")
    login(client, cw)
    before = AuditEntry.objects.count()
    response = client.get(reverse("housing:dwelling_detail", kwargs={"dwelling_pk": empty.pk}))
    assert response.status_code == 200
    assert AuditEntry.objects.count() == before


def test_an_ended_tenancy_is_logged_without_its_reason(world: World) -> None:
    tenancy = Tenancy.objects.get(pk=world.ids["tenancy_pk"])
    services.tenancy_end(
        actor=world.case_worker,
        tenancy=tenancy,
        move_out=date(2026, 11, 20),
        end_reason="evicted",
        today=TODAY,
    )
    entry = AuditEntry.objects.filter(object_type="housing.Tenancy").latest("id")
    assert "evicted" not in str(entry.detail)
    assert entry.detail == {"fields": ["move_out", "end_reason"]}


def test_a_risk_is_logged_without_its_kind(world: World) -> None:
    tenancy = Tenancy.objects.get(pk=world.ids["tenancy_pk"])
    services.tenancy_risk_add(
        actor=world.case_worker,
        tenancy=tenancy,
        kind="eviction_warning",
        noted_on=date(2026, 11, 18),
        deadline=date(2026, 12, 2),
        today=TODAY,
    )
    entry = AuditEntry.objects.filter(object_type="housing.TenancyRisk").latest("id")
    assert "eviction" not in str(entry.detail)
    assert entry.detail == {"tenancy": tenancy.pk}

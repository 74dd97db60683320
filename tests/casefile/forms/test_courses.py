"""Support courses and contacts through the citizen's forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from hjemvej.accounts.models import Role
from hjemvej.support.models import Contact, CourseKind, SupportCourse
from tests.casefile.forms.world import World, as_user, url

pytestmark = pytest.mark.django_db


def test_course_workers_are_the_municipalitys_support_and_case_workers(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    html = client.get(url("course_create", world)).content.decode()
    assert "Support_worker (Bostøttemedarbejder)" in html
    assert "Case_worker (Sagsbehandler)" in html
    assert "Manager" not in html
    assert "Fremmed" not in html
    response = client.post(
        url("course_create", world),
        {
            "kind": CourseKind.CTI,
            "worker": world.users["colleague"].pk,
            "decided_on": "2026-11-01",
            "start": "2026-11-02",
            "end": "",
            "monthly_cost": "9.500,50",
        },
    )
    assert response.status_code == 302
    course = SupportCourse.objects.get(kind=CourseKind.CTI)
    assert (course.worker, course.monthly_cost) == (world.users["colleague"], Decimal("9500.50"))
    refused = client.post(
        url("course_create", world),
        {
            "kind": CourseKind.CTI,
            "worker": world.users["stranger"].pk,
            "decided_on": "2026-11-01",
            "start": "2026-11-02",
        },
    )
    assert "Vælg en af mulighederne på listen." in refused.content.decode()


def test_a_course_is_ended_through_its_form(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    html = client.get(url("course_edit", world)).content.decode()
    assert 'name="kind"' not in html  # a course keeps its kind
    response = client.post(
        url("course_edit", world),
        {
            "worker": world.users[Role.SUPPORT_WORKER].pk,
            "decided_on": "2026-02-01",
            "start": "2026-02-01",
            "end": "2026-01-01",
            "monthly_cost": "",
        },
    )
    assert "Forløbet kan ikke slutte før det begynder." in response.content.decode()
    response = client.post(
        url("course_edit", world),
        {
            "worker": world.users[Role.SUPPORT_WORKER].pk,
            "decided_on": "2026-02-01",
            "start": "2026-02-01",
            "end": "2026-11-01",
            "monthly_cost": "0",
        },
    )
    assert response.status_code == 302
    world.course.refresh_from_db()
    assert world.course.end == date(2026, 11, 1)


def test_a_contact_in_the_future_is_refused(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(url("contact_add", world), {"date": "2026-11-22", "kind": "phone"})
    assert "Kontakten kan ikke ligge i fremtiden." in response.content.decode()
    assert not Contact.objects.exists()

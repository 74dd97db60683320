"""The § 110 notice across the installation: inside Hjemvej when the acting municipality uses it,
otherwise a letter (PDF) the shelter sends; the deadline is tracked either way.

The shelter lies in Randers (730); the citizen's acting municipality is Aarhus (751).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import AuditAction, AuditEntry, Municipality, Role, User
from hjemvej.accounts.policy import stays_for
from hjemvej.citizens.models import Citizen
from hjemvej.followup.models import Task
from hjemvej.followup.tasks import open_tasks
from hjemvej.rules.parameters import default_parameters
from hjemvej.shelters.models import NoticeChannel, Shelter
from hjemvej.shelters.notices import open_notices
from hjemvej.shelters.selectors import notice_status
from hjemvej.shelters.services import stay_admit
from tests import factories
from tests.pdf_checks import assert_accessible_pdf

TODAY = factories.TODAY  # Saturday 21 November 2026
ADMITTED = date(2026, 11, 19)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def shelter() -> Shelter:
    return factories.shelter("Forsorgshjemmet i Randers", code="730")


@pytest.fixture
def staff(shelter: Shelter) -> User:
    return factories.user("boform", Role.SHELTER_STAFF, code="730", shelter=shelter)


@pytest.fixture
def aarhus_worker() -> User:
    return factories.user("aarhus", Role.CASE_WORKER, code="751")


@pytest.fixture
def citizen(aarhus_worker: User) -> Citizen:
    return factories.citizen(aarhus_worker, first_name="Niels", last_name="Underret")


def uses_hjemvej(code: str, since: date) -> None:
    Municipality.objects.filter(code=code).update(started_on=since)


def test_the_notice_goes_inside_hjemvej_when_the_acting_municipality_uses_it(
    staff: User, shelter: Shelter, aarhus_worker: User, citizen: Citizen
) -> None:
    uses_hjemvej("751", TODAY - timedelta(days=30))
    stay = stay_admit(actor=staff, citizen=citizen, shelter=shelter, admitted=ADMITTED, today=TODAY)
    assert (stay.notified_on, stay.notice_channel) == (TODAY, NoticeChannel.INSTALLATION)
    status = notice_status(
        admitted=ADMITTED, notified_on=stay.notified_on, today=TODAY, params=default_parameters()
    )
    assert not status.late
    # The acting municipality's inbox (its start page's notices) has it as new at once.
    notices = open_notices(stays_for(aarhus_worker), today=TODAY, params=default_parameters())
    assert [row.stay_id for row in notices.rows] == [stay.pk]
    # And its task list: a task due when the notice's three working days end.
    (task,) = Task.objects.filter(citizen=citizen)
    assert (task.due, task.assignee) == (date(2026, 11, 24), aarhus_worker)
    assert (
        task.title
        == "Underretning fra Forsorgshjemmet i Randers: borgeren er indskrevet 19.11.2026"
    )
    rows = open_tasks(user=aarhus_worker, today=TODAY, citizen=citizen)
    assert any(row.task.title == task.title for row in rows)
    page = Client()
    page.force_login(aarhus_worker)
    detail = page.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    assert "Sendt i Hjemvej" in detail
    assert reverse("citizens:stay_notice_letter", args=[citizen.pk, stay.pk]) not in detail


def test_a_municipality_that_does_not_use_hjemvej_gets_a_letter_and_the_deadline_runs(
    staff: User, shelter: Shelter, aarhus_worker: User, citizen: Citizen
) -> None:
    stay = stay_admit(actor=staff, citizen=citizen, shelter=shelter, admitted=ADMITTED, today=TODAY)
    assert (stay.notified_on, stay.notice_channel) == (None, NoticeChannel.LETTER)
    assert not Task.objects.filter(citizen=citizen).exists()
    # Aarhus has begun using Hjemvej, but later than today: still a letter.
    uses_hjemvej("751", TODAY + timedelta(days=1))
    later = factories.citizen(aarhus_worker, first_name="Ole", last_name="Senere")
    assert (
        stay_admit(
            actor=staff, citizen=later, shelter=shelter, admitted=ADMITTED, today=TODAY
        ).notice_channel
        == NoticeChannel.LETTER
    )
    status = notice_status(
        admitted=ADMITTED, notified_on=None, today=TODAY, params=default_parameters()
    )
    assert status.deadline == date(2026, 11, 24)  # three working days after Thursday
    client = Client()
    client.force_login(staff)
    detail = client.get(reverse("citizens:detail", args=[citizen.pk])).content.decode()
    url = reverse("citizens:stay_notice_letter", args=[citizen.pk, stay.pk])
    assert url in detail
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = assert_accessible_pdf(
        response.content, title="Underretning om indskrivning på boform efter serviceloven § 110"
    )
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert "Niels Underret" in text
    assert "24.11.2026" in text
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, citizen_id=citizen.pk)
    assert entry.detail == {"page": "citizens:stay_notice_letter", "format": "pdf"}


def test_only_the_shelter_s_staff_and_the_case_workers_may_make_the_letter(
    staff: User, shelter: Shelter, citizen: Citizen
) -> None:
    stay = stay_admit(actor=staff, citizen=citizen, shelter=shelter, admitted=ADMITTED, today=TODAY)
    url = reverse("citizens:stay_notice_letter", args=[citizen.pk, stay.pk])
    other_shelter = factories.shelter("Herberget i Odense", code="461")
    outsider = factories.user("odense", Role.SHELTER_STAFF, code="461", shelter=other_shelter)
    economist = factories.user("oekonom", Role.ECONOMIST, code="751")
    for user, status in ((outsider, 404), (economist, 403)):
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == status

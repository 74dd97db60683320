"""The citizen's access copy (GDPR art. 15): all that is held and who read it, audited."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.services import citizen_update
from hjemvej.economy.models import SupportClaimLine
from hjemvej.jobs.models import Job
from hjemvej.privacy.access_copy import gather
from hjemvej.support.services import contact_add
from tests import factories
from tests.accounts.test_access import world  # noqa: F401  (a citizen with records in every room)
from tests.background import run_jobs, started_job

TITLE = "Indsigt i dine oplysninger"
NOTE = "Talte om at søge bolig i Gellerup"
OTHER_NOTE = "Pers egen fortrolige samtale"


def unpacked(data: bytes) -> tuple[str, dict[str, Any], bytes]:
    """Return the PDF's text, the JSON and the PDF's bytes from the copy's zip file."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        assert names == ["indsigt.json", "indsigt.pdf"], names
        pdf = archive.read("indsigt.pdf")
        document = json.loads(archive.read("indsigt.json"))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text, document, pdf


@pytest.mark.django_db
def test_the_case_worker_makes_the_citizens_copy_with_everything_and_who_read_it(
    world: dict[str, Any],  # noqa: F811
    client: Client,
) -> None:
    from tests.pdf_checks import assert_accessible_pdf

    users: dict[str, User] = world["users"]
    case_worker = users[Role.CASE_WORKER]
    citizen = Citizen.objects.get(pk=world["kwargs"]["pk"])
    citizen_update(actor=case_worker, citizen=citizen, cpr="010190-1234", today=factories.TODAY)
    contact_add(
        actor=case_worker,
        citizen=citizen,
        on=date(2026, 11, 1),
        kind="visit",
        today=factories.TODAY,
        note=NOTE,
    )
    per = factories.citizen(case_worker, first_name="Per", last_name="Petersen")
    contact_add(
        actor=case_worker,
        citizen=per,
        on=date(2026, 11, 1),
        kind="visit",
        today=factories.TODAY,
        note=OTHER_NOTE,
    )
    # A support worker reads the citizen's page: the copy names them, their role and the time.
    support = users[Role.SUPPORT_WORKER]
    support.first_name, support.last_name = "Birthe", "Bostøtte"
    support.save()
    client.force_login(support)
    assert client.get(reverse("citizens:detail", kwargs={"pk": citizen.pk})).status_code == 200

    client.force_login(case_worker)
    page = client.get(reverse("citizens:detail", kwargs={"pk": citizen.pk})).content.decode()
    url = reverse("privacy:access_copy", kwargs={"pk": citizen.pk})
    assert "Indsigt (GDPR art. 15)" in page
    assert f'action="{url}"' in page
    job = started_job(client.post(url))
    assert job.title == "Indsigt efter GDPR art. 15 (borgerens egen kopi)"  # no name in the list
    assert run_jobs() == 1
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert client.get(f"/job/{job.pk}/").status_code == 200
    download = client.get(f"/job/{job.pk}/fil/")
    assert download.status_code == 200
    text, document, pdf = unpacked(download.content)

    assert_accessible_pdf(pdf, title=TITLE)
    flat = " ".join(text.split())
    for expected in (
        "Søren Hansen",
        "010190-1234",  # the citizen's own copy holds the whole CPR number
        "Forsorgshjemmet Test",  # the stay
        NOTE,  # a contact's note
        "Jobcenter",  # the consent
        "Egen bolig",  # the action plan
        "Birthe Bostøtte",  # who read the record …
        "Bostøttemedarbejder",  # … in which role
        "artikel 15",
        "Aarhus",  # whom to contact: the acting municipality
    ):
        assert expected in flat, expected
    dumped = json.dumps(document, ensure_ascii=False)
    for expected in (
        "Søren Hansen",
        "010190-1234",
        "Forsorgshjemmet Test",
        NOTE,
        "Birthe Bostøtte",
    ):
        assert expected in dumped, expected
    for foreign in ("Petersen", OTHER_NOTE, "Ude"):  # another citizen's name and note; another's
        assert foreign not in flat.split(), foreign
        assert foreign not in dumped, foreign
    assert OTHER_NOTE not in flat
    assert OTHER_NOTE not in dumped
    readers = [row for row in document["audit"] if row["who"] == "Birthe Bostøtte"]
    assert readers
    assert readers[0]["role"] == "Bostøttemedarbejder"
    # The § 176 a claim of the access test's world has a line of the citizen's course (pseudonymous,
    # by number): the copy shows it, as it shows the § 177 claim's lines.
    assert SupportClaimLine.objects.filter(citizen_pk=citizen.pk).exists()
    assert {section["model"] for section in document["sections"]} >= {
        "economy.SupportClaimLine",
        "shelters.Stay",
        "support.Contact",
        "citizens.Consent",
        "housing.Tenancy",
        "followup.Letter",
        "followup.Task",
    }

    made = AuditEntry.objects.filter(
        citizen=citizen, action=AuditAction.VIEW, detail__page="privacy:access_copy"
    )
    assert [(e.user, e.detail.get("job")) for e in made] == [(case_worker, str(job.pk))]
    downloads = AuditEntry.objects.filter(
        citizen=citizen, action=AuditAction.EXPORT, detail__page="privacy:access_copy"
    )
    assert [e.user for e in downloads] == [case_worker]
    assert not AuditEntry.objects.filter(citizen=per, detail__page="privacy:access_copy").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role if r != Role.CASE_WORKER])
def test_only_the_citizens_case_worker_may_make_the_copy(
    role: str,
    world: dict[str, Any],  # noqa: F811
    client: Client,
) -> None:
    client.force_login(world["users"][role])
    pk = world["kwargs"]["pk"]
    response = client.post(reverse("privacy:access_copy", kwargs={"pk": pk}))
    assert response.status_code == 403
    assert (
        "Indsigt (GDPR art. 15)"
        not in client.get(reverse("citizens:detail", kwargs={"pk": pk})).content.decode()
    )
    assert not Job.objects.filter(kind="privacy.access_copy").exists()


@pytest.mark.django_db
def test_a_case_worker_of_another_municipality_does_not_find_the_citizen(
    world: dict[str, Any],  # noqa: F811
    client: Client,
) -> None:
    client.force_login(User.objects.get(username="fremmed"))
    response = client.post(reverse("privacy:access_copy", kwargs={"pk": world["kwargs"]["pk"]}))
    assert response.status_code == 404
    assert not Job.objects.filter(kind="privacy.access_copy").exists()


def test_every_model_that_points_at_a_citizen_is_in_the_copy() -> None:
    """A model added later with a link to a citizen must be given a heading (or a reason)."""
    Citizen_ = apps.get_model("citizens", "Citizen")
    linked = gather.linked_models(Citizen_)
    assert {"shelters.Stay", "support.Contact", "followup.StayPlan", "housing.TenancyRisk"} <= {
        model._meta.label for model in linked
    }
    missing = [
        model._meta.label
        for model in linked
        if model._meta.label not in gather.PARTS and model._meta.label not in gather.LEFT_OUT
    ]
    assert missing == []


@pytest.mark.django_db
def test_the_trail_finds_a_list_read_that_names_the_citizen_among_others() -> None:
    from hjemvej.accounts import audit
    from hjemvej.privacy.access_copy.trail import trail

    worker = factories.user("raadgiver-liste", Role.CASE_WORKER)
    mine = factories.citizen(worker, first_name="Ane", last_name="Liste")
    other = factories.citizen(worker, first_name="Bo", last_name="Liste")
    entry = audit.record_many(
        actor=worker,
        action=AuditAction.VIEW,
        citizen_ids=[mine.pk, other.pk],
        detail={"page": "citizens:list"},
    )
    assert entry is not None
    assert entry.citizen_id is None  # one entry for the whole list, naming both
    read = [row for row in trail([mine.pk]) if row["action"] == "view"]
    assert len(read) == 1
    assert "Raadgiver-liste" in read[0]["who"]

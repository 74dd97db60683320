"""The records page: administrators upload a workbook (a job), get the template and the export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.interchange import jobs
from hjemvej.jobs.models import Job, JobFile, JobStatus
from tests import factories
from tests.background import run_jobs, started_job
from tests.interchange.helpers import CPR_A, folder_to_xlsx, small_folder, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client: Client) -> User:
    user = factories.user("admin", Role.ADMIN)
    client.force_login(user)
    return user


def upload(client: Client, data: bytes, *, dry_run: bool) -> Job:
    form = {"workbook": SimpleUploadedFile("kommune.xlsx", data)}
    if dry_run:
        form["dry_run"] = "on"  # type: ignore[assignment]
    return started_job(client.post(reverse("interchange:records"), form))


def test_only_administrators(client: Client) -> None:
    client.force_login(factories.user("raadgiver", Role.CASE_WORKER))
    assert client.get(reverse("interchange:records")).status_code == 403
    assert client.get(reverse("interchange:template")).status_code == 403
    assert client.post(reverse("interchange:export")).status_code == 403


def test_the_page_and_the_template(client: Client, admin: User) -> None:
    page = client.get(reverse("interchange:records")).content.decode()
    assert "Indlæs data" in page
    assert "CPR-numre" in page
    assert reverse("interchange:template") in page
    template = client.get(reverse("interchange:template"))
    book = load_workbook(io.BytesIO(template.content), read_only=True)
    assert "borgere" in book.sheetnames


def test_a_dry_run_then_the_import(client: Client, admin: User, tmp_path: Path) -> None:
    data = folder_to_xlsx(small_folder(tmp_path))
    job = upload(client, data, dry_run=True)
    stored = JobFile.objects.get(pk=job.params["upload"])
    assert b"PK" not in bytes(stored.data)[:2]
    assert CPR_A.encode() not in bytes(stored.data)
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result_text.startswith("Prøvekørsel, intet er skrevet")
    assert not JobFile.objects.exists()  # the upload is gone with the job
    assert not Citizen.objects.exists()

    job = upload(client, data, dry_run=False)
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert Citizen.objects.count() == 2
    assert AuditEntry.objects.filter(user=admin, action=AuditAction.CREATE).exists()
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "Indlæst:" in page


def test_problems_are_shown_on_the_job_page(client: Client, admin: User, tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "borgere",
        [{"ekstern_id": "P1", "cpr": "320190-1234"}, {"ekstern_id": "P1", "alias": "S"}],
    )
    job = upload(client, folder_to_xlsx(folder), dry_run=False)
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "ark borgere, række 2, kolonne cpr" in job.error
    assert "ark borgere, række 3, kolonne ekstern_id" in job.error
    assert "320190" not in job.error
    assert not JobFile.objects.exists()
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "intet er skrevet:<br>" in page


def test_not_a_workbook_is_refused(client: Client, admin: User) -> None:
    answer = client.post(
        reverse("interchange:records"), {"workbook": SimpleUploadedFile("liste.csv", b"a;b\n")}
    )
    assert answer.status_code == 400
    assert "xlsx" in answer.content.decode()
    assert not Job.objects.exists()


def test_the_export_job(client: Client, admin: User, tmp_path: Path) -> None:
    upload(client, folder_to_xlsx(small_folder(tmp_path)), dry_run=False)
    run_jobs()
    job = started_job(client.post(reverse("interchange:export")))
    assert job.kind == jobs.EXPORT
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    download = client.get(reverse("jobs:file", args=[job.pk]))
    book = load_workbook(
        io.BytesIO(
            b"".join(download.streaming_content)  # type: ignore[attr-defined]
            if download.streaming
            else download.content
        ),
        read_only=True,
    )
    rows = list(book["borgere"].iter_rows(values_only=True))
    assert len(rows) == 3
    exported = AuditEntry.objects.filter(action=AuditAction.EXPORT, user=admin).get()
    assert exported.detail["export"] == "records"

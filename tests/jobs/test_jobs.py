"""Background jobs: started on a page, run by a worker; progress, files, audit and schedule."""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.core.errors import DomainError
from hjemvej.core.logs import JsonFormatter
from hjemvej.jobs import schedule, workers
from hjemvej.jobs.models import Job, JobFile, JobStatus, ScheduledRun
from hjemvej.jobs.progress import Progress
from hjemvej.jobs.registry import PERIODIC, File, Link, kind
from hjemvej.jobs.services import job_start
from tests import factories
from tests.background import fetched, filters, run_jobs, started_job

pytestmark = pytest.mark.django_db

#: What the probe saw of its own row while it ran: the page's view of a running job.
SEEN: list[tuple[str, str, int, int]] = []
SECRET_TEXT = "Jens Hansen 010180-1234"


@kind("tests.probe")
def probe(job: Job, progress: Progress) -> File:
    progress.expect(2)
    progress.step("Første trin")
    row = Job.objects.get(pk=job.pk)
    SEEN.append((row.status, row.step, row.done, row.total))
    progress.step("Andet trin")
    row = Job.objects.get(pk=job.pk)
    SEEN.append((row.status, row.step, row.done, row.total))
    return File(name="probe.txt", content_type="text/plain", data=b"ok")


@kind("tests.refused")
def refused(job: Job, progress: Progress) -> Link:
    raise DomainError("Perioden er ikke begyndt endnu; vælg en periode før i dag.")


@kind("tests.crash")
def crash(job: Job, progress: Progress) -> Link:
    typed = SECRET_TEXT  # a local value the log must never show
    raise RuntimeError(f"kunne ikke læse {typed}")


def _case_worker() -> User:
    return factories.user("sagsbehandler", Role.CASE_WORKER)


def test_a_running_job_shows_its_steps_and_the_done_job_its_file(client: Client) -> None:
    user = _case_worker()
    client.force_login(user)
    job = job_start(user=user, kind="tests.probe", title="Prøve", params={})
    waiting = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "venter" in waiting
    assert 'hx-trigger="every 2s"' in waiting  # the page asks again until the job is done
    SEEN.clear()
    run_jobs()
    assert SEEN == [("running", "Første trin", 0, 2), ("running", "Andet trin", 1, 2)]
    done = client.get(reverse("jobs:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    page = done.content.decode()
    assert "Færdig" in page
    assert "hx-trigger" not in page  # done: no more polling
    assert reverse("jobs:file", args=[job.pk]) in page
    assert "no-store" in done["Cache-Control"]
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download.content == b"ok"
    assert download["Content-Disposition"] == 'attachment; filename="probe.txt"'
    assert "no-store" in download["Cache-Control"]
    mine = client.get(reverse("jobs:list")).content.decode()
    assert "Prøve" in mine


def test_only_the_user_who_started_a_job_sees_it(client: Client) -> None:
    owner = _case_worker()
    job = job_start(user=owner, kind="tests.probe", title="Prøve", params={})
    run_jobs()
    other = factories.user("kollega", Role.CASE_WORKER)
    client.force_login(other)
    assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404
    assert "Prøve" not in client.get(reverse("jobs:list")).content.decode()
    client.logout()
    assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 302  # to the login


def test_a_double_click_starts_one_job() -> None:
    user = _case_worker()
    first = job_start(user=user, kind="tests.probe", title="Prøve", params={"x": 1})
    again = job_start(user=user, kind="tests.probe", title="Prøve", params={"x": 1})
    other = job_start(user=user, kind="tests.probe", title="Prøve", params={"x": 2})
    assert first.pk == again.pk != other.pk
    assert run_jobs() == 2


def test_the_list_export_is_logged_when_fetched_not_when_made(client: Client) -> None:
    user = _case_worker()
    for number in range(3):
        factories.citizen(user, first_name=f"Borger{number}", last_name="Test")
    client.force_login(user)
    response = client.post(reverse("citizens:export", args=["csv"]), filters(sort="name"))
    job = started_job(response)
    assert job.title == "Borgerlisten som CSV"
    run_jobs()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 200
    exported = AuditEntry.objects.filter(action=AuditAction.EXPORT, user=user)
    assert exported.count() == 1  # one entry naming the three citizens
    assert len(factories.citizens_named(exported)) == 3
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 200
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, user=user).count() == 2


def test_a_search_that_may_be_a_cpr_number_is_never_kept_with_a_job(client: Client) -> None:
    user = _case_worker()
    client.force_login(user)
    response = client.post(
        reverse("citizens:export", args=["xlsx"]), filters(q="010180-1234", sort="name")
    )
    job = started_job(response)
    assert "0101" not in json.dumps(job.params)
    assert "sort=name" in str(job.params["filters"])


def test_a_failing_job_says_why_in_danish_and_logs_no_data(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    user = _case_worker()
    client.force_login(user)
    told = job_start(user=user, kind="tests.refused", title="Afvist", params={})
    crashed = job_start(user=user, kind="tests.crash", title="Går ned", params={})
    with caplog.at_level(logging.INFO, logger="hjemvej.jobs"):
        run_jobs()
    told.refresh_from_db()
    crashed.refresh_from_db()
    assert told.status == crashed.status == JobStatus.FAILED
    assert told.error == "Perioden er ikke begyndt endnu; vælg en periode før i dag."
    assert str(crashed.pk) in crashed.error
    assert "IT-afdeling" in crashed.error
    page = client.get(reverse("jobs:job", args=[crashed.pk])).content.decode()
    assert "kunne ikke gøres færdigt" in page
    assert 'role="alert"' in page
    lines = [JsonFormatter().format(record) for record in caplog.records]
    stopped = [json.loads(line) for line in lines if '"job stopped"' in line]
    assert stopped
    assert stopped[0]["job"] == str(crashed.pk)
    assert stopped[0]["exception"]["type"] == "builtins.RuntimeError"
    assert not any("Jens" in line or "010180" in line for line in lines)


def test_a_claims_export_is_written_once_and_each_download_is_logged(client: Client) -> None:
    from hjemvej.economy.services import claim_create

    economist = factories.user("oekonom", Role.ECONOMIST)
    manager = factories.user("leder", Role.MANAGER)
    case_worker = _case_worker()
    shelter = factories.shelter("Herberget", code="751")
    citizen = factories.citizen(case_worker, first_name="Anna", last_name="Test")
    from tests.economy.builders import stay

    stay(case_worker, citizen, shelter, factories.TODAY - timedelta(days=200), None)
    claim = claim_create(
        actor=economist,
        municipality=factories.municipality(),
        start=factories.TODAY - timedelta(days=300),
        end=factories.TODAY - timedelta(days=1),
        today=factories.TODAY,
    )
    url = reverse("economy:claim_export", kwargs={"pk": claim.pk, "fmt": "xlsx"})
    client.force_login(economist)
    first = fetched(client, url)
    assert first.status_code == 200
    client.force_login(manager)
    second_job = started_job(client.post(url))
    assert second_job.status == JobStatus.DONE  # no second run: the file is the first one
    assert JobFile.objects.filter(key__isnull=False).count() == 1
    second = client.get(reverse("jobs:file", args=[second_job.pk]))
    assert second.content == first.content
    logged = audit.entries_about(citizen.pk).filter(action=AuditAction.EXPORT)
    assert sorted(entry.user_id or 0 for entry in logged) == sorted([economist.pk, manager.pk])


def test_periodic_jobs_start_once_per_due_time_whatever_the_workers() -> None:
    assert PERIODIC["jobs.prune"].cron == "30 3 * * *"
    night = datetime(2026, 11, 21, 3, 45, tzinfo=UTC)
    started = schedule.tick(night)
    assert "jobs.prune" in started
    assert schedule.tick(night) == []  # a second worker, the same minute
    assert schedule.tick(night + timedelta(hours=3)) == []  # still the same due time
    assert "jobs.prune" in schedule.tick(night + timedelta(days=1))
    runs = ScheduledRun.objects.filter(name="jobs.prune").order_by("due_at")
    assert [timezone.localtime(r.due_at).strftime("%d %H:%M") for r in runs] == [
        "21 03:30",
        "22 03:30",
    ]
    assert Job.objects.filter(kind="jobs.prune", requested_by=None).count() == 2


def test_prune_deletes_old_jobs_and_their_files_and_keeps_a_claims_export() -> None:
    user = _case_worker()
    old = job_start(user=user, kind="tests.probe", title="Gammel", params={"n": 1})
    recent = job_start(user=user, kind="tests.probe", title="Ny", params={"n": 2})
    run_jobs()
    kept = JobFile.objects.create(
        key="economy.claim:1:csv", name="k.csv", content_type="x", data=b""
    )
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    job_start(user=None, kind="jobs.prune", title="Sletter", params={})
    run_jobs()
    assert not Job.objects.filter(pk=old.pk).exists()
    assert Job.objects.filter(pk=recent.pk).exists()
    assert JobFile.objects.filter(name="probe.txt").count() == 1  # the recent job's file
    assert JobFile.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_trial_runs_jobs_in_a_thread_of_the_web_process(settings: Any) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the in-process worker is the embedded SQLite trial's")
    settings.JOBS_IN_PROCESS = True
    factories.ensure_municipalities()
    user = _case_worker()
    try:
        job = job_start(user=user, kind="tests.probe", title="Prøve", params={})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.finished:
                break
            time.sleep(0.2)
    finally:
        workers.stop_in_process()
    assert job.status == JobStatus.DONE, job.error

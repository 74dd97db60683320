"""A long job through its page: the economist starts the council report, a worker process runs it.

The worker is a real ``hjemvej worker`` process on the test database (as on a server, with
``DATABASE_URL`` and the keys from the environment); the page follows the job's progress with
htmx until it offers the file, which the browser downloads.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect

from hjemvej.accounts.models import Role
from hjemvej.jobs.models import Job, JobStatus
from tests import factories
from tests.browser.conftest import axe_violations, describe
from tests.economy.builders import stay
from tests.processes import HJEMVEJ, ROOT, environment

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "test-adgangskode-1"


def _database_url(settings: LazySettings) -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


@pytest.fixture
def worker(
    live_server: Any, settings: LazySettings, tmp_path: Any
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``hjemvej worker`` on the test database (live_server: the data is committed)."""
    env = environment(
        DATABASE_URL=_database_url(settings),
        HJEMVEJ_SECRET_KEY=settings.SECRET_KEY,
        HJEMVEJ_CPR_KEY=settings.CPR_KEY,
    )
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [str(HJEMVEJ), "worker", "--no-schedule"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_the_council_report_is_made_by_a_worker_and_downloaded(
    live_server: Any, page: Page, worker: subprocess.Popen[bytes]
) -> None:
    factories.ensure_municipalities()
    economist = factories.user("oekonom", Role.ECONOMIST)
    case_worker = factories.user("sagsbehandler", Role.CASE_WORKER)
    shelter = factories.shelter("Herberget", code="751", rate="1496.71")
    citizen = factories.citizen(case_worker, first_name="Anna", last_name="Test")
    stay(case_worker, citizen, shelter, date(2025, 2, 3), date(2025, 9, 15))

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(economist.username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/oekonomi/")
    page.get_by_role("button", name="Dan PDF for 2025").click()

    expect(page.get_by_role("heading", name="Byrådsrapport 2025 (PDF)")).to_be_visible()
    findings = [describe(axe_violations(page))] if axe_violations(page) else []
    link = page.get_by_role("link", name="Hent hjemvej-byraadsrapport-751-2025.pdf")
    expect(link).to_be_visible(timeout=90_000)  # the page asked again until the worker was done
    assert worker.poll() is None, "the worker stopped"
    expect(page.get_by_role("status")).to_contain_text("Færdig")
    if axe_violations(page):
        findings.append(describe(axe_violations(page)))
    assert findings == []
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == "hjemvej-byraadsrapport-751-2025.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    job = Job.objects.get(requested_by=economist)
    assert job.status == JobStatus.DONE
    assert (job.done, job.total) == (7, 7)

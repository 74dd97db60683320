"""A background job as a user meets it: started on a page, run by a worker, fetched."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.test import Client

from hjemvej.jobs import workers
from hjemvej.jobs.models import Job


def run_jobs() -> int:
    """Run every waiting job here and now, as the worker does; return how many ran."""
    return workers.run_waiting()


def started_job(response: Any) -> Job:
    """Return the job a POST started (the answer sends the user to the job's page)."""
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location.startswith("/job/"), location
    return Job.objects.get(pk=location.split("/")[2])


def fetched(client: Client, url: str, data: dict[str, str] | None = None) -> Any:
    """POST ``data`` to ``url``; when that starts a job, run it and return its file's answer.

    An answer that starts no job (403, 404, a form with errors) is returned as it is.
    """
    response = client.post(url, data or {})
    if response.status_code != 302 or not response["Location"].startswith("/job/"):
        return response
    job = started_job(response)
    run_jobs()
    job.refresh_from_db()
    assert job.status == "done", job.error
    page = client.get(f"/job/{job.pk}/")
    assert page.status_code == 200
    return client.get(f"/job/{job.pk}/fil/")


def filters(**values: str) -> dict[str, str]:
    """Return the export form's data for the list's filters."""
    return {"filters": urlencode(values)}

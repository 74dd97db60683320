"""A job's page (its progress, then its file or result) and the user's own recent jobs."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, policy
from hjemvej.jobs.models import Job
from hjemvej.jobs.services import job_file_download

#: How often the page asks how far a running job has come (seconds).
POLL_SECONDS = 2
#: How many of the user's jobs the list shows.
LISTED = 30


def _own_job(request: HttpRequest, pk: UUID) -> Job:
    """Return the job if the signed-in user started it (anyone else: 404, as if none existed)."""
    user = request.user
    assert isinstance(user, User)
    return get_object_or_404(Job.objects.select_related("file"), pk=pk, requested_by=user)


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@policy(Action.SIGNED_IN)
@require_http_methods(["GET", "HEAD"])
def job_page(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Show the job: waiting, how far it has come, the file to download, or what went wrong."""
    job = _own_job(request, pk)
    context = {"job": job, "poll_seconds": POLL_SECONDS}
    if request.headers.get("HX-Request") == "true":
        return _private(render(request, "jobs/_status.html", context))
    return _private(render(request, "jobs/job.html", context))


@policy(Action.SIGNED_IN)
@require_http_methods(["GET", "HEAD"])
def job_file(request: HttpRequest, pk: UUID) -> HttpResponse:
    """Download the job's file; an export is written to the audit log for each citizen in it."""
    job = _own_job(request, pk)
    if job.file is None:
        raise Http404("Jobbet har ingen fil.")
    user = request.user
    assert isinstance(user, User)
    stored = job_file_download(user=user, job=job)
    response = HttpResponse(bytes(stored.data), content_type=stored.content_type)
    response["Content-Disposition"] = f'attachment; filename="{stored.name}"'
    return _private(response)


@policy(Action.SIGNED_IN)
@require_http_methods(["GET", "HEAD"])
def job_list(request: HttpRequest) -> HttpResponse:
    """List the user's own recent jobs (files are kept a few days)."""
    user = request.user
    assert isinstance(user, User)
    jobs = list(Job.objects.filter(requested_by=user).select_related("file")[:LISTED])
    from django.conf import settings

    return _private(
        render(request, "jobs/list.html", {"jobs": jobs, "kept_days": settings.JOB_FILES_DAYS})
    )

"""The one page action of the access copy: a POST from the citizen's page starts the job."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, policy
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.jobs.services import job_start
from hjemvej.privacy.access_copy.job import KIND, TITLE


@policy(Action.MAKE_ACCESS_COPY)
@require_POST
def access_copy_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the citizen's access copy; the job's page offers the file when it is made."""
    citizen = scoped_citizen(request, pk)
    user = request.user
    assert isinstance(user, User)
    job = job_start(user=user, kind=KIND, title=TITLE, params={"citizen": citizen.pk})
    return redirect("jobs:job", pk=job.pk)

"""The administrator's review list of citizens due for erasure, and the button that runs it."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hjemvej.accounts.models import AuditEntry, User
from hjemvej.accounts.policy import Action, policy
from hjemvej.core import dates, law
from hjemvej.jobs.services import job_start
from hjemvej.privacy import jobs
from hjemvej.privacy.retention import (
    AUDIT_LOG_YEARS,
    CASE_YEARS,
    GRACE_DAYS,
    RECORDS,
    add_years,
    due_citizens,
    record_counts,
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@policy(Action.MANAGE_RETENTION)
@require_http_methods(["GET", "POST"])
def retention_review(request: HttpRequest) -> HttpResponse:
    """List the municipality's citizens due for erasure by pseudonym; POST erases them (a job)."""
    user = _user(request)
    today = dates.today()
    due = (
        due_citizens(municipality_id=user.municipality_id, today=today)
        if user.municipality_id
        else []
    )
    if request.method == "POST":
        job = job_start(
            user=user,
            kind=jobs.RUN,
            title=jobs.run_title(len(due)),
            params={"today": today.isoformat(), "citizen_ids": [d.citizen_id for d in due]},
        )
        return redirect("jobs:job", pk=job.pk)
    counts = record_counts(d.citizen_id for d in due)
    kinds = [k for k in RECORDS if any(counts[d.citizen_id].get(k.label) for d in due)]
    rows = [(d, [counts[d.citizen_id].get(k.label, 0) for k in kinds]) for d in due]
    totals = [sum(counts[d.citizen_id].get(k.label, 0) for d in due) for k in kinds]
    params = law.current_parameters()
    used = law.used_values(
        [params.at(name, today) for name in (CASE_YEARS, GRACE_DAYS, AUDIT_LOG_YEARS)], params
    )
    audit_years = params.count(AUDIT_LOG_YEARS, today)
    cutoff = add_years(today, -audit_years)
    old_entries = AuditEntry.objects.filter(at__date__lt=cutoff).aggregate(n=Count("id"))["n"]
    return render(
        request,
        "privacy/retention/review.html",
        {
            "due": rows,
            "kinds": kinds,
            "totals": totals,
            "used": used,
            "case_years": params.count(CASE_YEARS, today),
            "grace_days": params.count(GRACE_DAYS, today),
            "audit_years": audit_years,
            "audit_cutoff": cutoff,
            "old_entries": old_entries,
            "today": today,
        },
    )

"""The jobs room's own periodic job: files and finished jobs are not kept longer than needed."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hjemvej.jobs.models import Job, JobFile, ScheduledRun
from hjemvej.jobs.progress import Progress
from hjemvej.jobs.registry import Link, periodic


@periodic("jobs.prune", cron="30 3 * * *", title="Sletter gamle job og deres filer")
def prune(job: Job, progress: Progress) -> Link:
    """Delete jobs and files older than ``JOB_FILES_DAYS`` (a claim's export stays with its claim).

    A file of a job holds personal data (a list export, a report): it is kept for the days a user
    needs to fetch it, then deleted. Keyed files (a claim's export, pseudonymous) are kept.
    """
    progress.expect(3)
    cutoff = timezone.now() - timedelta(days=settings.JOB_FILES_DAYS)
    progress.step("Sletter gamle job")
    _, deleted = Job.objects.filter(created_at__lt=cutoff).exclude(pk=job.pk).delete()
    jobs = deleted.get("jobs.Job", 0)
    progress.step("Sletter filer, som intet job viser")
    files, _ = JobFile.objects.filter(key__isnull=True, job__isnull=True).delete()
    progress.step("Sletter køens afsluttede opgaver")
    DBTaskResult.objects.filter(
        Q(finished_at__lt=cutoff) | Q(enqueued_at__lt=cutoff, finished_at__isnull=True)
    ).exclude(status="RUNNING").delete()
    ScheduledRun.objects.filter(due_at__lt=cutoff).delete()
    return Link(text=f"{jobs} gamle job og {files} filer slettet")

"""Starting a job, and handing out its file (each download written to the audit log)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.jobs.models import Job, JobFile, JobStatus
from hjemvej.jobs.registry import KINDS


def job_start(
    *, user: User | None, kind: str, title: str, params: dict[str, object], key: str = ""
) -> Job:
    """Queue a job of ``kind`` for ``user`` (None: the schedule) and return it.

    The same user's job of the same kind and parameters that is still waiting or running is
    returned instead of a second one (a double click). With ``key``, a file already written under
    that key makes the job done at once: a claim's export is written once.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        if user is not None:
            unfinished = Job.objects.select_for_update().filter(
                requested_by=user, kind=kind, status__in=[JobStatus.WAITING, JobStatus.RUNNING]
            )
            for running in unfinished:
                if running.params == params:
                    return running
        stored = JobFile.objects.filter(key=key).first() if key else None
        if stored is not None:
            now = timezone.now()
            return Job.objects.create(
                kind=kind,
                title=title,
                params=params,
                requested_by=user,
                status=JobStatus.DONE,
                file=stored,
                result_text=stored.name,
                done=1,
                total=1,
                started_at=now,
                finished_at=now,
            )
        job = Job.objects.create(kind=kind, title=title, params=params, requested_by=user)
        from hjemvej.jobs.tasks import run_job

        # The job's row and the queue's row commit together: a worker never sees one alone.
        result = run_job.enqueue(str(job.pk))
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    if settings.JOBS_IN_PROCESS:
        from hjemvej.jobs import workers

        workers.ensure_in_process()
    return job


def job_file_download(*, user: User, job: Job) -> JobFile:
    """Return the job's file for ``user``, writing an export entry per citizen it holds."""
    stored = job.file
    if stored is None:
        raise ValueError("the job has no file")
    if stored.citizen_ids:
        audit.record_many(
            actor=user,
            action=AuditAction.EXPORT,
            citizen_ids=[int(pk) for pk in stored.citizen_ids],
            detail={**stored.audit_detail, "job": str(job.pk)},
        )
    return stored

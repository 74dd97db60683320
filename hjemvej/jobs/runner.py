"""Running one job: mark it running, call its kind, store what came out, or why it failed."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from hjemvej.core.errors import DomainError
from hjemvej.jobs.models import Job, JobFile, JobStatus
from hjemvej.jobs.progress import Progress
from hjemvej.jobs.registry import KINDS, File, Outcome

logger = logging.getLogger("hjemvej.jobs")

FAILED = (
    "Jobbet stoppede med en fejl, som er skrevet i Hjemvejs log. Prøv igen; sker det igen, så "
    "kontakt kommunens IT-afdeling og oplys jobbets nummer {id}."
)


def execute(job_id: str) -> None:
    """Run the waiting job ``job_id``; a job already started by another worker is left alone."""
    started = Job.objects.filter(pk=job_id, status=JobStatus.WAITING).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not started:
        return
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    run = KINDS.get(job.kind)
    try:
        if run is None:
            raise DomainError(f"Hjemvej kender ikke jobtypen '{job.kind}'.")
        outcome = run(job, Progress(job))
    except DomainError as exc:
        _fail(job, exc.message)
        logger.info("job failed", extra={"job": str(job.pk), "kind": job.kind})
    except Exception:
        _fail(job, FAILED.format(id=job.pk))
        # The traceback names files and lines; no value of the job's data is logged.
        logger.exception("job stopped", extra={"job": str(job.pk), "kind": job.kind})
    else:
        _succeed(job, outcome)
        logger.info("job done", extra={"job": str(job.pk), "kind": job.kind})


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=message, finished_at=timezone.now()
    )


def _succeed(job: Job, outcome: Outcome) -> None:
    with transaction.atomic():
        stored: JobFile | None = None
        if isinstance(outcome, File):
            stored = store_file(outcome)
            job.result_text = outcome.name
        else:
            job.result_url = outcome.url
            job.result_text = outcome.text
        job.file = stored
        job.status = JobStatus.DONE
        job.done = job.total = max(job.total, Job.objects.get(pk=job.pk).total, 1)
        job.finished_at = timezone.now()
        job.save(
            update_fields=[
                "file",
                "result_url",
                "result_text",
                "status",
                "done",
                "total",
                "finished_at",
            ]
        )


def store_file(outcome: File) -> JobFile:
    """Store the file (a keyed file once: a second writer takes the first one's)."""
    fields = {
        "name": outcome.name,
        "content_type": outcome.content_type,
        "data": outcome.data,
        "size": len(outcome.data),
        "citizen_ids": outcome.citizen_ids,
        "audit_detail": outcome.audit_detail,
    }
    if not outcome.key:
        return JobFile.objects.create(**fields)
    stored, _ = JobFile.objects.get_or_create(key=outcome.key, defaults=fields)
    return stored

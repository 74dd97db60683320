"""The one task the queue carries: run a job by its id (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from hjemvej.jobs.runner import execute


@task()
def run_job(job_id: str) -> None:
    """Run the job (its kind, parameters and progress are on its row)."""
    execute(job_id)

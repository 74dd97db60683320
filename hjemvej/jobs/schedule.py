"""The periodic jobs: each due time is started once, by whichever worker sees it first.

Every worker looks each minute (:func:`tick`). For each periodic job it takes the latest due time
up to now (cron in Danish local time) and inserts a ``ScheduledRun`` for it; the pair (name, due
time) is unique, so of many workers on many machines exactly one inserts it and queues the job.
A worker that was down over a due time runs the job once when it comes back, not once per missed
time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cronsim import CronSim
from django.db import IntegrityError, transaction
from django.utils import timezone

from hjemvej.jobs.models import ScheduledRun
from hjemvej.jobs.registry import PERIODIC, Periodic
from hjemvej.jobs.services import job_start


def last_due(entry: Periodic, now: datetime) -> datetime:
    """Return the latest time at or before ``now`` the job was due (aware, local time)."""
    # CronSim walks back from a moment strictly before its start: start a minute on, so a job
    # due this very minute is due now.
    local = timezone.localtime(now).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return next(iter(CronSim(entry.cron, local, reverse=True)))


def tick(now: datetime | None = None) -> list[str]:
    """Queue each periodic job that is due and not yet started; return their names."""
    now = now or timezone.now()
    started: list[str] = []
    for entry in PERIODIC.values():
        due = last_due(entry, now)
        if ScheduledRun.objects.filter(name=entry.name, due_at=due).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(name=entry.name, due_at=due)
                run.job = job_start(user=None, kind=entry.name, title=entry.title, params={})
                run.save(update_fields=["job"])
        except IntegrityError:
            continue  # another worker took this due time
        started.append(entry.name)
    return started

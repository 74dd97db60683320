"""The kinds of job and the periodic jobs, declared in code by the rooms that own the work.

A kind is a function ``run(job, progress) -> File | Link`` registered under a dotted name::

    @kind("economy.council_report")
    def council_report(job: Job, progress: Progress) -> File: ...

A periodic job is a kind with a schedule (cron syntax, Danish local time), started by whichever
worker first sees it due (:mod:`hjemvej.jobs.schedule`)::

    @periodic("jobs.prune", cron="30 3 * * *", title="Sletter gamle filer fra job")
    def prune(job: Job, progress: Progress) -> Link: ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cronsim import CronSim, CronSimError

if TYPE_CHECKING:
    from hjemvej.jobs.models import Job
    from hjemvej.jobs.progress import Progress


@dataclass(frozen=True)
class File:
    """A job's result as a file to download.

    ``key`` marks a file that never changes (written once, handed out again); ``citizen_ids`` and
    ``audit_detail`` are written to the audit log as an export on every download.
    """

    name: str
    content_type: str
    data: bytes
    citizen_ids: list[int] = field(default_factory=list)
    audit_detail: dict[str, object] = field(default_factory=dict)
    key: str = ""


@dataclass(frozen=True)
class Link:
    """A job's result as a page (a claim that was made), or only a word on what was done."""

    text: str
    url: str = ""


Outcome = File | Link
Runner = Callable[["Job", "Progress"], Outcome]


@dataclass(frozen=True)
class Periodic:
    """A job run on a schedule: ``cron`` in the municipality's local time."""

    name: str
    cron: str
    title: str


KINDS: dict[str, Runner] = {}
PERIODIC: dict[str, Periodic] = {}


def kind(name: str) -> Callable[[Runner], Runner]:
    """Register a kind of job under ``name`` (``room.what``)."""

    def register(run: Runner) -> Runner:
        if KINDS.get(name, run) is not run:
            raise ValueError(f"job kind {name!r} is declared twice")
        KINDS[name] = run
        return run

    return register


def periodic(name: str, *, cron: str, title: str) -> Callable[[Runner], Runner]:
    """Register a kind of job and run it on the schedule ``cron`` (checked here, at import)."""
    try:
        CronSim(cron, datetime(2026, 1, 1, tzinfo=UTC))
    except CronSimError as exc:
        raise ValueError(f"periodic job {name!r}: bad cron expression {cron!r}: {exc}") from None

    def register(run: Runner) -> Runner:
        PERIODIC[name] = Periodic(name=name, cron=cron, title=title)
        return kind(name)(run)

    return register

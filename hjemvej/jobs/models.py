"""A job a user (or the schedule) started, its progress, and the file it made."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class JobFile(models.Model):
    """A file a job made, kept in the database (every application server can hand it out).

    ``key`` names a file that never changes once written (a reimbursement claim's export): a
    later job with the same key is done at once with this file. ``citizen_ids`` are the citizens
    the file holds: each download writes an export entry per citizen to the audit log.
    """

    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    name = models.CharField("filnavn", max_length=200)
    content_type = models.CharField(max_length=120)
    data = models.BinaryField()
    size = models.PositiveIntegerField(default=0)
    citizen_ids = models.JSONField(default=list, blank=True)
    audit_detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "fil fra et job"
        verbose_name_plural = "filer fra job"

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    WAITING = "waiting", "Venter"
    RUNNING = "running", "I gang"
    DONE = "done", "Færdig"
    FAILED = "failed", "Fejlet"


class Job(models.Model):
    """One run of a kind of job: who asked, how far it has come, and what came out.

    ``params`` hold what the kind needs to run again (a year, a format, a claim's id, the list's
    filters), never a CPR number. The id is a random UUID, and a job's page and file are shown
    only to the user who started it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=80)
    title = models.CharField("titel", max_length=200)
    params = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        help_text="Tom for planlagte job.",
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.WAITING)
    step = models.CharField("trin", max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField("fejl", blank=True)
    file = models.ForeignKey(JobFile, on_delete=models.SET_NULL, null=True, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    result_text = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "job"
        verbose_name_plural = "job"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="job_requested"),
            models.Index(fields=["status", "created_at"], name="job_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        """How far the job has come, 0–100 (steps done of the known total)."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, round(100 * self.done / self.total))


class ScheduledRun(models.Model):
    """A periodic job's run for one due time: the unique pair lets one worker of many start it."""

    name = models.CharField(max_length=80)
    due_at = models.DateTimeField()
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "due_at"], name="scheduled_run_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.due_at:%Y-%m-%d %H:%M}"

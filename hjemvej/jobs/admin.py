"""Jobs in the admin: read only, for the IT department to see what ran and what failed."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hjemvej.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ("title", "kind", "status", "created_at", "finished_at")
    list_filter = ("status", "kind")
    fields = (
        "kind",
        "title",
        "status",
        "step",
        "done",
        "total",
        "error",
        "created_at",
        "started_at",
        "finished_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Reads of the audit log (administrators only; the log is never changed here)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import F, QuerySet
from django.utils import timezone

from hjemvej.accounts.audit import entries_about
from hjemvej.accounts.models import AuditEntry, User


def _start_of(day: date) -> datetime:
    """Return midnight at the start of the day in the current time zone (Europe/Copenhagen)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(
    *,
    user: User | None = None,
    citizen: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """Return audit entries, newest first, filtered; ``citizen`` is a citizen id or a pseudonym.

    The date range is inclusive of both days as the user reads it: ``[date_from, date_to + 1)``.
    """
    entries = AuditEntry.objects.annotate(citizen_pseudonym=F("citizen__pseudonym")).order_by(
        "-at", "-id"
    )
    if user is not None:
        entries = entries.filter(user=user)
    key = citizen.strip()
    if key:
        # Every entry naming the citizen: read alone, or among others in a list read or export.
        # The citizen model through the log's own foreign key: the log names no room above it.
        citizens = AuditEntry._meta.get_field("citizen").related_model
        assert citizens is not None
        assert not isinstance(citizens, str)
        found = citizens._default_manager.filter(pseudonym__iexact=key).values_list("pk", flat=True)
        ids = {*found, *([int(key)] if key.isdigit() else [])}
        about = AuditEntry.objects.none()
        for pk in ids:
            about |= entries_about(pk)
        entries = entries.filter(pk__in=about.values("pk"))
    if action:
        entries = entries.filter(action=action)
    if date_from is not None:
        entries = entries.filter(at__gte=_start_of(date_from))
    if date_to is not None:
        entries = entries.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return entries

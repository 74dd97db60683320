"""Reads of the audit log (administrators only; the log is never changed here)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import F, Q, QuerySet
from django.utils import timezone

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
        condition = Q(citizen__pseudonym__iexact=key)
        if key.isdigit():
            condition |= Q(citizen_id=int(key))
        entries = entries.filter(condition)
    if action:
        entries = entries.filter(action=action)
    if date_from is not None:
        entries = entries.filter(at__gte=_start_of(date_from))
    if date_to is not None:
        entries = entries.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return entries

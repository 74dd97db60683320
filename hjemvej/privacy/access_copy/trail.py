"""Who has read or changed the citizen's record, and when: the audit log about one person.

Every entry about the citizen and the registrations merged into theirs, through the log's own
selector ``accounts.audit.entries_about``: an entry about them alone, and a list read or export
that names them among others.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.audit_words import describe, detail_items
from hjemvej.accounts.models import AuditEntry
from hjemvej.privacy.access_copy.gather import user_text


def entries_about(citizen_ids: list[int]) -> QuerySet[AuditEntry]:
    """Return every audit entry about the citizens ``citizen_ids`` (one person), oldest first."""
    about = AuditEntry.objects.none()
    for pk in citizen_ids:
        about = about | audit.entries_about(pk)
    return about.select_related("user").order_by("at", "id")


def trail(citizen_ids: list[int]) -> list[dict[str, Any]]:
    """Return the entries in words: when, who (name and role), what was done, the details."""
    rows = []
    for entry in entries_about(citizen_ids):
        details = detail_items(entry.object_type, entry.detail)
        rows.append(
            {
                "at": timezone.localtime(entry.at).isoformat(),
                "when": f"{timezone.localtime(entry.at):%d.%m.%Y kl. %H.%M}",
                "who": user_text(entry.user, entry.username),
                "role": entry.user.get_role_display() if entry.user is not None else "",
                "action": entry.action,
                "what": describe(entry.action, entry.object_type, entry.detail),
                "details": "; ".join(f"{name}: {value}" for name, value in details),
            }
        )
    return rows

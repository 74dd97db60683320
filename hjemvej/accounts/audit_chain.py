"""The audit log's hash chain: each entry carries SHA-256(previous entry's hash + its content).

A row changed, deleted or slipped in afterwards breaks the chain at that row (or the one after a
deleted row); ``hjemvej audit verify`` walks the log in id order and names the first broken link.

Concurrency: two inserts must not both chain to the same last row. On PostgreSQL every insert
first takes one transaction-scoped advisory lock (``pg_advisory_xact_lock``), held until its
transaction ends, so inserts are chained one after the other in id order; the lock costs one
round trip, and the last hash is found through the primary key's index. SQLite writes one
transaction at a time anyway.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.db import connections
from django.utils import timezone

if TYPE_CHECKING:
    from hjemvej.accounts.models import AuditEntry

#: The advisory lock's key: "hjemvej audit chain" (any fixed 64-bit number; only the log uses it).
LOCK_KEY = 0x68_6A_65_6D_61_75_64_74


def lock(using: str) -> None:
    """Take the chain's lock until the current transaction ends (PostgreSQL; no-op on SQLite)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def last_hash(using: str) -> str:
    """Return the newest entry's hash ("" for an empty log)."""
    from hjemvej.accounts.models import AuditEntry

    found = AuditEntry.objects.using(using).order_by("-id").values_list("hash", flat=True).first()
    return found or ""


def _utc(at: datetime) -> str:
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def content(entry: AuditEntry) -> str:
    """Return the entry's content as canonical JSON: everything but its id and its hash."""
    values = [
        _utc(entry.at),
        entry.user_id,
        entry.username,
        str(entry.action),
        entry.citizen_id,
        [int(pk) for pk in entry.citizen_ids or []],
        entry.object_type,
        entry.object_id,
        json.loads(json.dumps(entry.detail or {})),
    ]
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(previous: str, entry: AuditEntry) -> str:
    """Return the entry's link: SHA-256 over the previous hash and the entry's content."""
    return hashlib.sha256(f"{previous}\n{content(entry)}".encode()).hexdigest()


def link(entries: Sequence[AuditEntry], previous: str) -> None:
    """Set each entry's hash, in order, chained from ``previous``."""
    for entry in entries:
        entry.hash = digest(previous, entry)
        previous = entry.hash


@dataclass(frozen=True)
class Break:
    """The first broken link: the entry whose hash does not follow from the one before."""

    entry_id: int
    at: datetime
    checked: int


def first_break(entries: Iterator[AuditEntry], anchor: str = "") -> tuple[Break | None, int]:
    """Walk the entries in id order; return the first broken link (or None) and the count.

    ``anchor`` is the hash the first entry follows ("" for a log never purged).
    """
    previous = anchor
    checked = 0
    for entry in entries:
        checked += 1
        if digest(previous, entry) != entry.hash:
            return Break(entry.pk, entry.at, checked), checked
        previous = entry.hash
    return None, checked

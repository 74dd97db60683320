"""The audit log's monthly partitions on PostgreSQL, so retention drops whole months.

On PostgreSQL ``accounts_auditentry`` is partitioned by range of ``at``: one partition per
calendar month in Danish time (``accounts_auditentry_p2026_12``), and a default partition
(``accounts_auditentry_pdefault``) that catches an entry no month partition holds yet, so an
insert never fails because the partitions ran out. The primary key is ``(id, at)``: PostgreSQL
wants the partition key in it; the ids stay unique (one sequence).

Who does what:

- ``migrate`` (as the owner role) creates the months from the oldest entry through
  :data:`MONTHS_AHEAD` months ahead (``post_migrate``), and so does ``hjemvej audit
  partitions``, which the operations guide runs monthly as the owner role. A month that is
  created after entries for it landed in the default partition takes those entries over, ids
  and hashes unchanged (the chain stays whole).
- The retention purge (``audit.purge_month``, owner role) drops the partitions of the months that
  go, instead of deleting row by row.
- The application's role owns no partition, so it can neither create nor drop one, and a new
  partition keeps only ``SELECT`` and ``INSERT`` for it, as ``hjemvej dbroles grant`` leaves the
  log (default privileges would give more).

SQLite (the trial) has no partitions: there the log is one table and the purge deletes rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "accounts_auditentry"
DEFAULT = f"{TABLE}_pdefault"
#: How many months ahead of this one ``migrate`` and ``hjemvej audit partitions`` create.
MONTHS_AHEAD = 12
#: ``hjemvej audit partitions --check`` warns when fewer months than this lie ahead.
MONTHS_AHEAD_WARNING = 2
_MONTH_NAME = re.compile(rf"{TABLE}_p(\d{{4}})_(\d{{2}})")
#: Privileges a partition never gives a role other than its owner (the log is append-only).
_NEVER = "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"


def next_month(month: date) -> date:
    """Return the first day of the month after ``month``."""
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def month_start(month: date) -> datetime:
    """Return the moment the month begins in Danish time (the partitions' bounds)."""
    return datetime(month.year, month.month, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))


def partition_name(month: date) -> str:
    """Return the name of the month's partition."""
    return f"{TABLE}_p{month.year:04d}_{month.month:02d}"


def is_partitioned(connection: BaseDatabaseWrapper = default_connection) -> bool:
    """Return whether the log is a partitioned table (PostgreSQL after migration 0010)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def months(connection: BaseDatabaseWrapper = default_connection) -> list[date]:
    """Return the months that have a partition, oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        names = [name for (name,) in cursor.fetchall()]
    found = [_MONTH_NAME.fullmatch(name) for name in names]
    return sorted(date(int(m.group(1)), int(m.group(2)), 1) for m in found if m)


def _q(name: str, connection: BaseDatabaseWrapper) -> str:
    return str(connection.ops.quote_name(name))


def create_month(month: date, connection: BaseDatabaseWrapper = default_connection) -> int:
    """Create the month's partition; return how many entries it took over from the default.

    Runs as the table's owner inside one transaction (the caller's): the default partition's
    entries of the month are moved (the append-only trigger lets the owner delete with
    ``hjemvej.audit_purge`` set for the transaction), the partition is created, and the entries
    are put back through the parent, where they land in the new partition unchanged.
    """
    name, start, end = partition_name(month), month_start(month), month_start(next_month(month))
    table, default = _q(TABLE, connection), _q(DEFAULT, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {default} WHERE at >= %s AND at < %s", [start, end])
        waiting = int(cursor.fetchone()[0])
        if waiting:
            cursor.execute("SET LOCAL hjemvej.audit_purge = 'on'")
            cursor.execute(f"CREATE TEMPORARY TABLE audit_moving (LIKE {table}) ON COMMIT DROP")
            cursor.execute(
                f"WITH moved AS (DELETE FROM {default} WHERE at >= %s AND at < %s RETURNING *) "
                "INSERT INTO audit_moving SELECT * FROM moved",
                [start, end],
            )
        cursor.execute(
            f"CREATE TABLE {_q(name, connection)} PARTITION OF {table} "
            "FOR VALUES FROM (%s) TO (%s)",
            [start, end],
        )
        if waiting:
            cursor.execute(f"INSERT INTO {table} SELECT * FROM audit_moving")
            cursor.execute("DROP TABLE audit_moving")
        _keep_append_only(name, connection)
    return waiting


def _keep_append_only(name: str, connection: BaseDatabaseWrapper) -> None:
    """Take from every other role what the default privileges gave it beyond reading and adding."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT a.grantee::regrole::text FROM pg_class c, aclexplode(c.relacl) a "
            "WHERE c.oid = %s::regclass AND a.grantee <> c.relowner AND a.grantee <> 0",
            [name],
        )
        grantees = [grantee for (grantee,) in cursor.fetchall()]
        for grantee in ["PUBLIC", *(_q(g, connection) for g in grantees)]:
            cursor.execute(f"REVOKE {_NEVER} ON {_q(name, connection)} FROM {grantee}")


@dataclass(frozen=True)
class Status:
    """The partitions as ``hjemvej audit partitions`` reports them."""

    created: list[date]
    moved: int
    first: date | None
    last: date | None
    in_default: int


def ensure(
    today: date,
    *,
    since: date | None = None,
    connection: BaseDatabaseWrapper = default_connection,
) -> Status:
    """Create the missing months from ``since`` (default: the oldest existing month, or this one)
    through :data:`MONTHS_AHEAD` months after ``today``; return what there is now.

    Months already dropped by the purge (older than the oldest partition) are not made again.
    """
    existing = set(months(connection))
    month = since or (min(existing) if existing else date(today.year, today.month, 1))
    month = date(month.year, month.month, 1)
    last = date(today.year, today.month, 1)
    for _ in range(MONTHS_AHEAD):
        last = next_month(last)
    created, moved = [], 0
    while month <= last:
        if month not in existing:
            moved += create_month(month, connection)
            created.append(month)
        month = next_month(month)
    return status(connection, created=created, moved=moved)


def status(
    connection: BaseDatabaseWrapper = default_connection,
    *,
    created: list[date] | None = None,
    moved: int = 0,
) -> Status:
    """Return the months there are and how many entries wait in the default partition."""
    have = months(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {_q(DEFAULT, connection)}")
        in_default = int(cursor.fetchone()[0])
    return Status(
        created=created or [],
        moved=moved,
        first=have[0] if have else None,
        last=have[-1] if have else None,
        in_default=in_default,
    )


def months_ahead(found: Status, today: date) -> int:
    """Return how many whole months after this one have their partition."""
    if found.last is None:
        return 0
    return max(0, (found.last.year - today.year) * 12 + found.last.month - today.month)


def drop_through(month: date, connection: BaseDatabaseWrapper = default_connection) -> int:
    """Drop the partitions of ``month`` and every month before it; return their entries' count.

    The owner role only: PostgreSQL lets no one else drop a table.
    """
    dropped = 0
    with connection.cursor() as cursor:
        for old in (m for m in months(connection) if m <= month):
            name = _q(partition_name(old), connection)
            cursor.execute(f"SELECT count(*) FROM {name}")
            dropped += int(cursor.fetchone()[0])
            cursor.execute(f"DROP TABLE {name}")
    return dropped


def after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Create the months a year ahead after ``migrate`` (run as the owner role), if partitioned."""
    from django.db import transaction
    from django.utils import timezone

    connection = connections[using]
    if is_partitioned(connection):
        with transaction.atomic(using=using):
            ensure(timezone.localdate(), connection=connection)

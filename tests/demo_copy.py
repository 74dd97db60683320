"""The small demo as the demo tests use it, built once per test process and copied into each test.

Building Demo Kommune through the services takes half a minute on a loaded two-core machine, and
several tests each need the same demo (21.11.2026, seed 1, 150 citizens, the logins). The first
such test of a process builds it inside a savepoint, reads the rows the build added and rolls the
savepoint back; every test (the first too) then gets those rows inserted into its own transaction,
so a test may write to its demo as to one it built. The copy is used only when the database is, row
for row, as it was when the demo was read (else the demo is built again from that state), and the
inserted rows are read back and compared, so a test sees exactly what ``create`` made.

A test that proves something about the build itself (its determinism, its options, the command)
still builds its own demo.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from hjemvej.demo import build

#: The demo's "today" in the tests that share it (tests.factories.TODAY).
TODAY = date(2026, 11, 21)

Row = tuple[Any, ...]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    pk: str
    json: tuple[bool, ...]  # per column: a JSONField (read as text, cast back on PostgreSQL)


@dataclass(frozen=True)
class Added:
    """The rows the build added, table by table, and what every table held after it."""

    rows: dict[Table, list[Row]]
    after: dict[str, str]  # table: the fingerprint of its rows


_copies: dict[str, Added] = {}


def tables() -> list[Table]:
    """Return every concrete table of the project's models, the automatic many-to-many ones too."""
    found: dict[str, Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields = meta.concrete_fields
        found[meta.db_table] = Table(
            name=meta.db_table,
            columns=tuple(f.column for f in fields),
            pk=meta.pk.column if meta.pk is not None else fields[0].column,
            json=tuple(isinstance(f, models.JSONField) for f in fields),
        )
    return [found[name] for name in sorted(found)]


def read(table: Table) -> dict[Any, Row]:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in table.columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {quote(table.name)}")
        rows = cursor.fetchall()
    pk = table.columns.index(table.pk)
    return {row[pk]: tuple(row) for row in rows}


def everything() -> dict[Table, dict[Any, Row]]:
    return {table: read(table) for table in tables()}


def fingerprints(state: dict[Table, dict[Any, Row]]) -> dict[str, str]:
    """Return each table's fingerprint: a hash of its rows in the order of their pks."""
    found = {}
    for table, rows in state.items():
        digest = hashlib.sha256()
        for pk in sorted(rows, key=repr):
            digest.update(repr(rows[pk]).encode())
        found[table.name] = digest.hexdigest()
    return found


def fingerprint(state: dict[Table, dict[Any, Row]]) -> str:
    return hashlib.sha256(repr(sorted(fingerprints(state).items())).encode()).hexdigest()


def added(before: dict[Table, dict[Any, Row]], after: dict[Table, dict[Any, Row]]) -> Added:
    """Return the rows ``after`` has and ``before`` had not; the build may only add rows."""
    rows: dict[Table, list[Row]] = {}
    for table, now in after.items():
        then = before[table]
        changed = [pk for pk in then if now.get(pk) != then[pk]]
        assert not changed, f"the demo changed or deleted rows of {table.name}: {changed[:5]}"
        new = [now[pk] for pk in sorted(now.keys() - then.keys())]
        if new:
            rows[table] = new
    return Added(rows=rows, after=fingerprints(after))


def insert(table: Table, rows: Sequence[Row]) -> None:
    """Insert the rows as read; a JSONField comes back from Django's connection as its text."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in table.columns)
    cast = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    marks = ", ".join(cast if is_json else "%s" for is_json in table.json)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})", list(rows)
        )


def small_demo() -> None:
    """Put into the test's database the demo ``build.create(today=TODAY, allow_demo_users=True)``
    makes: built in this process once, then copied (see the module's docstring)."""
    assert connection.in_atomic_block, "the demo copy needs the test's transaction (django_db)"
    before = everything()
    key = fingerprint(before)
    if key not in _copies:
        with transaction.atomic():  # a savepoint, rolled back: the build only shows what it adds
            build.create(today=TODAY, allow_demo_users=True, say=lambda _: None)
            after = everything()
            transaction.set_rollback(True)
        _copies[key] = added(before, after)
    copy = _copies[key]
    for table, rows in copy.rows.items():
        insert(table, rows)
    now = fingerprints(everything())
    differ = sorted(name for name, value in now.items() if copy.after.get(name) != value)
    assert not differ, f"the copied demo differs from the built one in {differ}"

"""``hjemvej dbroles``: the application's PostgreSQL role, which owns nothing (docs/operations.md).

Usage::

    hjemvej dbroles grant --app-role hjemvej_app [--print]   # as the owner, after every migrate
    hjemvej dbroles check [--app-role hjemvej_app]           # as anyone; default: this connection

This is the one place that says what the application role may do; ``.ci/roles.sh``, the operations
guide and ``tests/accounts/test_database_roles.py`` all use it. ``grant`` runs connected as the
owner role (the one that ran ``migrate``) and gives the application role data rights only:
``SELECT, INSERT, UPDATE, DELETE`` on the tables (never ``TRUNCATE``, ``REFERENCES`` or
``TRIGGER``) and on the audit log (and its partitions, if any) only ``SELECT`` and ``INSERT``.
The role owns no table, so it cannot ``ALTER`` one or switch its triggers off, and as no
superuser it cannot ``SET session_replication_role``. ``--print`` shows the SQL and runs nothing.
``check`` reports every right the role has beyond these, and exits 1 if there is one.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import CommandParser
from django.db import connection, transaction

from hjemvej.accounts.models import AuditEntry
from hjemvej.core.management.cli import DanishCommand, Fejl

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
DATA_RIGHTS = ("SELECT", "INSERT", "UPDATE", "DELETE")
AUDIT_RIGHTS = ("SELECT", "INSERT")
NEVER = ("TRUNCATE", "REFERENCES", "TRIGGER")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def audit_tables() -> list[str]:
    """Return the audit log's table and its partitions (if it is partitioned), by name."""
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY 1",
            [table],
        )
        return [table, *(row[0] for row in cursor.fetchall())]


def grant_statements(*, database: str, owner: str, app_role: str, audit: list[str]) -> list[str]:
    """Return the SQL that gives ``app_role`` its rights, run as ``owner``: data, nothing else."""
    app, schema = _q(app_role), "public"
    statements = [
        f"GRANT CONNECT ON DATABASE {_q(database)} TO {app}",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        # Start from nothing, so a right given by hand or by an older version is gone.
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
        f"GRANT {', '.join(DATA_RIGHTS)} ON ALL TABLES IN SCHEMA {schema} TO {app}",
        # The audit log is append-only: written and read, never changed or deleted.
        *(f"REVOKE UPDATE, DELETE ON {_q(table)} FROM {app}" for table in audit),
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        # Tables that later migrations create get the data rights too; run grant again after
        # every migrate, which takes UPDATE and DELETE on a new audit table (or partition) away.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {_q(owner)} IN SCHEMA {schema} "
        f"GRANT {', '.join(DATA_RIGHTS)} ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {_q(owner)} IN SCHEMA {schema} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    return statements


def problems(app_role: str, audit: list[str]) -> list[str]:
    """Return, in Danish, every right ``app_role`` has beyond the application's (none: [])."""
    found: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolreplication, rolbypassrls, rolcreaterole, rolcreatedb "
            "FROM pg_roles WHERE rolname = %s",
            [app_role],
        )
        row = cursor.fetchone()
        if row is None:
            return [f"Rollen {app_role} findes ikke i PostgreSQL."]
        for flag, word in zip(
            row,
            ("superbruger", "replikering", "BYPASSRLS", "CREATEROLE", "CREATEDB"),
            strict=True,
        ):
            if flag:
                found.append(f"Rollen {app_role} har {word}; programmets rolle må ikke have det.")
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
            "AND pg_has_role(%s, c.relowner, 'USAGE') ORDER BY 1",
            [app_role],
        )
        owned = [name for (name,) in cursor.fetchall()]
        if owned:
            found.append(
                f"Rollen {app_role} ejer (eller arver ejerskab af) {len(owned)} tabeller, fx "
                f"{', '.join(owned[:3])}: programmets rolle må ikke være ejeren."
            )
        if _has(cursor, "has_schema_privilege(%s, 'public', 'CREATE')", [app_role]):
            found.append(f"Rollen {app_role} kan oprette tabeller i skemaet public.")
        cursor.execute(
            "SELECT c.relname, p.privilege FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "CROSS JOIN unnest(%s::text[]) AS p(privilege) "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
            "AND has_table_privilege(%s, c.oid, p.privilege) ORDER BY 1, 2",
            [list(NEVER), app_role],
        )
        for table, privilege in cursor.fetchall():
            found.append(f"Rollen {app_role} har {privilege} på {table}.")
        for table in audit:
            for privilege in ("UPDATE", "DELETE"):
                if _has(cursor, "has_table_privilege(%s, %s, %s)", [app_role, table, privilege]):
                    found.append(f"Rollen {app_role} har {privilege} på adgangsloggen ({table}).")
    return found


def _has(cursor: Any, expression: str, params: list[str]) -> bool:
    cursor.execute(f"SELECT {expression}", params)
    return bool(cursor.fetchone()[0])


class Command(DanishCommand):
    """Give the application's PostgreSQL role its rights, or check them."""

    help = (
        "Programmets rolle i PostgreSQL. 'dbroles grant --app-role NAVN' (kørt som ejeren, efter "
        "hver migrate) giver rollen ret til data og intet andet: aldrig TRUNCATE, og på "
        "adgangsloggen kun SELECT og INSERT; --print viser SQL'en uden at køre den. 'dbroles "
        "check [--app-role NAVN]' viser enhver ret ud over det (uden --app-role: denne "
        "forbindelses rolle) og slutter med kode 1, hvis der er nogen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Add the action (grant or check), the role and --print."""
        parser.add_argument("action", choices=["grant", "check"], help="hvad der skal ske")
        parser.add_argument("--app-role", default="", help="programmets rolle, fx hjemvej_app")
        parser.add_argument("--print", action="store_true", help="vis SQL'en, kør intet")

    def handle(self, *args: Any, **options: Any) -> None:
        """Grant or check, on PostgreSQL only."""
        if connection.vendor != "postgresql":
            raise Fejl("dbroles gælder kun PostgreSQL (DATABASE_URL skal pege på PostgreSQL).")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database()")
            current, database = cursor.fetchone()
        app_role = options["app_role"] or ("" if options["action"] == "grant" else current)
        if not ROLE_NAME.fullmatch(app_role):
            raise Fejl("Angiv programmets rolle med --app-role, fx --app-role hjemvej_app.")
        audit = audit_tables()
        if options["action"] == "check":
            self._check(app_role, audit)
            return
        if app_role == current:
            raise Fejl(
                f"Du er forbundet som {current}, og det er ejeren af tabellerne. Programmets "
                "rolle skal være en anden rolle end ejeren; kør grant som ejeren med "
                "--app-role sat til programmets rolle."
            )
        statements = grant_statements(
            database=database, owner=current, app_role=app_role, audit=audit
        )
        if options["print"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [app_role])
            if cursor.fetchone() is None:
                raise Fejl(f"Rollen {app_role} findes ikke. Opret den først (CREATE ROLE).")
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Rollen {app_role} har nu ret til data og intet andet.")
        self._check(app_role, audit)

    def _check(self, app_role: str, audit: list[str]) -> None:
        found = problems(app_role, audit)
        for problem in found:
            self.stdout.write(problem)
        if found:
            error = Fejl(f"Programmets rolle ({app_role}) har flere rettigheder end data.")
            error.returncode = 1  # the setup is wrong, not the arguments
            raise error
        self.stdout.write(f"Rollen {app_role} ejer ingen tabel og har kun ret til data.")

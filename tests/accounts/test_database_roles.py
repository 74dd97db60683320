"""The application's database role cannot empty, alter or switch off the audit log (PostgreSQL).

As ``.ci/roles.sh`` and docs/operations.md (»PostgreSQL: two roles«) do it: an owner role owns a
fresh database and migrates it, ``hjemvej dbroles grant`` gives the application role its rights,
and then the application role, connected as Hjemvej connects, is refused ``UPDATE``, ``DELETE``,
``TRUNCATE`` and ``ALTER`` on the audit log and ``SET session_replication_role``, and may still
``INSERT`` and ``SELECT``. Skipped on SQLite, unless ``HJEMVEJ_REQUIRE_POSTGRES=1``: then it fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

HJEMVEJ = str(Path(sys.executable).parent / "hjemvej")
AUDIT = "accounts_auditentry"
REFUSED = [
    f"UPDATE {AUDIT} SET username = 'x'",
    f"DELETE FROM {AUDIT}",
    f"TRUNCATE {AUDIT}",
    f"ALTER TABLE {AUDIT} DISABLE TRIGGER ALL",
    f"ALTER TABLE {AUDIT} DISABLE TRIGGER accounts_auditentry_append_only",
    f"DROP TABLE {AUDIT}",
    "SET session_replication_role = replica",
    "TRUNCATE citizens_citizen CASCADE",
    "CREATE TABLE sneaky (i int)",
]


def _postgres() -> dict[str, Any]:
    if connection.vendor != "postgresql":
        if os.environ.get("HJEMVEJ_REQUIRE_POSTGRES") == "1":
            pytest.fail("HJEMVEJ_REQUIRE_POSTGRES=1, men databasen er ikke PostgreSQL")
        pytest.skip("kun på PostgreSQL")
    return dict(connection.settings_dict)


def _connect(settings: dict[str, Any], *, user: str, dbname: str) -> Any:
    import psycopg

    return psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=user,
        password=settings["PASSWORD"] if user == settings["USER"] else None,
        dbname=dbname,
        autocommit=True,
    )


def _url(settings: dict[str, Any], *, user: str, dbname: str) -> str:
    return (
        f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{dbname}"
    )


@pytest.fixture
def roles(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A fresh database owned by an owner role that has migrated it, and an application role."""
    settings = _postgres()
    name = f"{settings['NAME']}_roles"[:50]
    owner, app = f"{name}_owner", f"{name}_app"
    admin = _connect(settings, user=settings["USER"], dbname="postgres")

    def cleanup() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'DROP ROLE IF EXISTS "{app}"')
        admin.execute(f'DROP ROLE IF EXISTS "{owner}"')

    cleanup()
    admin.execute(f'CREATE ROLE "{owner}" LOGIN')
    admin.execute(f'CREATE ROLE "{app}" LOGIN')
    admin.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
    with _connect(settings, user=settings["USER"], dbname=name) as fresh:
        fresh.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
        fresh.execute(f'ALTER SCHEMA public OWNER TO "{owner}"')
    env = {
        **os.environ,
        "HJEMVEJ_SECRET_KEY": "roles-test-secret-not-for-production",
        "HJEMVEJ_CPR_KEY": "dGVzdC1jcHIta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=",
        "HJEMVEJ_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": _url(settings, user=owner, dbname=name),
    }
    try:
        yield {"settings": settings, "db": name, "owner": owner, "app": app, "env": env}
    finally:
        cleanup()
        admin.close()


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [HJEMVEJ, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_the_application_role_cannot_empty_alter_or_switch_off_the_audit_log(
    roles: dict[str, Any],
) -> None:
    import psycopg

    env = roles["env"]
    migrated = _run(env, "migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    granted = _run(env, "dbroles", "grant", "--app-role", roles["app"])
    assert granted.returncode == 0, granted.stderr
    app_env = {
        **env,
        "DATABASE_URL": _url(roles["settings"], user=roles["app"], dbname=roles["db"]),
    }
    checked = _run(app_env, "dbroles", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # A month the owner adds after the grant (the monthly 'audit partitions') gives the
    # application role no more than the log itself: default privileges would give it DELETE.
    with _connect(roles["settings"], user=roles["owner"], dbname=roles["db"]) as owner:
        first = owner.execute(
            "SELECT min(c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            f"WHERE i.inhparent = '{AUDIT}'::regclass AND c.relname ~ '_p[0-9]'"
        ).fetchone()[0]
    year, month = int(first[-7:-3]), int(first[-2:])
    earlier = f"{year - (month == 1):04d}-{(month - 2) % 12 + 1:02d}"
    added = _run(env, "audit", "partitions", "--fra", earlier)
    assert added.returncode == 0, added.stderr
    new_month = f"{AUDIT}_p{earlier.replace('-', '_')}"
    assert f"Oprettet: {earlier}." in added.stdout
    checked = _run(app_env, "dbroles", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    refused_as_app = _run(app_env, "audit", "partitions", "--fra", f"{year - 2}-01")
    assert refused_as_app.returncode == 1
    assert "ejerrolle" in refused_as_app.stderr
    with _connect(roles["settings"], user=roles["app"], dbname=roles["db"]) as app:
        for statement in (
            f"DELETE FROM {new_month}",
            f"UPDATE {new_month} SET username = 'x'",
            f"TRUNCATE {new_month}",
            f"DROP TABLE {new_month}",
            f"ALTER TABLE {AUDIT} DETACH PARTITION {new_month}",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
        app.execute(
            f"INSERT INTO {AUDIT} "
            "(at, username, action, object_type, object_id, detail, citizen_ids, hash) "
            "VALUES (now(), 'rolletest', 'view', '', '', '{}', '[]', '')"
        )
        assert app.execute(f"SELECT count(*) FROM {AUDIT}").fetchone() == (1,)
        for statement in REFUSED:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
        assert app.execute(f"SELECT count(*) FROM {AUDIT}").fetchone() == (1,)
        # The rest of the data stays the application's to read and change.
        app.execute("UPDATE accounts_municipality SET city = city WHERE code = '751'")


def test_dbroles_check_names_an_application_role_that_owns_the_tables(
    roles: dict[str, Any],
) -> None:
    env = roles["env"]
    assert _run(env, "migrate", "--noinput", "-v", "0").returncode == 0
    checked = _run(env, "dbroles", "check")  # connected as the owner, as a wrong setup would be
    assert checked.returncode == 1
    assert "ejer" in checked.stdout + checked.stderr
    refused = _run(env, "dbroles", "grant", "--app-role", roles["owner"])
    assert refused.returncode == 2
    assert "ejer" in refused.stderr

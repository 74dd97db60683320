"""Ship the 98 municipalities with their three-digit codes (data/municipalities.csv)."""

import csv
from pathlib import Path

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

DATA = Path(__file__).resolve().parent.parent / "data" / "municipalities.csv"


def load(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    municipality = apps.get_model("accounts", "Municipality")
    with DATA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            municipality.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})


def unload(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("accounts", "Municipality").objects.all().delete()


SQL_PROTECT_AUDIT = """
CREATE OR REPLACE FUNCTION hjemvej_audit_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Adgangsloggen kan ikke ændres eller slettes';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_auditentry_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditentry
    FOR EACH ROW EXECUTE FUNCTION hjemvej_audit_is_append_only();
"""
SQL_UNPROTECT_AUDIT = """
DROP TRIGGER IF EXISTS accounts_auditentry_append_only ON accounts_auditentry;
DROP FUNCTION IF EXISTS hjemvej_audit_is_append_only();
"""


def protect_audit(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """On PostgreSQL the audit log is append-only in the database itself."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL_PROTECT_AUDIT)


def unprotect_audit(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL_UNPROTECT_AUDIT)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [
        migrations.RunPython(load, unload),
        migrations.RunPython(protect_audit, unprotect_audit),
    ]

"""The audit log for years: a hash chain, list reads as one row, no redundant indexes.

- ``hash``: each entry chained to the one before (``accounts.audit_chain``); existing entries are
  chained here, in id order (on PostgreSQL with the append-only trigger paused for this one
  update, in the migration's own transaction, as the owner role).
- ``citizen_ids``: the citizens a list read or an export names, one row instead of one per
  citizen; on PostgreSQL a GIN index (jsonb_path_ops) serves ``citizen_ids @> '[id]'``.
- The foreign keys' own indexes go: the (citizen, at) and (user, at) indexes begin with them.
- The append-only trigger lets the table's owner delete whole months for retention, and only
  with ``hjemvej.audit_purge`` set for the transaction (``audit.purge_month``).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQL_TRIGGER = """
CREATE OR REPLACE FUNCTION hjemvej_audit_is_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('hjemvej.audit_purge', true) = 'on'
       AND current_user = (SELECT tableowner FROM pg_tables
                           WHERE schemaname = TG_TABLE_SCHEMA AND tablename = TG_TABLE_NAME) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Adgangsloggen kan ikke ændres eller slettes';
END;
$$ LANGUAGE plpgsql;
"""
SQL_TRIGGER_BEFORE = """
CREATE OR REPLACE FUNCTION hjemvej_audit_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Adgangsloggen kan ikke ændres eller slettes';
END;
$$ LANGUAGE plpgsql;
"""
GIN = (
    "CREATE INDEX accounts_auditentry_citizen_ids_gin ON accounts_auditentry "
    "USING gin (citizen_ids jsonb_path_ops)"
)
TRIGGER = "accounts_auditentry_append_only"


def chain_existing(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Chain the entries written before the chain existed, oldest id first."""
    from hjemvej.accounts.audit_chain import digest

    entry = apps.get_model("accounts", "AuditEntry")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(GIN)
        schema_editor.execute(SQL_TRIGGER)
    if not entry.objects.exists():
        return
    if postgres:
        schema_editor.execute(f"ALTER TABLE accounts_auditentry DISABLE TRIGGER {TRIGGER}")
    previous = ""
    for row in entry.objects.order_by("id").iterator(chunk_size=5000):
        row.hash = digest(previous, row)
        entry.objects.filter(pk=row.pk).update(hash=row.hash)
        previous = row.hash
    if postgres:
        schema_editor.execute(f"ALTER TABLE accounts_auditentry ENABLE TRIGGER {TRIGGER}")


def unchain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS accounts_auditentry_citizen_ids_gin")
        schema_editor.execute(SQL_TRIGGER_BEFORE)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_alter_auditentry_action"),
        ("citizens", "0004_key_check"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="citizen_ids",
            field=models.JSONField(blank=True, default=list, verbose_name="borgere"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(
                blank=True, editable=False, max_length=64, verbose_name="kædens hash"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="citizen",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="citizens.citizen",
                verbose_name="borger",
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="user",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="bruger",
            ),
        ),
        migrations.RunPython(chain_existing, unchain),
    ]

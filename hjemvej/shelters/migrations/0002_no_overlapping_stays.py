"""On PostgreSQL, the database itself refuses two stays of one citizen on the same night.

A stay occupies the nights [admitted, discharged); a same-day stay the night of its date; an open
stay every night from its admission. The service checks the same rule on every database.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE shelters_stay ADD CONSTRAINT stay_nights_do_not_overlap EXCLUDE USING gist (
    citizen_id WITH =,
    daterange(
        admitted,
        CASE WHEN discharged IS NULL THEN NULL
             WHEN discharged = admitted THEN admitted + 1
             ELSE discharged END,
        '[)'
    ) WITH &&
);
"""
DROP = "ALTER TABLE shelters_stay DROP CONSTRAINT IF EXISTS stay_nights_do_not_overlap;"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("shelters", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

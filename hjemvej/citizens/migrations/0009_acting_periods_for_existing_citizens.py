"""Every citizen gets one open period as acting municipality: the history begins where it was.

The period begins on the earliest day the records know the citizen by: the day the record was
made or the start of the first homelessness situation, whichever is earlier. Its basis is
residence (retssikkerhedsloven § 9, stk. 1), the rule a record held before the history began.
Going back removes the periods; ``Citizen.acting_municipality`` was never changed.
"""

from datetime import date

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import Min
from django.utils import timezone

CHUNK = 2000


def open_periods(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Write one open residence period per citizen that has none, in chunks."""
    citizens = apps.get_model("citizens", "Citizen")
    periods = apps.get_model("citizens", "ActingMunicipalityPeriod")
    situations = apps.get_model("citizens", "HomelessnessSituation")
    have = set(periods.objects.values_list("citizen_id", flat=True))
    rows = citizens.objects.order_by("pk").values_list("pk", "acting_municipality_id", "created_at")
    batch = []
    for start in range(0, rows.count(), CHUNK):
        chunk = [row for row in rows[start : start + CHUNK] if row[0] not in have]
        first: dict[int, date] = dict(
            situations.objects.filter(citizen_id__in=[row[0] for row in chunk])
            .values("citizen_id")
            .annotate(first=Min("start"))
            .values_list("citizen_id", "first")
        )
        for pk, municipality_id, created_at in chunk:
            made = timezone.localtime(created_at).date()
            batch.append(
                periods(
                    citizen_id=pk,
                    municipality_id=municipality_id,
                    valid_from=min(made, first.get(pk, made)),
                    basis="residence",
                )
            )
        periods.objects.bulk_create(batch, batch_size=CHUNK)
        batch = []


def remove_periods(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Going back: the history goes, the current acting municipality stays on the citizen."""
    apps.get_model("citizens", "ActingMunicipalityPeriod").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("citizens", "0008_acting_municipality_history")]

    operations = [migrations.RunPython(open_periods, remove_periods)]

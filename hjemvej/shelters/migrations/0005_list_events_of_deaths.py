"""A death at a shelter took the citizen off the list as "no longer eligible"; now as "died".

Before ``citizens.0007`` a discharge with the exit reason "died" wrote the list event "no longer
eligible" on the discharge day (``services.stay_discharge``). Those events, and only those (the
citizen's exit on the day of such a discharge), become "died", so the list's monthly outflow
counts the deaths apart. Going back, ``citizens.0007`` turns them into "no longer eligible" again.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def deaths_as_died(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Give the list exits of discharges by death the reason "died"."""
    stays = apps.get_model("shelters", "Stay")
    events = apps.get_model("citizens", "ByNameListEvent")
    deaths = stays.objects.filter(exit_reason="died", discharged__isnull=False)
    for citizen_id, discharged in deaths.values_list("citizen_id", "discharged").iterator():
        events.objects.filter(
            citizen_id=citizen_id, date=discharged, kind="left", reason="no_longer_eligible"
        ).update(reason="died")


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0007_list_event_reasons_moved_away_died"),
        ("shelters", "0004_shelter_identifiers"),
    ]

    operations = [
        migrations.RunPython(deaths_as_died, migrations.RunPython.noop),
    ]

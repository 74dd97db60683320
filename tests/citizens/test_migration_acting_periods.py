"""Every citizen gets one open period as acting municipality when ``citizens.0009`` migrates.

Going back removes the periods and leaves ``Citizen.acting_municipality`` as it was; going forward
again gives each citizen one open residence period from the day the record was made or the first
situation began, whichever is earlier.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from hjemvej.accounts.models import Role
from hjemvej.citizens.borders import citizen_acting_municipality_change
from hjemvej.citizens.models import ActingBasis, ActingMunicipalityPeriod, Citizen
from tests import factories

TODAY = factories.TODAY


def migrate(*targets: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))


def migrate_to_the_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_citizens_get_one_open_period_each() -> None:
    factories.ensure_municipalities()
    worker = factories.user("rita", Role.CASE_WORKER)
    anna = factories.citizen(worker, first_name="Anna", start=date(2025, 3, 1))
    bo = factories.citizen(worker, first_name="Bo", start=date(2026, 2, 1))
    citizen_acting_municipality_change(
        actor=worker,
        citizen=bo,
        municipality=factories.municipality("730"),
        valid_from=date(2026, 6, 1),
        basis=ActingBasis.RESIDENCE,
        today=TODAY,
    )
    try:
        migrate(("citizens", "0008_acting_municipality_history"))
        assert not ActingMunicipalityPeriod.objects.exists()
        migrate(("citizens", "0009_acting_periods_for_existing_citizens"))
    finally:
        migrate_to_the_latest()
    made = timezone.localdate()
    rows = {
        p.citizen_id: (p.municipality.code, p.valid_from, p.valid_to, p.basis)
        for p in ActingMunicipalityPeriod.objects.select_related("municipality")
    }
    assert rows == {
        anna.pk: ("751", min(date(2025, 3, 1), made), None, ActingBasis.RESIDENCE),
        # The history before the migration is not known: one period in the current municipality.
        bo.pk: ("730", min(date(2026, 2, 1), made), None, ActingBasis.RESIDENCE),
    }
    assert Citizen.objects.get(pk=bo.pk).acting_municipality.code == "730"

"""The list's exits of citizens who died at a shelter get the reason "died" when migrating.

Before ``citizens.0007`` a death at a shelter took the citizen off the list as "no longer
eligible"; ``shelters.0004`` turns those exits, and only those, into "died". Going back to
``citizens.0006`` both new reasons become "no longer eligible" again.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from hjemvej.accounts.models import Role
from hjemvej.citizens.models import ByNameListEvent, Citizen, ListEventKind, ListEventReason
from hjemvej.citizens.services import situation_end
from hjemvej.shelters.models import ExitDestination, ExitReason
from hjemvej.shelters.services import stay_admit, stay_discharge
from tests import factories

TODAY = factories.TODAY
DIED_ON = date(2026, 6, 1)


def migrate(*targets: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))


def migrate_to_the_latest() -> None:
    """Leave the database as every other test expects it: every app's latest migration."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def exit_reason(citizen: Citizen) -> str:
    event = citizen.list_events.filter(kind=ListEventKind.LEFT).get()
    return event.reason


@pytest.mark.django_db(transaction=True)
def test_exits_at_a_death_become_died_and_go_back_to_no_longer_eligible() -> None:
    factories.ensure_municipalities()
    worker = factories.user("rita", Role.CASE_WORKER)
    shelter = factories.shelter()
    died = factories.citizen(worker, first_name="Anna")
    stay = stay_admit(
        actor=worker, citizen=died, shelter=shelter, admitted=date(2026, 3, 2), today=TODAY
    )
    stay_discharge(
        actor=worker,
        stay=stay,
        discharged=DIED_ON,
        today=TODAY,
        exit_reason=ExitReason.DIED,
        exit_destination=ExitDestination.UNKNOWN,
    )
    # The same day, another citizen leaves the list as no longer eligible: not a death.
    other = factories.citizen(worker, first_name="Bo")
    situation_end(
        actor=worker,
        citizen=other,
        end=DIED_ON,
        reason=ListEventReason.NO_LONGER_ELIGIBLE,
        today=TODAY,
    )
    moved = factories.citizen(worker, first_name="Carl")
    situation_end(
        actor=worker, citizen=moved, end=DIED_ON, reason=ListEventReason.MOVED_AWAY, today=TODAY
    )
    assert exit_reason(died) == ListEventReason.DIED

    try:
        migrate(("citizens", "0006_consent_kind"))
        old = ByNameListEvent.objects.filter(kind=ListEventKind.LEFT)
        assert set(old.values_list("reason", flat=True)) == {ListEventReason.NO_LONGER_ELIGIBLE}
    finally:
        migrate(("citizens", "0007_list_event_reasons_moved_away_died"))
        migrate(("shelters", "0005_list_events_of_deaths"))
        migrate_to_the_latest()

    assert exit_reason(died) == ListEventReason.DIED
    assert exit_reason(other) == ListEventReason.NO_LONGER_ELIGIBLE
    # A move recorded before going back cannot be told from "no longer eligible" any more.
    assert exit_reason(moved) == ListEventReason.NO_LONGER_ELIGIBLE

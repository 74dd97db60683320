"""The citizen's stored list state: recomputed from the records in one place.

``citizen_state_refresh`` reads one citizen's situations, list events, stays and contacts and
writes the ``CitizenState`` the by-name list filters, sorts and counts by; every service that
changes those records calls it inside its transaction. Stays and contacts belong to rooms above
this one, so they are read through ``django.apps`` by their labels, not imported (as the merge
does); the rooms that own them only call the refresh.

The state is what the records say from the day after the latest date in them (``settled_on``)
on: every situation, stay and list event has then begun and every end has passed. A reader uses
it for a today after ``settled_on`` and computes the facts from the records otherwise, so a
record dated ahead (a situation ending next week) never makes the list wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from django.apps import apps

from hjemvej.citizens.models import Citizen, CitizenState, ListEventKind

#: ``settled_on`` of a state that cannot be stored (two open situations): readers never use it.
NEVER = date.max
_BATCH = 2000
_FIELDS = (
    "on_list",
    "situation",
    "situation_start",
    "closed_time",
    "shelter_id",
    "admitted",
    "last_contact",
    "settled_on",
)


class Registry(Protocol):
    """Where the models come from: ``django.apps.apps``, or a migration's historical apps."""

    def get_model(self, app_label: str, model_name: str | None = None) -> Any:
        """Return the model of the label."""


@dataclass
class _Records:
    """One citizen's rows that the state is made from."""

    situations: list[tuple[int, str, date, date | None]] = field(default_factory=list)
    events: list[tuple[int, date, str]] = field(default_factory=list)
    stays: list[tuple[int, int, date, date | None]] = field(default_factory=list)
    contacts: list[date] = field(default_factory=list)


def _state(records: _Records) -> dict[str, Any]:
    """Return the state the records leave, as the by-name list's annotations compute it."""
    dates: list[date] = []
    open_situations = []
    closed = timedelta(0)
    for pk, kind, start, end in records.situations:
        dates.append(start)
        if end is None:
            open_situations.append((start, pk, kind))
        else:
            dates.append(end)
            closed += end - start
    open_situations.sort(reverse=True)
    last_event = max(((day, pk, kind) for pk, day, kind in records.events), default=None)
    dates.extend(day for _pk, day, _kind in records.events)
    open_stays = []
    for pk, shelter_id, admitted, discharged in records.stays:
        dates.append(admitted)
        if discharged is None:
            open_stays.append((admitted, pk, shelter_id))
        else:
            dates.append(discharged)
    open_stays.sort(reverse=True)
    dates.extend(records.contacts)
    current = open_situations[0] if open_situations else None
    stay = open_stays[0] if open_stays else None
    return {
        "on_list": last_event is not None and last_event[2] == ListEventKind.ENTERED,
        "situation": current[2] if current else None,
        "situation_start": current[0] if current else None,
        "closed_time": closed if records.situations else None,
        "shelter_id": stay[2] if stay else None,
        "admitted": stay[0] if stay else None,
        "last_contact": max(records.contacts, default=None),
        "settled_on": NEVER if len(open_situations) > 1 else max(dates, default=date.min),
    }


def _records(registry: Registry, citizen_ids: list[int]) -> dict[int, _Records]:
    found: dict[int, _Records] = defaultdict(_Records)
    mine = {"citizen_id__in": citizen_ids}
    situations = registry.get_model("citizens", "HomelessnessSituation").objects.filter(**mine)
    for citizen_id, pk, kind, start, end in situations.values_list(
        "citizen_id", "pk", "situation", "start", "end"
    ):
        found[citizen_id].situations.append((pk, kind, start, end))
    events = registry.get_model("citizens", "ByNameListEvent").objects.filter(**mine)
    for citizen_id, pk, day, kind in events.values_list("citizen_id", "pk", "date", "kind"):
        found[citizen_id].events.append((pk, day, kind))
    stays = registry.get_model("shelters", "Stay").objects.filter(**mine)
    for citizen_id, pk, shelter_id, admitted, discharged in stays.values_list(
        "citizen_id", "pk", "shelter_id", "admitted", "discharged"
    ):
        found[citizen_id].stays.append((pk, shelter_id, admitted, discharged))
    contacts = registry.get_model("support", "Contact").objects.filter(**mine)
    for citizen_id, day in contacts.values_list("citizen_id", "date"):
        found[citizen_id].contacts.append(day)
    return found


def computed_states(citizen_ids: Iterable[int]) -> dict[int, CitizenState]:
    """Return the state of each citizen computed from the records now (not saved)."""
    ids = list(citizen_ids)
    found = _records(apps, ids)
    return {pk: CitizenState(citizen_id=pk, **_state(found[pk])) for pk in ids}


def refresh_with(registry: Registry, citizen_ids: Iterable[int]) -> None:
    """Recompute and store the state of the citizens, with the models of ``registry``."""
    model = registry.get_model("citizens", "CitizenState")
    ids = sorted(set(citizen_ids))
    for at in range(0, len(ids), _BATCH):
        chunk = ids[at : at + _BATCH]
        found = _records(registry, chunk)
        model.objects.bulk_create(
            [model(citizen_id=pk, **_state(found[pk])) for pk in chunk],
            update_conflicts=True,
            unique_fields=["citizen"],
            update_fields=list(_FIELDS),
        )


def citizen_states_refresh(citizen_ids: Iterable[int]) -> None:
    """Recompute and store the state of the citizens (in batches; for bulk writers)."""
    refresh_with(apps, citizen_ids)


def citizen_state_refresh(*citizens: Citizen | None) -> None:
    """Recompute and store the state of the citizens from their records (None is skipped)."""
    citizen_states_refresh(citizen.pk for citizen in citizens if citizen is not None)

"""Situations and list events that come with their whole history (an import), in bulk.

The services derive these records (``situation_add`` ends the open situation and puts the citizen
on the list, ``situation_end`` takes them off); a record that brings its whole history already
holds them, so each is written as it was. It is held to the same rules through the same
functions (``citizens.checks``): a known situation that neither begins nor ends in the future nor
ends before it begins, and no two of a citizen's situations share a day; a list event not in the
future whose reason fits it, entries and exits alternating from an entry (``list_may_follow``).

``situation_record`` / ``list_event_record`` write one; ``situations_record_many`` /
``list_events_record_many`` write many with the same records and audit entries (one insert per
batch, each citizen's list state refreshed once); ``*_correct_many`` correct recorded ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.citizens.checks import (
    check_list_date,
    check_list_reason,
    check_situation,
    check_situation_end,
    list_may_follow,
)
from hjemvej.citizens.models import ByNameListEvent, Citizen, HomelessnessSituation, SituationSource
from hjemvej.citizens.state import citizen_states_refresh
from hjemvej.core.errors import DomainError

BATCH = 1000
UPDATE_BATCH = 250  # a bulk update's CASE per column grows with the batch

#: The fields a correction of a past situation or list event may change.
SITUATION_FIELDS = ("situation", "start", "end", "source", "note")
LIST_EVENT_FIELDS = ("date", "kind", "reason", "note")

Record = TypeVar("Record", HomelessnessSituation, ByNameListEvent)


class HistoryRefused(DomainError):
    """A bulk writer refused the record at ``index``; nothing was written."""

    def __init__(self, index: int, error: DomainError) -> None:
        super().__init__(error.message, field=error.field)
        self.index = index


@dataclass(frozen=True)
class PastSituation:
    """A homelessness situation ``[start, end)`` as a record of its whole history says it."""

    citizen: Citizen
    situation: str
    start: date
    end: date | None = None
    source: str = SituationSource.OTHER
    note: str = ""


@dataclass(frozen=True)
class PastListEvent:
    """An entry onto or exit from the by-name list as a record of its whole history says it."""

    citizen: Citizen
    on: date
    kind: str
    reason: str
    note: str = ""


def situation_history_check(
    past: PastSituation, *, actor: User, today: date
) -> HomelessnessSituation:
    """Check a past situation as ``situation_add`` and ``situation_end`` do; return it unsaved."""
    check_situation(past.situation, past.start, today)
    if past.end is not None:
        check_situation_end(past.end, today, start=past.start)
    return HomelessnessSituation(
        citizen=past.citizen,
        situation=past.situation,
        start=past.start,
        end=past.end,
        source=past.source or SituationSource.OTHER,
        note=past.note,
        created_by=actor,
    )


def list_event_history_check(past: PastListEvent, *, actor: User, today: date) -> ByNameListEvent:
    """Check a past list event as ``list_leave`` would (its reason fits it); return it unsaved."""
    check_list_date(past.on, today)
    check_list_reason(past.kind, past.reason)
    return ByNameListEvent(
        citizen=past.citizen,
        date=past.on,
        kind=past.kind,
        reason=past.reason,
        note=past.note,
        created_by=actor,
    )


def share_a_day(one: HomelessnessSituation, other: HomelessnessSituation) -> bool:
    """Return whether two situations ``[start, end)`` share a day (an empty one holds none)."""
    if one.end == one.start or other.end == other.start:
        return False
    return (other.end is None or one.start < other.end) and (
        one.end is None or other.start < one.end
    )


def situation_clashes(
    new: Sequence[HomelessnessSituation], recorded: Sequence[HomelessnessSituation]
) -> list[HomelessnessSituation | None]:
    """Return, for each new situation, one it shares a day with (recorded, or new before it)."""
    found: list[HomelessnessSituation | None] = []
    for index, situation in enumerate(new):
        earlier = [*recorded, *new[:index]]
        found.append(next((s for s in earlier if share_a_day(s, situation)), None))
    return found


def list_order_breaks(events: Sequence[ByNameListEvent]) -> list[int]:
    """Return the indexes of the events (one citizen's, in order) that cannot follow the last."""
    breaks = []
    last: str | None = None
    for index, event in enumerate(events):
        if not list_may_follow(last, event.kind):
            breaks.append(index)
        last = event.kind
    return breaks


def list_order(events: Iterable[ByNameListEvent]) -> list[ByNameListEvent]:
    """Return the events in the order the list reads them: by date, then as recorded."""
    return sorted(events, key=lambda e: (e.date, e.pk is None, e.pk or 0))


def _overlap_problem(situation: HomelessnessSituation) -> DomainError:
    return DomainError(
        f"Situationen vil overlappe situationen fra {situation.start:%d.%m.%Y}.", field="start"
    )


def _situation_break(situations: list[HomelessnessSituation], mine: dict[int, int]) -> None:
    ordered = sorted(situations, key=lambda s: (s.start, s.pk))
    for index, situation in enumerate(ordered):
        clash = next((s for s in ordered[:index] if share_a_day(s, situation)), None)
        if clash is not None and (situation.pk in mine or clash.pk in mine):
            own, other = (situation, clash) if situation.pk in mine else (clash, situation)
            raise HistoryRefused(mine[own.pk], _overlap_problem(other))


def _list_break(events: list[ByNameListEvent], mine: dict[int, int]) -> None:
    ordered = list_order(events)
    for index in list_order_breaks(ordered):
        if ordered[index].pk in mine:
            raise HistoryRefused(
                mine[ordered[index].pk],
                DomainError(
                    "Hændelsen passer ikke efter borgerens forrige på listen.", field="kind"
                ),
            )


def _check_recorded(model: type[Record], citizen_ids: Iterable[int], mine: dict[int, int]) -> None:
    """Raise ``HistoryRefused`` when the citizens' records, as now written, break a rule.

    ``mine`` maps each written record's id to its index in the writer's input.
    """
    ids = sorted(set(citizen_ids))
    if model is HomelessnessSituation:
        situations: dict[int, list[HomelessnessSituation]] = defaultdict(list)
        for situation in HomelessnessSituation.objects.filter(citizen_id__in=ids):
            situations[situation.citizen_id].append(situation)
        for found in situations.values():
            _situation_break(found, mine)
    else:
        events: dict[int, list[ByNameListEvent]] = defaultdict(list)
        for event in ByNameListEvent.objects.filter(citizen_id__in=ids):
            events[event.citizen_id].append(event)
        for listed in events.values():
            _list_break(listed, mine)


def history_changes(stored: Record, wanted: Record, fields: Sequence[str]) -> list[str]:
    """Return the fields in which a recorded record differs from the checked one."""
    return sorted(name for name in fields if getattr(stored, name) != getattr(wanted, name))


def _write_many(
    actor: User,
    model: type[Record],
    fields: Sequence[str],
    made: Sequence[Record],
    corrections: Sequence[tuple[Record, Record]],
) -> list[Record]:
    """Insert the checked records and correct the recorded ones, then hold the whole to the rules.

    Each new record is audited as created, each changed one as an update naming its fields (in
    that order); each citizen's list state is refreshed once.
    """
    entries = [
        audit.unsaved(actor=actor, action=AuditAction.CREATE, citizen=record.citizen, obj=record)
        for record in made
    ]
    touched: list[Record] = []
    by_fields: dict[tuple[str, ...], list[Record]] = {}
    mine: dict[int, int] = {}
    for index, (stored, wanted) in enumerate(corrections, start=len(made)):
        if stored.citizen_id != wanted.citizen_id:
            raise HistoryRefused(
                index, DomainError("Posten hører til en anden borger.", field="citizen")
            )
        changed = history_changes(stored, wanted, fields)
        if not changed:
            continue
        for name in changed:
            setattr(stored, name, getattr(wanted, name))
        touched.append(stored)
        by_fields.setdefault(tuple(changed), []).append(stored)
        mine[stored.pk] = index
        entries.append(
            audit.unsaved(
                actor=actor,
                action=AuditAction.UPDATE,
                citizen=stored.citizen,
                obj=stored,
                detail={"fields": changed},
            )
        )
    if not made and not touched:
        return []
    with transaction.atomic():
        for names, group in by_fields.items():  # only the changed columns: a smaller statement
            model._default_manager.bulk_update(group, list(names), batch_size=UPDATE_BATCH)
        model._default_manager.bulk_create(made, batch_size=BATCH)
        for entry, record in zip(entries, made, strict=False):
            entry.object_id = str(record.pk)
        mine.update({record.pk: index for index, record in enumerate(made)})
        citizen_ids = {record.citizen_id for record in [*made, *touched]}
        _check_recorded(model, citizen_ids, mine)
        citizen_states_refresh(sorted(citizen_ids))
        AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
    return list(made)


def situation_record(*, actor: User, past: PastSituation, today: date) -> HomelessnessSituation:
    """Record one past situation as it was (checked as the services check one; nothing derived)."""
    made = situation_history_check(past, actor=actor, today=today)
    return situations_record_many(actor=actor, situations=[made])[0]


def situations_record_many(
    *,
    actor: User,
    situations: Sequence[HomelessnessSituation],
    corrections: Sequence[tuple[HomelessnessSituation, HomelessnessSituation]] = (),
) -> list[HomelessnessSituation]:
    """Record checked past situations as ``situation_record`` would each, all or nothing.

    ``corrections`` pairs recorded situations with checked ones to give them. A situation that
    shares a day with another of the citizen's raises ``HistoryRefused`` with its index (a
    correction's counts after the new ones).
    """
    return _write_many(actor, HomelessnessSituation, SITUATION_FIELDS, situations, corrections)


def list_event_record(*, actor: User, past: PastListEvent, today: date) -> ByNameListEvent:
    """Record one past list event as it was (checked as ``list_leave`` checks one)."""
    made = list_event_history_check(past, actor=actor, today=today)
    return list_events_record_many(actor=actor, events=[made])[0]


def list_events_record_many(
    *,
    actor: User,
    events: Sequence[ByNameListEvent],
    corrections: Sequence[tuple[ByNameListEvent, ByNameListEvent]] = (),
) -> list[ByNameListEvent]:
    """Record checked past list events as ``list_event_record`` would each, all or nothing.

    Give them in the list's order (``list_order``). An event that cannot follow the citizen's
    one before it raises ``HistoryRefused`` with its index (as ``situations_record_many``).
    """
    return _write_many(actor, ByNameListEvent, LIST_EVENT_FIELDS, events, corrections)

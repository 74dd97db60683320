"""The rules of situations and list events: one home, for the services and the history writers.

``situation_add``, ``situation_end``, ``list_leave``, ``list_ensure`` and ``citizen_build`` check
one change with these; ``citizens.history`` checks a record that brings its whole history with
the same functions, so the rules cannot drift apart.
"""

from __future__ import annotations

from datetime import date

from hjemvej.citizens.models import ENTERING_REASONS, ListEventKind, ListEventReason, Situation
from hjemvej.core.errors import DomainError


def check_situation(situation: str, start: date, today: date, *, field: str = "start") -> None:
    """Refuse an unknown situation or one that begins in the future (``field``: the start's)."""
    if situation not in Situation.values:
        raise DomainError("Vælg en hjemløshedssituation.", field="situation")
    if start > today:
        raise DomainError("Situationen kan ikke begynde i fremtiden.", field=field)


def check_situation_end(end: date, today: date, *, start: date | None = None) -> None:
    """Refuse a situation's end in the future or before its ``start``."""
    if end > today:
        raise DomainError("Slutdatoen kan ikke ligge i fremtiden.", field="end")
    if start is not None and end < start:
        raise DomainError("Slutdatoen ligger før situationens start.", field="end")


def check_list_date(on: date, today: date) -> None:
    """Refuse an event on the list in the future."""
    if on > today:
        raise DomainError("Datoen kan ikke ligge i fremtiden.", field="date")


def check_list_reason(kind: str, reason: str) -> None:
    """Refuse a reason that does not fit the event: coming on needs an entering reason."""
    if kind not in ListEventKind.values:
        raise DomainError("Vælg, om borgeren kom på eller gik af listen.", field="kind")
    if reason not in ListEventReason.values:
        raise DomainError("Vælg årsagen.", field="reason")
    if kind == ListEventKind.LEFT and reason in ENTERING_REASONS:
        raise DomainError("Vælg hvorfor borgeren går af listen.", field="reason")
    if kind == ListEventKind.ENTERED and reason not in ENTERING_REASONS:
        raise DomainError("Vælg hvorfor borgeren kommer på listen.", field="reason")


def list_may_follow(last: str | None, kind: str) -> bool:
    """Return whether an event of ``kind`` may follow the citizen's last (None: no event yet).

    Entries and exits alternate, from an entry: only a citizen off the list comes on it, and
    only one on it leaves it.
    """
    on_list = last == ListEventKind.ENTERED
    return on_list == (kind == ListEventKind.LEFT)

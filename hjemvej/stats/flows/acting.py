"""The list over time by the acting municipality of the time, not today's.

A citizen handed over to another municipality counts on the old municipality's list until the
change day and on the new one's from it (``citizens.ActingMunicipalityPeriod``): on the change
day the old list loses them (an exit, »flyttet«) and the new list gains them (an entry, »nyt
kendt«: new to that list), when they were on the list then. A citizen's events before their
first period belong to its municipality (as the stays do: ``citizens.borders``). Only the few
citizens who ever had another acting municipality than today's are read period by period.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import F, Q, QuerySet

from hjemvej.citizens.models import (
    MAIN_BASES,
    ActingMunicipalityPeriod,
    Citizen,
    ListEventKind,
    ListEventReason,
)

Row = tuple[int, date, str, str]  # (citizen_id, date, kind, reason) as the flows read them


def crossed_spans(municipality_id: int) -> dict[int, list[tuple[date | None, date | None]]]:
    """Return, per citizen who crossed a border and was ever the municipality's, its spans.

    A span is ``[start, end)``; ``start`` None: from the beginning (the citizen's first
    period), ``end`` None: open. Citizens who never had another acting municipality than
    today's are not in it (one query).
    """
    main = ActingMunicipalityPeriod.objects.filter(
        basis__in=MAIN_BASES, citizen__merged_into__isnull=True
    )
    crossed = main.exclude(municipality_id=F("citizen__acting_municipality_id")).values(
        "citizen_id"
    )
    ours = main.filter(municipality_id=municipality_id).values("citizen_id")
    rows = (
        main.filter(citizen_id__in=crossed)
        .filter(citizen_id__in=ours)
        .order_by("citizen_id", "valid_from", "id")
        .values_list("citizen_id", "municipality_id", "valid_from", "valid_to")
    )
    spans: dict[int, list[tuple[date | None, date | None]]] = defaultdict(list)
    first: set[int] = set()
    for citizen_id, municipality, valid_from, valid_to in rows:
        if valid_to is not None and valid_to <= valid_from:
            continue  # an empty period (a decision from its first day): nobody acted in it
        start = None if citizen_id not in first else valid_from
        first.add(citizen_id)
        if municipality != municipality_id:
            continue
        held = spans[citizen_id]
        if held and held[-1][1] == valid_from:  # adjoining periods of the municipality
            held[-1] = (held[-1][0], valid_to)
        else:
            held.append((start, valid_to))
    return dict(spans)


def counted_citizens(
    citizens: QuerySet[Citizen], spans: dict[int, list[tuple[date | None, date | None]]]
) -> QuerySet[Citizen]:
    """Return the citizens given and those the municipality acted for earlier (counts only)."""
    if not spans:
        return citizens
    return Citizen.objects.filter(Q(pk__in=citizens.values("pk")) | Q(pk__in=list(spans)))


def within_spans(
    rows: list[Row], spans: dict[int, list[tuple[date | None, date | None]]]
) -> list[Row]:
    """Return the event rows as the municipality's list saw them (same order as given).

    The rows are sorted by citizen, date and record; a crossed citizen's events outside the
    municipality's spans are left out, and a span that begins or ends while the citizen is on
    the list begins with an entry or ends with an exit on its first or ending day.
    """
    if not spans:
        return rows
    out: list[Row] = []
    index = 0
    while index < len(rows):
        citizen = rows[index][0]
        end = index
        while end < len(rows) and rows[end][0] == citizen:
            end += 1
        if citizen in spans:
            out.extend(_cut(citizen, rows[index:end], spans[citizen]))
        else:
            out.extend(rows[index:end])
        index = end
    return out


def _cut(
    citizen: int, events: list[Row], spans: list[tuple[date | None, date | None]]
) -> list[Row]:
    def on_before(day: date) -> bool:
        last = next((e for e in reversed(events) if e[1] < day), None)
        return last is not None and last[2] == ListEventKind.ENTERED

    out: list[Row] = []
    for start, end in spans:
        if start is not None and on_before(start):
            out.append((citizen, start, ListEventKind.ENTERED, ListEventReason.NEWLY_IDENTIFIED))
        out.extend(
            e for e in events if (start is None or e[1] >= start) and (end is None or e[1] < end)
        )
        if end is not None and on_before(end):
            out.append((citizen, end, ListEventKind.LEFT, ListEventReason.MOVED_AWAY))
    return out

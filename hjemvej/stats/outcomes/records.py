"""The rows the outcome measures read: one municipality's records up to the as-of day.

Each kind of record is fetched once, with one query, the first time a measure asks for it (a
measure's page reads only its own kinds; the command line and the council report read them all).
The citizens are those whose acting municipality is the municipality now, merged records left out
(their rows were moved to the citizen they were merged into) and erased citizens kept: their
situations, list events, stays and support courses are kept for the statistics under the
pseudonym (docs/access.md, Retention), while their housing was deleted.

What happened on or after the as-of day is not known yet: a record dated then is left out, and
an end dated then counts as not yet come (``None``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any

from django.db.models import Min, QuerySet

from hjemvej.citizens.models import ByNameListEvent, Citizen, HomelessnessSituation
from hjemvej.housing.models import DwellingKind, HousingOffer, Tenancy
from hjemvej.shelters.models import Stay, StayType
from hjemvej.support.models import SupportCourse


@dataclass(frozen=True)
class Span:
    """A homelessness situation ``[start, end)``; end None while it lasts (as of the day)."""

    start: date
    end: date | None

    def covers(self, day: date) -> bool:
        """Return whether the citizen was in the situation on the day."""
        return self.start <= day and (self.end is None or day < self.end)

    def touches(self, start: date, end: date) -> bool:
        """Return whether the situation has a day in ``[start, end)`` (an empty one has none)."""
        stop = self.end or date.max
        return self.start < stop and self.start < end and stop > start


@dataclass(frozen=True)
class ListEvent:
    citizen: int
    day: date
    kind: str
    reason: str
    pk: int


@dataclass(frozen=True)
class StayRow:
    """A § 110 stay (type »ophold«; aftercare is left out)."""

    pk: int
    citizen: int
    shelter: str
    admitted: date
    discharged: date | None
    exit_reason: str

    def touches(self, start: date, end: date) -> bool:
        """Return whether the stay has a night in ``[start, end)`` (a same-day stay: its date)."""
        if self.discharged is None:
            return self.admitted < end
        last = max(self.discharged, self.admitted + timedelta(days=1))
        return self.admitted < end and last > start


@dataclass(frozen=True)
class TenancyRow:
    """A lease of own housing (a transitional dwelling is no home of one's own)."""

    citizen: int
    move_in: date
    move_out: date | None
    offered_on: date | None

    def covers(self, day: date) -> bool:
        """Return whether the citizen lived there on the day."""
        return self.move_in <= day and (self.move_out is None or day < self.move_out)


@dataclass(frozen=True)
class CourseRow:
    citizen: int
    kind: str
    start: date


def _known(end: date | None, as_of: date) -> date | None:
    """Return an end that has come by the as-of day, else None (not known yet)."""
    return end if end is not None and end < as_of else None


class Records:
    """One municipality's records before ``as_of``, fetched per kind when first read."""

    def __init__(self, municipality_id: int, as_of: date) -> None:
        self.municipality_id = municipality_id
        self.as_of = as_of

    def _of_citizens(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(
            citizen__acting_municipality_id=self.municipality_id,
            citizen__merged_into__isnull=True,
        ).order_by()

    @cached_property
    def situations(self) -> dict[int, list[Span]]:
        """Return each citizen's situations begun before the as-of day, oldest first."""
        rows = self._of_citizens(
            HomelessnessSituation.objects.filter(start__lt=self.as_of)
        ).values_list("citizen_id", "start", "end")
        found: dict[int, list[Span]] = defaultdict(list)
        for citizen, start, end in rows:
            found[citizen].append(Span(start, _known(end, self.as_of)))
        for spans in found.values():
            spans.sort(key=lambda s: s.start)
        return dict(found)

    @cached_property
    def events(self) -> list[ListEvent]:
        """Return the list events before the as-of day, by citizen, date and order of entry."""
        rows = self._of_citizens(ByNameListEvent.objects.filter(date__lt=self.as_of)).values_list(
            "citizen_id", "date", "kind", "reason", "id"
        )
        return sorted((ListEvent(*row) for row in rows), key=lambda e: (e.citizen, e.day, e.pk))

    @cached_property
    def stays(self) -> dict[int, list[StayRow]]:
        """Return each citizen's § 110 stays admitted before the as-of day, oldest first."""
        rows = self._of_citizens(
            Stay.objects.filter(admitted__lt=self.as_of, stay_type=StayType.STAY)
        ).values_list("id", "citizen_id", "shelter__name", "admitted", "discharged", "exit_reason")
        found: dict[int, list[StayRow]] = defaultdict(list)
        for pk, citizen, shelter, admitted, discharged, reason in rows:
            known = _known(discharged, self.as_of)
            found[citizen].append(
                StayRow(pk, citizen, shelter, admitted, known, reason if known else "")
            )
        for stays in found.values():
            stays.sort(key=lambda s: (s.admitted, s.pk))
        return dict(found)

    @cached_property
    def tenancies(self) -> dict[int, list[TenancyRow]]:
        """Return each citizen's leases of own housing moved into before the as-of day."""
        rows = (
            self._of_citizens(Tenancy.objects.filter(move_in__lt=self.as_of))
            .exclude(dwelling__kind=DwellingKind.TRANSITIONAL)
            .values_list("citizen_id", "move_in", "move_out", "offer__offered_on")
        )
        found: dict[int, list[TenancyRow]] = defaultdict(list)
        for citizen, move_in, move_out, offered_on in rows:
            found[citizen].append(TenancyRow(citizen, move_in, move_out, offered_on))
        for tenancies in found.values():
            tenancies.sort(key=lambda t: t.move_in)
        return dict(found)

    @cached_property
    def offers(self) -> dict[int, list[date]]:
        """Return each citizen's housing offers made before the as-of day, oldest first."""
        rows = self._of_citizens(
            HousingOffer.objects.filter(offered_on__lt=self.as_of)
        ).values_list("citizen_id", "offered_on")
        found: dict[int, list[date]] = defaultdict(list)
        for citizen, offered_on in rows:
            found[citizen].append(offered_on)
        for days in found.values():
            days.sort()
        return dict(found)

    @cached_property
    def courses(self) -> list[CourseRow]:
        """Return the support courses begun before the as-of day, by citizen and start."""
        rows = self._of_citizens(SupportCourse.objects.filter(start__lt=self.as_of)).values_list(
            "citizen_id", "kind", "start"
        )
        return sorted((CourseRow(*row) for row in rows), key=lambda c: (c.citizen, c.start))

    def pseudonyms(self, citizen_ids: list[int]) -> dict[int, str]:
        """Return the pseudonyms of the citizens (the only identity every role may see)."""
        return dict(
            Citizen.objects.filter(
                pk__in=citizen_ids, acting_municipality_id=self.municipality_id
            ).values_list("pk", "pseudonym")
        )


def first_year(municipality_id: int, default: int) -> int:
    """Return the year of the municipality's first homelessness situation (``default``: none)."""
    first = HomelessnessSituation.objects.filter(
        citizen__acting_municipality_id=municipality_id, citizen__merged_into__isnull=True
    ).aggregate(first=Min("start"))["first"]
    return first.year if first is not None else default

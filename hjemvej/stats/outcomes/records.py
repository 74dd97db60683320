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
from datetime import date, timedelta
from functools import cached_property
from typing import Any, NamedTuple

from django.db.models import (
    Case,
    DateField,
    DurationField,
    F,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least

from hjemvej.citizens.models import ByNameListEvent, Citizen, HomelessnessSituation
from hjemvej.housing.models import DwellingKind, HousingOffer, Tenancy
from hjemvej.shelters.models import Stay, StayType
from hjemvej.support.models import SupportCourse


class Span(NamedTuple):
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


class ListEvent(NamedTuple):
    citizen: int
    day: date
    kind: str
    reason: str
    pk: int


class StayRow(NamedTuple):
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


class TenancyRow(NamedTuple):
    """A lease of own housing (a transitional dwelling is no home of one's own)."""

    citizen: int
    move_in: date
    move_out: date | None
    offered_on: date | None

    def covers(self, day: date) -> bool:
        """Return whether the citizen lived there on the day."""
        return self.move_in <= day and (self.move_out is None or day < self.move_out)


class CourseRow(NamedTuple):
    citizen: int
    kind: str
    start: date


class Records:
    """One municipality's records before ``as_of``, fetched per kind when first read.

    Each kind comes sorted by the database (by citizen, then by date), so the lists are built in
    order in one pass; the rows are named tuples, which cost little to make by the hundred
    thousand (the national demo's municipality has some 170,000 situations). Situations and stays
    that ended before ``since`` are not read: no measure of the years asked looks back that far
    (the time in homelessness, which does, is summed by the database: ``homeless_days``), so the
    cost follows the years counted, not the length of the municipality's history.
    """

    def __init__(self, municipality_id: int, as_of: date, since: date = date.min) -> None:
        self.municipality_id = municipality_id
        self.as_of = as_of
        self.since = since

    def _of_citizens(self, queryset: QuerySet[Any], *order: str) -> QuerySet[Any]:
        return queryset.filter(
            citizen__acting_municipality_id=self.municipality_id,
            citizen__merged_into__isnull=True,
        ).order_by(*order)

    @cached_property
    def situations(self) -> dict[int, list[Span]]:
        """Return each citizen's situations begun before the as-of day, oldest first."""
        rows = self._of_citizens(
            HomelessnessSituation.objects.filter(start__lt=self.as_of).filter(
                Q(end__isnull=True) | Q(end__gte=self.since)
            ),
            "citizen_id",
            "start",
        ).values_list("citizen_id", "start", "end")
        found: dict[int, list[Span]] = defaultdict(list)
        as_of = self.as_of
        for citizen, start, end in rows:
            found[citizen].append(Span(start, end if end is not None and end < as_of else None))
        return dict(found)

    def homeless_days(self, start: date, stop: date) -> dict[int, tuple[int, int]]:
        """Return per citizen the days in a situation in ``[start, stop)``, and in all before stop.

        Summed by the database over every situation begun before ``stop`` (as the by-name list
        sums them: the services keep one citizen's situations from overlapping); an end on or
        after ``stop`` counts as ``stop``. Only citizens with a day in ``[start, stop)``.
        """
        until = Least(Coalesce("end", Value(stop)), Value(stop), output_field=DateField())
        in_period = Case(
            When(until__gt=start, then=F("until") - Greatest("start", Value(start))),
            default=Value(timedelta(0)),
            output_field=DurationField(),
        )
        rows = (
            self._of_citizens(HomelessnessSituation.objects.filter(start__lt=stop))
            .annotate(until=until)
            .values("citizen_id")
            .annotate(
                total=Sum(F("until") - F("start"), output_field=DurationField()),
                within=Sum(in_period, output_field=DurationField()),
            )
            .values_list("citizen_id", "within", "total")
        )
        return {
            citizen: (within.days, total.days)
            for citizen, within, total in rows
            if within is not None and within.days > 0
        }

    @cached_property
    def events(self) -> list[ListEvent]:
        """Return the list events before the as-of day, by citizen, date and order of entry."""
        rows = self._of_citizens(
            ByNameListEvent.objects.filter(date__lt=self.as_of), "citizen_id", "date", "id"
        ).values_list("citizen_id", "date", "kind", "reason", "id")
        return [ListEvent._make(row) for row in rows]

    @cached_property
    def stays(self) -> dict[int, list[StayRow]]:
        """Return each citizen's § 110 stays admitted before the as-of day, oldest first."""
        rows = self._of_citizens(
            Stay.objects.filter(admitted__lt=self.as_of, stay_type=StayType.STAY).filter(
                Q(discharged__isnull=True) | Q(discharged__gte=self.since)
            ),
            "citizen_id",
            "admitted",
            "id",
        ).values_list("id", "citizen_id", "shelter__name", "admitted", "discharged", "exit_reason")
        found: dict[int, list[StayRow]] = defaultdict(list)
        as_of = self.as_of
        for pk, citizen, shelter, admitted, discharged, reason in rows:
            if discharged is not None and discharged < as_of:
                found[citizen].append(StayRow(pk, citizen, shelter, admitted, discharged, reason))
            else:  # not discharged as of the day: how it will end is not known either
                found[citizen].append(StayRow(pk, citizen, shelter, admitted, None, ""))
        return dict(found)

    @cached_property
    def tenancies(self) -> dict[int, list[TenancyRow]]:
        """Return each citizen's leases of own housing moved into before the as-of day."""
        rows = (
            self._of_citizens(
                Tenancy.objects.filter(move_in__lt=self.as_of), "citizen_id", "move_in", "id"
            )
            .exclude(dwelling__kind=DwellingKind.TRANSITIONAL)
            .values_list("citizen_id", "move_in", "move_out", "offer__offered_on")
        )
        found: dict[int, list[TenancyRow]] = defaultdict(list)
        for row in rows:
            found[row[0]].append(TenancyRow._make(row))
        return dict(found)

    @cached_property
    def offers(self) -> dict[int, list[date]]:
        """Return each citizen's housing offers made before the as-of day, oldest first."""
        rows = self._of_citizens(
            HousingOffer.objects.filter(offered_on__lt=self.as_of), "citizen_id", "offered_on"
        ).values_list("citizen_id", "offered_on")
        found: dict[int, list[date]] = defaultdict(list)
        for citizen, offered_on in rows:
            found[citizen].append(offered_on)
        return dict(found)

    @cached_property
    def courses(self) -> list[CourseRow]:
        """Return the support courses begun before the as-of day, by citizen and start."""
        rows = self._of_citizens(
            SupportCourse.objects.filter(start__lt=self.as_of), "citizen_id", "start", "id"
        ).values_list("citizen_id", "kind", "start")
        return [CourseRow._make(row) for row in rows]

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

"""The count week and support in numbers on the small demo, against a recount from raw rows.

The recount below walks the days one by one (a situation covers a day, a stay holds a night, the
list's events are replayed day by day), where the selectors compare periods: two ways to the
same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from hjemvej.accounts.models import Municipality, User
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    Gender,
    HomelessnessSituation,
    ListEventKind,
)
from hjemvej.demo import common
from hjemvej.housing.models import Household, IncomeSource
from hjemvej.shelters.models import Stay, StayType
from hjemvej.stats.count_week import Week, count_week, default_week
from hjemvej.stats.support_numbers import ALL_HOUSING_FIRST, METHODS, caseload_by_month, per_year
from hjemvej.support.models import Contact, SupportCourse
from tests import demo_copy

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)


@pytest.fixture
def demo(settings: Settings) -> Municipality:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_copy.small_demo()  # built on TODAY with 150 citizens and the logins
    municipality = common.demo_municipality()
    assert municipality is not None
    return municipality


def ids_of(municipality: Municipality) -> set[int]:
    return set(
        Citizen.objects.filter(
            acting_municipality=municipality, merged_into__isnull=True
        ).values_list("pk", flat=True)
    )


def recount(municipality: Municipality, week: Week) -> dict[int, str | None]:
    """Return who the raw rows say is counted in the week, and in which situation."""
    mine = ids_of(municipality)
    days = [week.start + timedelta(days=n) for n in range(7)]
    covering: dict[int, list[tuple[date, int, str]]] = defaultdict(list)
    for s in HomelessnessSituation.objects.filter(citizen_id__in=mine).values():
        if any(s["start"] <= d and (s["end"] is None or d < s["end"]) for d in days):
            covering[s["citizen_id"]].append((s["start"], s["id"], s["situation"]))
    nights: set[int] = set()
    for st in Stay.objects.filter(citizen_id__in=mine, stay_type=StayType.STAY).values():
        held = (
            {st["admitted"]}
            if st["discharged"] == st["admitted"]
            else {
                d
                for d in days
                if st["admitted"] <= d and (st["discharged"] is None or d < st["discharged"])
            }
        )
        if held & set(days):
            nights.add(st["citizen_id"])
    contacted = set(
        Contact.objects.filter(citizen_id__in=mine, date__in=days).values_list(
            "citizen_id", flat=True
        )
    )
    events: dict[int, list[tuple[date, int, str]]] = defaultdict(list)
    for e in ByNameListEvent.objects.filter(citizen_id__in=mine).values():
        events[e["citizen_id"]].append((e["date"], e["id"], e["kind"]))

    def listed_some_day(pk: int) -> bool:
        for d in days:
            before = [e for e in events[pk] if e[0] <= d]
            if before and max(before)[2] == ListEventKind.ENTERED:
                return True
        return False

    found: dict[int, str | None] = {}
    for pk in mine:
        if covering[pk]:
            found[pk] = max(covering[pk])[2]
        elif pk in nights:
            found[pk] = "shelter"
        elif pk in contacted and listed_some_day(pk):
            found[pk] = None
    return found


def test_on_the_demo_the_pages_agree_with_a_recount_from_the_raw_rows(
    demo: Municipality, client: Client
) -> None:
    """One demo for all three checks: building it is the slow part."""
    count_week_agrees(demo)
    support_agrees(demo)
    pages_open(demo, client)


def count_week_agrees(demo: Municipality) -> None:
    for week in (default_week(TODAY), Week(2026, 30), Week(2024, 6)):
        result = count_week(demo.pk, week, today=TODAY)
        expected = recount(demo, week)
        assert {c.citizen_id: c.situation for c in result.counted} == expected
        assert result.total > 10, "the demo has people in homelessness in the week"
        # The missing answers the raw rows give.
        counted = {c.citizen_id: c for c in result.counted}
        people = Citizen.objects.in_bulk(list(counted))
        with_income = set(
            IncomeSource.objects.filter(citizen_id__in=counted, valid_from__lt=week.end)
            .exclude(valid_to__lte=week.start)
            .values_list("citizen_id", flat=True)
        )
        households = set(Household.objects.values_list("citizen_id", flat=True))
        for pk, c in counted.items():
            if people[pk].erased_on is not None:  # nothing left to complete
                assert c.missing == ()
                continue
            assert ("gender" in c.missing) == (people[pk].gender == Gender.UNKNOWN)
            assert ("age" in c.missing) == (people[pk].birth_date is None)
            assert ("income" in c.missing) == (pk not in with_income)
            assert ("children" in c.missing) == (pk not in households)
            assert ("situation" in c.missing) == (expected[pk] is None)


def support_agrees(demo: Municipality) -> None:
    courses = list(
        SupportCourse.objects.filter(citizen_id__in=ids_of(demo), kind__in=METHODS).values()
    )
    persons: dict[tuple[int, str], set[int]] = defaultdict(set)
    for c in courses:
        day = c["start"]
        stop = min(c["end"] or TODAY, TODAY)
        while day < stop:
            persons[day.year, c["kind"]].add(c["citizen_id"])
            if c["kind"] != "sel85":
                persons[day.year, ALL_HOUSING_FIRST].add(c["citizen_id"])
            day += timedelta(days=1)
    years = per_year(demo.pk, today=TODAY)
    assert sum(y.persons["cti"] for y in years) > 0, "the demo has CTI courses"
    for y in years:
        for key, count in y.persons.items():
            assert count == len(persons[y.year, key]), (y.year, key)

    months = caseload_by_month(demo.pk, 2026, today=TODAY)
    assert len(months) == 11
    for month in months:
        per_worker: dict[tuple[str, int], set[int]] = defaultdict(set)
        for c in courses:
            open_then = c["start"] <= month.day and (c["end"] is None or month.day < c["end"])
            if open_then and c["worker_id"] is not None:
                per_worker[c["kind"], c["worker_id"]].add(c["citizen_id"])
        for cell in month.methods:
            sizes = [len(v) for (kind, _w), v in per_worker.items() if kind == cell.method]
            assert (cell.workers, cell.citizens, cell.largest) == (
                len(sizes),
                sum(sizes),
                max(sizes, default=0),
            ), (month.month, cell.method)


def pages_open(demo: Municipality, client: Client) -> None:
    for username in ("raadgiver", "leder", "oekonomi"):
        client.force_login(User.objects.get(username=username))
        for url in (
            "/statistik/optaelling/",
            "/statistik/stoette/",
            "/statistik/optaelling/regneark/",
        ):
            assert client.get(url).status_code == 200, (username, url)

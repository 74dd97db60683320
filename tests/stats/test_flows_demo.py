"""The list over time on the small demo, checked against a recomputation from the raw rows.

The recomputation shares no code with ``stats.flows``: a month's inflow and outflow are the raw
entries and exits dated in it, by reason; a citizen is on the list at a day's end when the last
of their raw events up to that day is an entry; their time in homelessness is the number of
distinct dates their situations cover; their age is the birthdays passed, each the anniversary of
``rules.dates.add_months`` (29 February's is 1 March in other years).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from pytest_django.fixtures import Settings

from hjemvej.accounts.policy import municipality_citizens
from hjemvej.citizens.models import ByNameListEvent, HomelessnessSituation, ListEventKind
from hjemvej.demo import common
from hjemvej.rules.dates import add_months, month_start_plus
from hjemvej.rules.parameters import default_parameters
from hjemvej.stats.flows.selectors import list_flows
from tests import demo_copy, factories

pytestmark = pytest.mark.django_db

BUILT_ON = factories.TODAY  # 21.11.2026: the demo's "today"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Settings) -> None:
    """Hash the demo passwords quickly here; argon2 costs half a second a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def age(born: date, day: date) -> int:
    """Return the birthdays passed by the day, each the anniversary of ``rules.dates``."""
    years = 0
    while add_months(born, 12 * (years + 1)) <= day:
        years += 1
    return years


def band_of(years: int | None) -> str:
    if years is None:
        return "unknown"
    for low, high, key in ((0, 18, "under_18"), (18, 25, "18_24"), (25, 30, "25_29")):
        if low <= years < high:
            return key
    return "60_plus" if years >= 60 else f"{years // 10 * 10}_{years // 10 * 10 + 9}"


def test_every_month_agrees_with_the_raw_events() -> None:
    demo_copy.small_demo()  # built on BUILT_ON with the logins
    municipality = common.demo_municipality()
    assert municipality is not None
    citizens = municipality_citizens(municipality.pk)
    events = list(
        ByNameListEvent.objects.filter(citizen__acting_municipality=municipality).values_list(
            "citizen_id", "date", "id", "kind", "reason"
        )
    )
    first = min(day for _, day, _, _, _ in events).replace(day=1)
    result = list_flows(citizens, first=first, last=BUILT_ON, as_of=BUILT_ON)
    assert result.ignored == 0

    days_of: dict[int, set[date]] = defaultdict(set)
    spans: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for citizen_id, start, end, kind in HomelessnessSituation.objects.filter(
        citizen__acting_municipality=municipality
    ).values_list("citizen_id", "start", "end", "situation"):
        spans[citizen_id].append((start, end, kind))
        day = start
        while day < (end or BUILT_ON + timedelta(days=1)):
            days_of[citizen_id].add(day)
            day += timedelta(days=1)
    births = dict(citizens.values_list("pk", "birth_date"))
    limit = 183  # rules/params/homelessness.yaml, in force all the demo's years
    assert default_parameters().at("homelessness.long_term.days", BUILT_ON).value == limit

    month = first
    for row in result.months:
        assert row.month == month
        last = min(month_start_plus(month, 1) - timedelta(days=1), BUILT_ON)
        inside = [e for e in events if month <= e[1] <= last]
        entered = Counter(r for _, _, _, k, r in inside if k == ListEventKind.ENTERED)
        left = Counter(r for _, _, _, k, r in inside if k == ListEventKind.LEFT)
        assert {k: v for k, v in row.entered.items() if v} == dict(entered), month
        assert {k: v for k, v in row.left.items() if v} == dict(left), month

        def on_list(end_of: date) -> set[int]:
            latest: dict[int, tuple[date, int, str]] = {}
            for citizen_id, day, pk, kind, _ in events:
                if day <= end_of and (day, pk) > latest.get(citizen_id, (date.min, 0, ""))[:2]:
                    latest[citizen_id] = (day, pk, kind)
            return {c for c, (_, _, kind) in latest.items() if kind == ListEventKind.ENTERED}

        at_end = on_list(last)
        assert row.on_list_start == len(on_list(month - timedelta(days=1))), month
        assert row.on_list_end == len(at_end), month
        long_term = {c for c in at_end if sum(d <= last for d in days_of[c]) > limit}
        assert row.long_term_end == len(long_term), month
        situations = Counter(
            next(
                (k for s, e, k in sorted(spans[c], reverse=True) if s <= last < (e or date.max)),
                "none",
            )
            for c in at_end
        )
        assert {k: v for k, v in row.by_situation.items() if v} == dict(situations), month
        ages = Counter(band_of(age(born, last) if (born := births[c]) else None) for c in at_end)
        assert {k: v for k, v in row.by_age.items() if v} == dict(ages), month
        month = month_start_plus(month, 1)

    # The demo moves: people come, are housed, come back; the check is not of empty months.
    assert sum(m.inflow for m in result.months) > 100
    assert sum(m.left["housed"] for m in result.months) > 20
    assert sum(m.entered["returned_from_housing"] for m in result.months) > 0
    assert sum(m.long_term_end for m in result.months) > 0

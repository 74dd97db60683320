"""The outcome measures on the small demo agree with a recomputation from the raw records.

The recomputation below reads the tables row by row and counts days as sets of dates, with its
own month arithmetic; it shares no code with ``hjemvej.stats.outcomes`` but the definitions of
docs/statistics.md ("Outcome measures").
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from hjemvej.citizens.models import ByNameListEvent, Citizen, HomelessnessSituation
from hjemvej.demo import build as demo_package
from hjemvej.demo.common import DEMO_CODE
from hjemvej.housing.models import HousingOffer, Tenancy
from hjemvej.shelters.models import Stay
from hjemvej.stats.outcomes import Result, results
from hjemvej.support.models import SupportCourse

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 21)
YEARS = (2023, 2024, 2025, 2026)
METHODS = ("cti", "icm", "act", "m_act", "sel85")


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def months_later(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative); a missing day: the next 1st."""
    year = day.year + (day.month - 1 + months) // 12
    month = (day.month - 1 + months) % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:
        following = date(year + month // 12, month % 12 + 1, 1)
        return following


def months_back(day: date, months: int) -> date:
    """The same day ``months`` earlier; a missing day: the month's last (never after ``day``)."""
    year = day.year + (day.month - 1 - months) // 12
    month = (day.month - 1 - months) % 12 + 1
    while True:
        try:
            return date(year, month, day.day)
        except ValueError:
            day = day - timedelta(days=1)


def one_decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def pct(count: int, base: int) -> Decimal | None:
    return one_decimal(Decimal(100 * count) / base) if base else None


def days_between(start: date, end: date) -> set[date]:
    return {start + timedelta(days=n) for n in range((end - start).days)}


class Raw:
    """The demo municipality's rows, read plainly, before the as-of day."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        mine = {"citizen__acting_municipality__code": DEMO_CODE, "citizen__merged_into": None}
        self.situations: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
        for situation in HomelessnessSituation.objects.filter(**mine).values():
            if situation["start"] < as_of:
                end = situation["end"]
                known = end if end is not None and end < as_of else None
                self.situations[situation["citizen_id"]].append((situation["start"], known))
        self.events: list[dict[str, Any]] = sorted(
            (dict(e) for e in ByNameListEvent.objects.filter(**mine).values()),
            key=lambda e: (e["date"], e["id"]),
        )
        self.events = [e for e in self.events if e["date"] < as_of]
        self.stays: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for stay in Stay.objects.filter(**mine, stay_type="stay").values():
            if stay["admitted"] < as_of:
                out = stay["discharged"]
                known = out if out is not None and out < as_of else None
                self.stays[stay["citizen_id"]].append({**stay, "discharged": known})
        offered = {
            o["id"]: o["offered_on"] for o in HousingOffer.objects.values("id", "offered_on")
        }
        self.tenancies: dict[int, list[dict[str, Any]]] = defaultdict(list)
        columns = ("citizen_id", "move_in", "move_out", "offer_id", "dwelling__kind")
        for tenancy in Tenancy.objects.filter(**mine).values(*columns):
            if tenancy["move_in"] < as_of and tenancy["dwelling__kind"] != "transitional":
                row = {**tenancy, "offered": offered.get(tenancy["offer_id"])}
                self.tenancies[tenancy["citizen_id"]].append(row)
        self.offers: dict[int, list[date]] = defaultdict(list)
        for offer in HousingOffer.objects.filter(**mine).values():
            if offer["offered_on"] < as_of:
                self.offers[offer["citizen_id"]].append(offer["offered_on"])
        courses = SupportCourse.objects.filter(**mine).values()
        self.courses: list[dict[str, Any]] = [dict(c) for c in courses if c["start"] < as_of]

    def homeless_days(self, citizen: int, before: date) -> set[date]:
        days: set[date] = set()
        for start, end in self.situations[citizen]:
            days |= days_between(start, min(end or before, before))
        return days


#: A figure as compared: value, count, base.
Row = tuple[Any, Any, int]


def figures(result: Result) -> dict[str, Row]:
    return {f.group: (f.value, f.count, f.base) for f in result.figures}


def recomputed_time(raw: Raw, year: int) -> dict[str, Row]:
    start, stop = date(year, 1, 1), min(date(year + 1, 1, 1), raw.as_of)
    in_year, total = [], []
    for citizen in raw.situations:
        days = raw.homeless_days(citizen, stop)
        counted = [d for d in days if d >= start]
        if counted:
            in_year.append(len(counted))
            total.append(len(days))
    n = len(in_year)

    def avg(values: list[int]) -> Decimal | None:
        return one_decimal(Decimal(sum(values)) / n) if n else None

    def mid(values: list[int]) -> Decimal | None:
        return one_decimal(Decimal(str(statistics.median(values)))) if n else None

    return {
        "mean_year": (avg(in_year), n, n),
        "median_year": (mid(in_year), n, n),
        "mean_total": (avg(total), n, n),
        "median_total": (mid(total), n, n),
    }


def in_year(day: date, year: int, as_of: date) -> bool:
    return date(year, 1, 1) <= day < min(date(year + 1, 1, 1), as_of)


def recomputed_exits(raw: Raw, year: int) -> dict[str, Row]:
    last: dict[int, str] = {}
    for event in raw.events:
        if event["kind"] == "left" and in_year(event["date"], year, raw.as_of):
            last[event["citizen_id"]] = event["reason"]
    housed = sum(reason == "housed" for reason in last.values())
    return {"housed": (pct(housed, len(last)), housed, len(last))}


def recomputed_returns(raw: Raw, year: int, *, shelter: bool) -> dict[str, Row]:
    cohort = {}
    for citizen, tenancies in raw.tenancies.items():
        moves = sorted(t["move_in"] for t in tenancies if in_year(t["move_in"], year, raw.as_of))
        if moves:
            cohort[citizen] = moves[0]
    out: dict[str, Row] = {}
    for months in (6, 12, 24):
        followed = months_later(date(year, 12, 31), months) <= raw.as_of
        count = 0
        for citizen, moved in cohort.items():
            later = [s["admitted"] for s in raw.stays[citizen]]
            if not shelter:
                later += [start for start, _ in raw.situations[citizen]]
            back = [d for d in later if d > moved]
            if back and min(back) < months_later(moved, months):
                count += 1
        if followed and date(year + 1, 1, 1) <= raw.as_of:
            out[str(months)] = (pct(count, len(cohort)), count, len(cohort))
        else:
            out[str(months)] = (None, None, len(cohort))
    return out


def recomputed_kept(raw: Raw, year: int) -> dict[str, Row]:
    first: dict[tuple[int, str], date] = {}
    for course in sorted(raw.courses, key=lambda c: c["start"]):
        if course["kind"] in METHODS and in_year(course["start"], year, raw.as_of):
            first.setdefault((course["citizen_id"], course["kind"]), course["start"])
    earliest: dict[int, tuple[date, int]] = {}
    for (citizen, kind), start in first.items():
        earliest[citizen] = min(earliest.get(citizen, (date.max, 9)), (start, METHODS.index(kind)))
    ready = months_later(date(year, 12, 31), 12) < raw.as_of
    counts: dict[str, int] = defaultdict(int)
    bases: dict[str, int] = defaultdict(int)
    for (citizen, kind), start in first.items():
        groups = [kind] + (["all"] if earliest[citizen] == (start, METHODS.index(kind)) else [])
        day = months_later(start, 12)
        housed = any(
            t["move_in"] <= day and (t["move_out"] is None or day < t["move_out"])
            for t in raw.tenancies[citizen]
        )
        homeless = day in raw.homeless_days(citizen, day + timedelta(days=1))
        for group in groups:
            bases[group] += 1
            counts[group] += housed and not homeless
    return {
        g: (pct(counts[g], bases[g]), counts[g], bases[g]) if ready else (None, None, bases[g])
        for g in (*METHODS, "all")
    }


def recomputed_first_time(raw: Raw, year: int) -> dict[str, Row]:
    entered: dict[int, date] = {}
    for event in raw.events:
        if event["kind"] == "entered" and in_year(event["date"], year, raw.as_of):
            entered.setdefault(event["citizen_id"], event["date"])
    first = 0
    for citizen, day in entered.items():
        window = days_between(months_back(day, 24), day)
        nights: set[date] = set()
        for stay in raw.stays[citizen]:
            end = stay["discharged"] or day
            nights |= days_between(stay["admitted"], max(end, stay["admitted"] + timedelta(days=1)))
        if not (raw.homeless_days(citizen, day) | nights) & window:
            first += 1
    return {"first_time": (pct(first, len(entered)), first, len(entered))}


def recomputed_agreement(raw: Raw, year: int) -> dict[str, Row]:
    ended = [
        s
        for stays in raw.stays.values()
        for s in stays
        if s["discharged"] is not None and in_year(s["discharged"], year, raw.as_of)
    ]
    known = [s for s in ended if s["exit_reason"] not in ("", "unknown")]
    agreed = sum(s["exit_reason"] == "agreement" for s in known)
    unknown = len(ended) - len(known)
    return {
        "agreement": (pct(agreed, len(known)), agreed, len(known)),
        "unknown": (pct(unknown, len(ended)), unknown, len(ended)),
    }


def durations(days: Iterable[int]) -> dict[str, Row]:
    values = list(days)
    n = len(values)
    mean = one_decimal(Decimal(sum(values)) / n) if n else None
    mid = one_decimal(Decimal(str(statistics.median(values)))) if n else None
    return {"mean_days": (mean, n, n), "median_days": (mid, n, n)}


def recomputed_to_offer(raw: Raw, year: int) -> dict[str, Row]:
    days = []
    for citizen, stays in raw.stays.items():
        for stay in stays:
            during = sorted(
                o
                for o in raw.offers[citizen]
                if stay["admitted"] <= o
                and (stay["discharged"] is None or o <= stay["discharged"])
                and not any(s["admitted"] > stay["admitted"] and s["admitted"] <= o for s in stays)
            )
            if during and in_year(during[0], year, raw.as_of):
                days.append((during[0] - stay["admitted"]).days)
    return durations(days)


def recomputed_to_move_in(raw: Raw, year: int) -> dict[str, Row]:
    return durations(
        (t["move_in"] - t["offered"]).days
        for tenancies in raw.tenancies.values()
        for t in tenancies
        if t["offered"] is not None and in_year(t["move_in"], year, raw.as_of)
    )


def test_the_measures_agree_with_a_recomputation_from_the_raw_records() -> None:
    demo_package.create(today=TODAY, citizens=80, allow_demo_users=True, say=lambda _: None)
    municipality = Citizen.objects.filter(acting_municipality__code=DEMO_CODE).first()
    assert municipality is not None
    raw = Raw(TODAY)
    compared = 0
    for year in YEARS:
        found = results(municipality.acting_municipality_id, year=year, as_of=TODAY)
        expected = {
            "time_homeless": recomputed_time(raw, year),
            "exits_housing": recomputed_exits(raw, year),
            "returns_any": recomputed_returns(raw, year, shelter=False),
            "returns_shelter": recomputed_returns(raw, year, shelter=True),
            "housing_kept": recomputed_kept(raw, year),
            "first_time": recomputed_first_time(raw, year),
            "stays_by_agreement": recomputed_agreement(raw, year),
            "admission_to_offer": recomputed_to_offer(raw, year),
            "offer_to_move_in": recomputed_to_move_in(raw, year),
        }
        for key, figures_expected in expected.items():
            assert figures(found[key]) == figures_expected, (year, key)
            compared += sum(base > 0 for _, _, base in figures_expected.values())
    # The demo has something behind most figures: the agreement is not one of empty sets.
    assert compared > 60

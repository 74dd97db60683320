"""Measure two pages in one database, in a process of its own (``benchmarks.bench_pages`` runs it).

Usage: ``python -m benchmarks.pages_worker --database-url URL [--runs 15] [--warmup 3]``.
Sets ``DATABASE_URL`` before Django starts, logs in as ``raadgiver`` with the test ``Client`` (in
process: server side only, no network), and prints one JSON object: per page its status, the
median and all times in milliseconds, and the number of queries of one request.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

USERNAME = "raadgiver"


def _measure(client: Any, url: str, runs: int, warmup: int) -> dict[str, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the log is cleared at the start of every later request
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return {
        "url": url,
        "status": response.status_code,
        "queries": queries,
        "median_ms": statistics.median(times),
        "times_ms": [round(t, 2) for t in times],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the by-name list's first page and a citizen page; print JSON."""
    parser = argparse.ArgumentParser(description="Mål to sider i én database.")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args(argv)

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "hjemvej.settings"
    os.environ["HJEMVEJ_ALLOWED_HOSTS"] = "testserver"  # the test Client's host name
    os.environ.pop("HJEMVEJ_DEBUG", None)  # measure as served: DEBUG off
    import django

    django.setup()
    from django.db.models import Count, Q
    from django.test import Client

    from hjemvej.accounts.models import User
    from hjemvej.citizens.models import Citizen

    user = User.objects.get(username=USERNAME)
    # A citizen with several stays, support and contacts: the first such of the municipality.
    citizen = (
        Citizen.objects.filter(acting_municipality=user.municipality, merged_into__isnull=True)
        .annotate(
            n_stays=Count("stays", distinct=True),
            n_courses=Count("courses", distinct=True),
            n_contacts=Count("contacts", distinct=True),
        )
        .filter(Q(n_stays__gte=3) & Q(n_stays__lte=6), n_courses__gte=1, n_contacts__gte=2)
        .order_by("pk")
        .first()
    )
    if citizen is None:
        print(json.dumps({"error": "ingen borger med 3–6 ophold, et forløb og kontakter"}))
        return 1
    client = Client()
    client.force_login(user)
    result = {
        "citizens": Citizen.objects.filter(acting_municipality=user.municipality).count(),
        "citizen_id": citizen.pk,
        "citizen_stays": citizen.n_stays,
        "list": _measure(client, "/borgere/", args.runs, args.warmup),
        "detail": _measure(client, f"/borgere/{citizen.pk}/", args.runs, args.warmup),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

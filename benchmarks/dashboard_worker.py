"""Measure the economy dashboard and the council report in one database, in a process of its own.

Usage: ``python -m benchmarks.dashboard_worker --database-url URL [--runs 7] [--warmup 2]``.
Sets ``DATABASE_URL`` before Django starts, logs in as ``leder`` (a manager) with the test
``Client`` (server side, no network), and prints one JSON object: the dashboard's status, median
and all times in milliseconds and its number of queries, and the time of one council report as
PDF and as xlsx (whole report: figures, § 176 a, budget, forecast, scenarios, charts).
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

USERNAME = "leder"


def _dashboard(client: Any, runs: int, warmup: int) -> dict[str, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/oekonomi/"
    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)
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


def _report(client: Any, year: int, fmt: str) -> dict[str, object]:
    url = f"/oekonomi/rapport/{year}/{fmt}/"
    start = time.perf_counter()
    response = client.get(url)
    return {
        "url": url,
        "status": response.status_code,
        "ms": (time.perf_counter() - start) * 1000,
        "bytes": len(response.content),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the dashboard (median of runs) and one report of each format; print JSON."""
    parser = argparse.ArgumentParser(description="Mål økonomisiden og rapporten i én database.")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args(argv)

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "hjemvej.settings"
    os.environ["HJEMVEJ_ALLOWED_HOSTS"] = "testserver"
    os.environ.pop("HJEMVEJ_DEBUG", None)
    import django

    django.setup()
    from django.test import Client

    from hjemvej.accounts.models import User
    from hjemvej.core import dates
    from hjemvej.shelters.models import Stay

    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        print(json.dumps({"error": f"brugeren '{USERNAME}' findes ikke"}))
        return 1
    client = Client()
    client.force_login(user)
    year = dates.today().year - 1
    result = {
        "stays": Stay.objects.filter(citizen__acting_municipality=user.municipality).count(),
        "dashboard": _dashboard(client, args.runs, args.warmup),
        "report_pdf": _report(client, year, "pdf"),
        "report_xlsx": _report(client, year, "xlsx"),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

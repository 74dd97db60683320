"""Measure the economy dashboard and the council report in one database, in a process of its own.

Usage: ``python -m benchmarks.dashboard_worker --database-url URL [--runs 7] [--warmup 2]``.
Sets ``DATABASE_URL`` before Django starts, logs in as ``leder`` (a manager) with the test
``Client`` (server side, no network), and prints one JSON object: the dashboard's status, median
and all times in milliseconds and its number of queries, and the time of one council report as
PDF and as xlsx (whole report: figures, § 176 a, budget, forecast, scenarios, charts).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from benchmarks.worker_common import fail, page_with_queries, setup_worker

USERNAME = "leder"


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
    args = setup_worker(argv, "Mål økonomisiden og rapporten i én database.", runs=7, warmup=2)
    from django.test import Client

    from hjemvej.accounts.models import User
    from hjemvej.core import dates
    from hjemvej.shelters.models import Stay

    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        return fail(f"brugeren '{USERNAME}' findes ikke")
    client = Client()
    client.force_login(user)
    year = dates.today().year - 1
    result = {
        "stays": Stay.objects.filter(citizen__acting_municipality=user.municipality).count(),
        "dashboard": page_with_queries(client, "/oekonomi/", args.runs, args.warmup),
        "report_pdf": _report(client, year, "pdf"),
        "report_xlsx": _report(client, year, "xlsx"),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure the forecast and budget pages in one database, in a process of its own.

Usage: ``python -m benchmarks.forecast_worker --database-url URL [--runs 5] [--warmup 1]``.
Sets ``DATABASE_URL`` before Django starts, then as the economist ``oekonomi`` (server side, the
test ``Client``, no network) times ``forecast_for`` alone and the pages ``/oekonomi/prognose/``,
the chart and ``/oekonomi/budget/``; prints one JSON object with medians in milliseconds, each
page's status, and checks: the same seed gives the same forecast, and P10 ≤ P50 ≤ P90.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Sequence
from typing import Any

from benchmarks.worker_common import fail, setup_worker, times_ms

USERNAME = "oekonomi"


def _page(client: Any, url: str, runs: int, warmup: int) -> dict[str, object]:
    status = client.get(url).status_code
    times = times_ms(lambda: client.get(url), runs, warmup)
    return {"url": url, "status": status, "median_ms": statistics.median(times)}


def main(argv: Sequence[str] | None = None) -> int:
    """Time the forecast and the budget pages; print JSON."""
    args = setup_worker(argv, "Mål prognose- og budgetsiderne i én database.", runs=5, warmup=1)
    from django.test import Client

    from hjemvej.accounts.models import User
    from hjemvej.core.dates import today
    from hjemvej.economy.budgets.results import ForecastMonth, ForecastYear
    from hjemvej.economy.budgets.selectors import forecast_for

    user = User.objects.filter(username=USERNAME).first()
    if user is None or user.municipality_id is None:
        return fail(f"brugeren {USERNAME} findes ikke eller har ingen kommune")
    municipality = user.municipality_id
    as_of = today()
    result = forecast_for(municipality, as_of)
    again = forecast_for(municipality, as_of)
    rows: list[ForecastMonth | ForecastYear] = [*result.months, *result.year_bands]
    ordered = all(
        row.band(m).p10 <= row.band(m).p50 <= row.band(m).p90
        for row in rows
        for m in ("full_year_persons", "full_year_persons_external", "gross_cost", "net_cost")
    )
    selector = times_ms(lambda: forecast_for(municipality, as_of), args.runs, args.warmup)
    client = Client()
    client.force_login(user)
    print(
        json.dumps(
            {
                "open_stays": result.basis.open_stays if result.basis else 0,
                "admissions_per_month": str(result.basis.admissions_per_month)
                if result.basis
                else "0",
                "problem": result.problem,
                "deterministic": result == again,
                "ordered": ordered,
                "selector_ms": statistics.median(selector),
                "forecast": _page(client, "/oekonomi/prognose/", args.runs, args.warmup),
                "chart": _page(client, "/oekonomi/prognose/graf.svg", args.runs, args.warmup),
                "budget": _page(client, "/oekonomi/budget/", args.runs, args.warmup),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

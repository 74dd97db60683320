"""What the measuring workers share: their arguments, Django on one database, timing a page.

A worker (``python -m benchmarks.<name>_worker --database-url URL [--runs N] [--warmup N]``) runs
in a process of its own so that ``DATABASE_URL`` is set before Django starts. It prints one JSON
object, or ``{"error": …}`` and exits 1 (:func:`benchmarks.common.run_worker` reads either).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from collections.abc import Callable, Sequence
from typing import Any

from benchmarks.registry import timings


def setup_worker(
    argv: Sequence[str] | None, description: str, *, runs: int, warmup: int
) -> argparse.Namespace:
    """Read the worker's arguments and set Django up on the database they name, DEBUG off."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--warmup", type=int, default=warmup)
    args = parser.parse_args(argv)

    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "hjemvej.settings"
    os.environ["HJEMVEJ_ALLOWED_HOSTS"] = "testserver"  # the test Client's host name
    os.environ.pop("HJEMVEJ_DEBUG", None)  # measure as served: DEBUG off
    import django

    django.setup()
    return args


def times_ms(function: Callable[[], object], runs: int, warmup: int = 0) -> list[float]:
    """Return the wall times in milliseconds of ``runs`` calls after ``warmup`` calls."""
    return [seconds * 1000 for seconds in timings(function, runs, warmup)]


def page_with_queries(client: Any, url: str, runs: int, warmup: int) -> dict[str, object]:
    """Time a page after a warm-up; count one request's queries and the page's bytes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the log is cleared at the start of every later request
    times = times_ms(lambda: client.get(url), runs)
    return {
        "url": url,
        "status": response.status_code,
        "queries": queries,
        "bytes": len(response.content),
        "median_ms": statistics.median(times),
        "times_ms": [round(t, 2) for t in times],
    }


def fail(message: str) -> int:
    """Print the worker's error for the benchmark to report; return the exit code."""
    print(json.dumps({"error": message}))
    return 1

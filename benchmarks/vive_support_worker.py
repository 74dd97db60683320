"""Measure VIVE's count week and support in numbers, in a process of its own.

Usage: ``python -m benchmarks.vive_support_worker --database-url URL [--runs 5] [--warmup 1]``.
Sets ``DATABASE_URL`` before Django starts and, with the test ``Client`` (in process: server side
only), times each page after a warm-up (median), counts one request's queries and bytes, and
prints one JSON object: the count week page (its default week) as ``raadgiver`` and as
``oekonomi``, its xlsx, and ``/statistik/stoette/``, with the number of citizens counted.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from benchmarks.worker_common import fail, page_with_queries, setup_worker


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the pages; print JSON."""
    args = setup_worker(argv, "Mål VIVE's tælleuge og støtte i tal.", runs=5, warmup=1)
    from django.test import Client
    from django.urls import reverse

    from hjemvej.accounts.models import User
    from hjemvej.core import dates
    from hjemvej.stats.count_week import count_week, default_week

    users = {u.username: u for u in User.objects.filter(username__in=["raadgiver", "oekonomi"])}
    if len(users) < 2:
        return fail("demobrugerne raadgiver og oekonomi findes ikke")

    def client_of(username: str) -> Client:
        client = Client()
        client.force_login(users[username])
        return client

    case_worker, economist = client_of("raadgiver"), client_of("oekonomi")
    municipality_id = users["raadgiver"].municipality_id
    assert municipality_id is not None
    today = dates.today()
    result: dict[str, object] = {
        "counted": count_week(municipality_id, default_week(today), today=today).total,
        "count_week": page_with_queries(
            case_worker, reverse("stats:count_week"), args.runs, args.warmup
        ),
        "count_week_economist": page_with_queries(
            economist, reverse("stats:count_week"), args.runs, args.warmup
        ),
        "count_week_xlsx": page_with_queries(
            economist, reverse("stats:count_week_xlsx"), args.runs, args.warmup
        ),
        "support": page_with_queries(economist, reverse("stats:support"), args.runs, args.warmup),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

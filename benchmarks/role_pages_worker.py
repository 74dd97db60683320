"""Measure the start pages, a busy shelter's page and the alerts, in a process of its own.

Usage: ``python -m benchmarks.role_pages_worker --database-url URL [--runs 15] [--warmup 3]``.
Sets ``DATABASE_URL`` before Django starts and, with the test ``Client`` (in process: server side
only, no network), times each page as served after a warm-up (median), counts one request's
queries and bytes, and prints one JSON object. The pages: the start page ``/`` of each role's demo
user (``raadgiver``, ``boform``, ``bostoette``, ``leder``, ``oekonomi``), the page of the shelter
with the most stays (as ``raadgiver``, who sees the municipality's citizens by name), and the
reimbursement alerts (as ``raadgiver``). A start page is also timed once as a first load (the
cache cleared: the § 177 days the task engine keeps ten minutes are counted anew).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence

from benchmarks.worker_common import fail, page_with_queries, setup_worker

CASE_WORKER = "raadgiver"
#: The start page's demo user of each role.
START_USERS = {
    "start_case_worker": "raadgiver",
    "start_shelter_staff": "boform",
    "start_support_worker": "bostoette",
    "start_manager": "leder",
    "start_economist": "oekonomi",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the start pages, the busiest shelter's page and the alerts; print JSON."""
    args = setup_worker(argv, "Mål startsiderne, en boform og varslerne.", runs=15, warmup=3)
    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from hjemvej.accounts.models import User
    from hjemvej.shelters.models import Shelter

    users = {u.username: u for u in User.objects.filter(username__in=START_USERS.values())}
    missing = sorted(set(START_USERS.values()) - set(users))
    if missing:
        return fail(f"demobrugerne findes ikke: {', '.join(missing)}")
    shelter = Shelter.objects.annotate(n=Count("stays")).order_by("-n", "pk").first()
    if shelter is None:
        return fail("ingen boform")

    def client_of(username: str) -> Client:
        client = Client()
        client.force_login(users[username])
        return client

    result: dict[str, object] = {"shelter_id": shelter.pk, "shelter_stays": shelter.n}
    case_worker = client_of(CASE_WORKER)
    result["shelter"] = page_with_queries(
        case_worker, reverse("shelters:detail", args=[shelter.pk]), args.runs, args.warmup
    )
    result["alerts"] = page_with_queries(
        case_worker, reverse("economy:alerts"), args.runs, args.warmup
    )
    for key, username in START_USERS.items():
        client = client_of(username)
        cache.clear()
        start = time.perf_counter()
        first = client.get("/")
        first_ms = (time.perf_counter() - start) * 1000
        page = page_with_queries(client, "/", args.runs, args.warmup)
        page["first_load_ms"] = first_ms if first.status_code == 200 else None
        result[key] = page
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

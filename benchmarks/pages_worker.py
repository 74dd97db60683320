"""Measure two pages in one database, in a process of its own (``benchmarks.bench_pages`` runs it).

Usage: ``python -m benchmarks.pages_worker --database-url URL [--runs 15] [--warmup 3]``.
Sets ``DATABASE_URL`` before Django starts, logs in as ``raadgiver`` with the test ``Client`` (in
process: server side only, no network), and prints one JSON object: per page its status, the
median and all times in milliseconds, and the number of queries of one request.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from benchmarks.worker_common import fail, page_with_queries, setup_worker

USERNAME = "raadgiver"

if TYPE_CHECKING:
    from hjemvej.accounts.models import User
    from hjemvej.citizens.models import Citizen


def busy_citizen(user: User) -> Citizen | None:
    """Return the first citizen of the user's municipality with 3–6 stays, a course and contacts.

    The citizen page measured here and by :mod:`benchmarks.throughput_worker`.
    """
    from django.db.models import Count, Q

    from hjemvej.citizens.models import Citizen

    return (
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


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the by-name list's first page (also filtered) and a citizen page; print JSON."""
    args = setup_worker(argv, "Mål to sider i én database.", runs=15, warmup=3)
    from django.test import Client

    from hjemvej.accounts.models import User
    from hjemvej.citizens.models import Citizen

    user = User.objects.get(username=USERNAME)
    citizen = busy_citizen(user)
    if citizen is None:
        return fail("ingen borger med 3–6 ophold, et forløb og kontakter")
    client = Client()
    client.force_login(user)
    result = {
        "citizens": Citizen.objects.filter(acting_municipality=user.municipality).count(),
        "citizen_id": citizen.pk,
        "citizen_stays": citizen.stays.count(),
        "list": page_with_queries(client, "/borgere/", args.runs, args.warmup),
        "list_situation": page_with_queries(
            client, "/borgere/?situation=street", args.runs, args.warmup
        ),
        "list_long_term": page_with_queries(
            client, "/borgere/?long_term=on&no_contact_days=30", args.runs, args.warmup
        ),
        "detail": page_with_queries(client, f"/borgere/{citizen.pk}/", args.runs, args.warmup),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

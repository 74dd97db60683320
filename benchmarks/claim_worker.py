"""Measure the reimbursement claim and the figures page in one database (``bench_claim`` runs it).

Usage: ``python -m benchmarks.claim_worker --database-url URL [--runs 5] [--warmup 1]``.
Sets ``DATABASE_URL`` before Django starts and, as the economist ``oekonomi``:

- makes the reimbursement claim for last year (``claim_create``: the batch engine over every stay
  of the municipality, cut to the year, stored with its lines) ``runs`` times, server side;
- checks the stored claim: its totals are the sums of its lines, it is up to date, and its
  reimbursement equals the engine's per-stay figures recomputed on their own;
- serves ``/oekonomi/tal/`` (this year, with the support courses) with the test ``Client``: the
  first request on its own (cold: § 176 a computed), then ``runs`` more (the support figures of
  the same inputs are reused), and 3 times after emptying the cache (all computed, in a warm
  process), and counts its queries;

then deletes the claims it made and prints one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Sequence

from benchmarks.worker_common import fail, setup_worker, times_ms

USERNAME = "oekonomi"
FRESH_RUNS = 3


def main(argv: Sequence[str] | None = None) -> int:
    """Time the claim and the figures page; print JSON."""
    args = setup_worker(argv, "Mål refusionsopgørelsen og tal-siden.", runs=5, warmup=1)
    from datetime import date

    from django.db import connection
    from django.db.models import Sum
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hjemvej.accounts.models import User
    from hjemvej.core.dates import today
    from hjemvej.economy import selectors
    from hjemvej.economy.models import ReimbursementClaim
    from hjemvej.economy.services import claim_create
    from hjemvej.rules.parameters import default_parameters
    from hjemvej.rules.shelter import Readings, reimburse
    from hjemvej.stats.stays import load_stays

    user = User.objects.get(username=USERNAME)
    municipality = user.municipality
    if municipality is None:
        return fail(f"{USERNAME} har ingen kommune")
    on = today()
    year = on.year - 1
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    made: list[ReimbursementClaim] = []

    def make() -> None:
        made.append(
            claim_create(actor=user, municipality=municipality, start=start, end=end, today=on)
        )

    try:
        times = times_ms(make, args.runs, args.warmup)
        claim = made[-1]
        sums = claim.lines.aggregate(
            days=Sum("days"), reimbursement=Sum("reimbursement"), gross=Sum("gross_cost")
        )
        status = selectors.claim_status(claim)
        # The engine on its own: per stay up to the period's end minus up to its start gives
        # each stay's figures in the period (whole days; reimbursement within a rounding).
        stays = load_stays(municipality.pk, until=end)
        params = default_parameters()
        upto_end = reimburse(stays.table, as_of=end, params=params, readings=Readings())
        upto_start = reimburse(stays.table, as_of=start, params=params, readings=Readings())
        days = int((upto_end.days - upto_start.days).sum())
        gross = int((upto_end.gross_cost - upto_start.gross_cost).sum())
        refund = int((upto_end.reimbursement - upto_start.reimbursement).sum())
        lines = claim.lines.count()
        checks = {
            "totals_are_line_sums": sums["days"] == claim.days
            and sums["reimbursement"] == claim.reimbursement
            and sums["gross"] == claim.gross_cost,
            "up_to_date": not status.out_of_date,
            "engine_days": days == claim.days,
            "engine_gross": gross == int(claim.gross_cost * 100),
            # Each line and each per-stay result rounds once: at most half an øre apart per line.
            "engine_reimbursement": abs(refund - int(claim.reimbursement * 100)) <= max(lines, 1),
        }
        claim_result = {
            "median_ms": statistics.median(times),
            "times_ms": [round(t, 1) for t in times],
            "lines": lines,
            "citizens": claim.citizens,
            "stays_in": claim.stays_in,
            "year": year,
            "reimbursement": str(claim.reimbursement),
            "checks": checks,
            "engine": {"days": days, "gross": gross, "reimbursement": refund},
            "claim": {"days": claim.days, "reimbursement": str(claim.reimbursement)},
        }
    finally:
        ReimbursementClaim.objects.filter(pk__in=[c.pk for c in made]).delete()

    client = Client()
    client.force_login(user)
    url = "/oekonomi/tal/"
    cold_start = time.perf_counter()
    client.get(url)  # the first request computes § 176 a; the same inputs again reuse it
    cold_ms = (time.perf_counter() - cold_start) * 1000
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)
    page_times = times_ms(lambda: client.get(url), args.runs)
    # The same page once more with nothing kept: every figure computed, in a warm process.
    from django.core.cache import cache

    def afresh() -> object:
        cache.clear()
        return client.get(url)

    fresh_times = times_ms(afresh, FRESH_RUNS)
    print(
        json.dumps(
            {
                "claim": claim_result,
                "figures": {
                    "url": url,
                    "status": response.status_code,
                    "queries": queries,
                    "median_ms": statistics.median(page_times),
                    "times_ms": [round(t, 1) for t in page_times],
                    "cold_ms": cold_ms,
                    "fresh_ms": statistics.median(fresh_times),
                    "fresh_times_ms": [round(t, 1) for t in fresh_times],
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

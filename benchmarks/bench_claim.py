"""Benchmark ``claim``: the reimbursement claim and the figures page on the national demo data.

Uses the demo databases of :mod:`benchmarks.common` (``hjemvej_bench`` national, about 100,000
stays in Demo Kommune, and ``hjemvej_bench_small``; made on first use, reused after that)
and measures in a process of its own (:mod:`benchmarks.claim_worker`), as the economist
``oekonomi``, server side:

- the reimbursement claim for last year computed and stored (``claim_create``: the batch engine
  over each citizen's whole history, cut to the year, every line stored), median of 5 after a
  warm-up; target under 2 s on the national data. The claim is checked against the engine's
  per-stay figures and must be up to date; the worker deletes the claims it made;
- ``/oekonomi/tal/`` (this year's figures, per month, inside/outside, per shelter, and the
  support courses with § 176 a): median of 5 after the first request (the page keeps the § 176 a
  result a few minutes for exactly the same inputs), and computed afresh with nothing kept (median
  of 3);
  both under 2 s, with the same number of queries on the national and the small data. The
  process's first request is reported too, without a target.
"""

from __future__ import annotations

import json

from benchmarks.common import DATABASES, measure_each, part, queries, served
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

TARGET_MS = 2000.0
RUNS = 5
WARMUP = 1


@benchmark("claim")
def bench_claim(ctx: Context) -> Report:
    """Time the year's reimbursement claim and the figures page (targets < 2 s each)."""
    report = Report()
    results = measure_each(ctx, report, "claim_worker", runs=RUNS, warmup=WARMUP)
    for db in DATABASES:
        target = TARGET_MS if db.label == "national" else None
        result = results.get(db.label)
        if result is None:
            report.measurements.append(Measurement(f"{db.label}: claim", None, "ms", target))
            continue
        claim = part(result, "claim")
        median = claim["median_ms"]
        assert isinstance(median, float)
        report.measurements.append(
            Measurement(
                f"{db.label}: claim for {claim['year']} computed and stored (median of {RUNS})",
                median,
                "ms",
                target,
                f"{claim['lines']} lines, {claim['citizens']} citizens",
            )
        )
        checks = claim["checks"]
        assert isinstance(checks, dict)
        for check, passed in checks.items():
            detail = (
                "" if passed else json.dumps({"engine": claim["engine"], "claim": claim["claim"]})
            )
            report.checks.append(Check(f"{db.label}: claim {check}", bool(passed), detail))
        page = part(result, "figures")
        name = f"{db.label}: {page['url']}"
        ok = served(report, name, page, runs=RUNS, target=target)
        cold, fresh = page["cold_ms"], page["fresh_ms"]
        assert isinstance(cold, float)
        assert isinstance(fresh, float)
        report.measurements.append(
            Measurement(
                f"{name} computed afresh (median of 3)",
                fresh if ok else None,
                "ms",
                target,
                "nothing kept: § 176 a computed for every course",
            )
        )
        report.measurements.append(
            Measurement(
                f"{name} first request of the process (one run)",
                cold if ok else None,
                "ms",
                None,
                "also loads templates and code",
            )
        )
        queries(report, name, page)
    if len(results) == len(DATABASES):
        national = part(results["national"], "figures")["queries"]
        small = part(results["small"], "figures")["queries"]
        report.checks.append(
            Check(
                "/oekonomi/tal/: queries national = small",
                national == small,
                "" if national == small else f"national {national}, small {small}",
            )
        )
        report.info.update(
            {
                label: {
                    "lines": part(result, "claim")["lines"],
                    "stays_in": part(result, "claim")["stays_in"],
                }
                for label, result in results.items()
            }
        )
    return report

"""Benchmark ``claim``: the reimbursement claim and the figures page on the national demo data.

Uses the demo databases of :mod:`benchmarks.bench_pages` (``hjemvej_bench`` national, about
100,000 stays in Demo Kommune, and ``hjemvej_bench_small``; made there on first use, reused here)
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
import os
import subprocess
import sys

from benchmarks.bench_pages import DATABASES, BenchError, Database, ensure_database
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

TARGET_MS = 2000.0
RUNS = 5
WARMUP = 1


def _measure(ctx: Context, db: Database) -> dict[str, object]:
    env = {**os.environ}
    env.pop("HJEMVEJ_DEBUG", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.claim_worker",
            "--database-url",
            db.url,
            "--runs",
            str(RUNS),
            "--warmup",
            str(WARMUP),
        ],
        cwd=ctx.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if not lines:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        raise BenchError(f"målingen i {db.name} fejlede (exit {done.returncode}): {tail}")
    result: dict[str, object] = json.loads(lines[-1])
    if "error" in result:
        raise BenchError(f"{db.name}: {result['error']}")
    return result


def _part(result: dict[str, object], key: str) -> dict[str, object]:
    part = result[key]
    assert isinstance(part, dict)
    return part


@benchmark("claim")
def bench_claim(ctx: Context) -> Report:
    """Time the year's reimbursement claim and the figures page (targets < 2 s each)."""
    report = Report()
    results: dict[str, dict[str, object]] = {}
    for db in DATABASES:
        try:
            ensure_database(ctx, db, report)
            results[db.label] = _measure(ctx, db)
        except BenchError as exc:
            report.checks.append(Check(f"{db.label}: data og måling", False, str(exc)))
    for db in DATABASES:
        target = TARGET_MS if db.label == "national" else None
        result = results.get(db.label)
        if result is None:
            report.measurements.append(Measurement(f"{db.label}: claim", None, "ms", target))
            continue
        claim = _part(result, "claim")
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
        for name, passed in checks.items():
            detail = (
                "" if passed else json.dumps({"engine": claim["engine"], "claim": claim["claim"]})
            )
            report.checks.append(Check(f"{db.label}: claim {name}", bool(passed), detail))
        page = _part(result, "figures")
        served = page["status"] == 200
        report.checks.append(
            Check(
                f"{db.label}: {page['url']} svarer 200",
                served,
                "" if served else f"HTTP {page['status']}",
            )
        )
        page_median = page["median_ms"]
        assert isinstance(page_median, float)
        report.measurements.append(
            Measurement(
                f"{db.label}: {page['url']} (median of {RUNS})",
                page_median if served else None,
                "ms",
                target,
            )
        )
        cold, fresh = page["cold_ms"], page["fresh_ms"]
        assert isinstance(cold, float)
        assert isinstance(fresh, float)
        report.measurements.append(
            Measurement(
                f"{db.label}: {page['url']} computed afresh (median of 3)",
                fresh if served else None,
                "ms",
                target,
                "nothing kept: § 176 a computed for every course",
            )
        )
        report.measurements.append(
            Measurement(
                f"{db.label}: {page['url']} first request of the process (one run)",
                cold if served else None,
                "ms",
                None,
                "also loads templates and code",
            )
        )
        queries = page["queries"]
        assert isinstance(queries, int)
        report.measurements.append(
            Measurement(f"{db.label}: {page['url']}: queries", float(queries), "queries")
        )
    if len(results) == len(DATABASES):
        national = _part(results["national"], "figures")["queries"]
        small = _part(results["small"], "figures")["queries"]
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
                    "lines": _part(result, "claim")["lines"],
                    "stays_in": _part(result, "claim")["stays_in"],
                }
                for label, result in results.items()
            }
        )
    return report

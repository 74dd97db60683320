"""Benchmark ``dashboard``: the managers' economy dashboard on the national demo data.

Uses the national demo database of :mod:`benchmarks.bench_pages` (``hjemvej_bench``, about
100,000 stays in Demo Kommune; made there on first use, reused here) and measures, in a process of
its own (:mod:`benchmarks.dashboard_worker`), ``/oekonomi/`` as the manager ``leder``: server side,
median of 7 after 2 warm-ups. The dashboard runs the law engine over every stay of the
municipality for this year and the three before, twice (with and without the day cap), and draws
two charts; the issue's target is under 2 s. The council report (PDF and xlsx) is timed once for
information; it has no target.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from benchmarks.bench_pages import DATABASES, BenchError, ensure_database
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

TARGET_MS = 2000.0
RUNS = 7
WARMUP = 2


def _measure(ctx: Context, url: str) -> dict[str, object]:
    env = {**os.environ}
    env.pop("HJEMVEJ_DEBUG", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.dashboard_worker",
            "--database-url",
            url,
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
        raise BenchError(f"målingen af økonomisiden fejlede (exit {done.returncode}): {tail}")
    result: dict[str, object] = json.loads(lines[-1])
    if "error" in result:
        raise BenchError(str(result["error"]))
    return result


@benchmark("dashboard")
def bench_dashboard(ctx: Context) -> Report:
    """Time the economy dashboard (target < 2 s) and the council report on national data."""
    report = Report()
    national = next(db for db in DATABASES if db.label == "national")
    try:
        ensure_database(ctx, national, report)
        result = _measure(ctx, national.url)
    except BenchError as exc:
        report.checks.append(Check("national: data og måling", False, str(exc)))
        report.measurements.append(Measurement("national: /oekonomi/", None, "ms", TARGET_MS))
        return report
    page = result["dashboard"]
    assert isinstance(page, dict)
    served = page["status"] == 200
    report.checks.append(
        Check("national: /oekonomi/ svarer 200", served, "" if served else f"HTTP {page['status']}")
    )
    median = page["median_ms"]
    assert isinstance(median, float)
    report.measurements.append(
        Measurement(
            f"national: /oekonomi/ (median of {RUNS})", median if served else None, "ms", TARGET_MS
        )
    )
    queries = page["queries"]
    assert isinstance(queries, int)
    report.measurements.append(
        Measurement("national: /oekonomi/: queries", float(queries), "queries")
    )
    for key, label in (("report_pdf", "PDF"), ("report_xlsx", "xlsx")):
        made = result[key]
        assert isinstance(made, dict)
        ok = made["status"] == 200
        report.checks.append(
            Check(
                f"national: rapport ({label}) svarer 200",
                ok,
                "" if ok else f"HTTP {made['status']}",
            )
        )
        ms = made["ms"]
        assert isinstance(ms, float)
        report.measurements.append(
            Measurement(f"national: {made['url']} (one run)", ms if ok else None, "ms")
        )
    report.info["national"] = {"database": national.name, "stays": result["stays"]}
    return report

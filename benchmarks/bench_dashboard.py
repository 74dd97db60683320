"""Benchmark ``dashboard``: the managers' economy dashboard on the national demo data.

Uses the national demo database of :mod:`benchmarks.common` (``hjemvej_bench``, about 100,000
stays in Demo Kommune; made on first use, reused after that) and measures, in a process of
its own (:mod:`benchmarks.dashboard_worker`), ``/oekonomi/`` as the manager ``leder``: server side,
median of 7 after 2 warm-ups. The dashboard runs the law engine over every stay of the
municipality for this year and the three before, twice (with and without the day cap), and draws
two charts; the issue's target is under 2 s. The council report (PDF and xlsx) is timed once for
information; it has no target.
"""

from __future__ import annotations

from benchmarks.common import NATIONAL, measure_in, part, queries, served
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

TARGET_MS = 2000.0
RUNS = 7
WARMUP = 2


@benchmark("dashboard")
def bench_dashboard(ctx: Context) -> Report:
    """Time the economy dashboard (target < 2 s) and the council report on national data."""
    report = Report()
    result = measure_in(
        ctx,
        NATIONAL,
        report,
        "dashboard_worker",
        what="målingen af økonomisiden",
        runs=RUNS,
        warmup=WARMUP,
    )
    if result is None:
        report.measurements.append(Measurement("national: /oekonomi/", None, "ms", TARGET_MS))
        return report
    page = part(result, "dashboard")
    served(report, "national: /oekonomi/", page, runs=RUNS, target=TARGET_MS)
    queries(report, "national: /oekonomi/", page)
    for key, label in (("report_pdf", "PDF"), ("report_xlsx", "xlsx")):
        made = part(result, key)
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
    report.info["national"] = {"database": NATIONAL.name, "stays": result["stays"]}
    return report

"""Benchmark ``vive_support``: VIVE's count week and support in numbers on national data.

In the national and the small demo database (:mod:`benchmarks.common`) a separate process
(:mod:`benchmarks.vive_support_worker`) times with Django's test ``Client`` (server side, median
of 5 after a warm-up) the count week page (week 6 of the latest count year) as the case worker
and as the economist, its xlsx, and support in numbers, and counts each page's queries. Target on
national data: every page under 2 s (issue 13), with as many queries as on the small demo.
"""

from __future__ import annotations

from benchmarks.common import DATABASES, measure_each, part, queries, served
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

TARGET_MS = 2000.0
RUNS = 5
WARMUP = 1
PAGES = (
    ("count_week", "/statistik/optaelling/ (raadgiver)"),
    ("count_week_economist", "/statistik/optaelling/ (oekonomi)"),
    ("count_week_xlsx", "/statistik/optaelling/regneark/"),
    ("support", "/statistik/stoette/"),
)


@benchmark("vive_support")
def bench_vive_support(ctx: Context) -> Report:
    """Time the count week, its xlsx and support in numbers on national data (< 2 s)."""
    report = Report()
    results = measure_each(ctx, report, "vive_support_worker", runs=RUNS, warmup=WARMUP)
    for db in DATABASES:
        national = db.label == "national"
        result = results.get(db.label)
        for key, path in PAGES:
            name = f"{db.label}: {path}"
            if result is None:
                report.measurements.append(
                    Measurement(name, None, "ms", TARGET_MS if national else None)
                )
                continue
            page = part(result, key)
            served(report, name, page, runs=RUNS, target=TARGET_MS if national else None)
            queries(report, name, page)
    if len(results) == len(DATABASES):
        for key, path in PAGES:
            national_count = part(results["national"], key)["queries"]
            small_count = part(results["small"], key)["queries"]
            same = national_count == small_count
            detail = "" if same else f"national {national_count} forespørgsler, small {small_count}"
            report.checks.append(Check(f"{path}: queries national = small", same, detail))
    report.info.update({label: {"counted": r["counted"]} for label, r in results.items()})
    return report

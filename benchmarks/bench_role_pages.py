"""Benchmark ``role_pages``: each role's start page, a busy shelter's page and the alerts.

In the national and the small demo database (:mod:`benchmarks.common`) a separate process
(:mod:`benchmarks.role_pages_worker`) measures with Django's test ``Client`` (server side, median
of 15 after a warm-up) and counts each page's queries: the start page ``/`` of each role's demo
user (case worker, shelter staff, support worker, manager, economist), the page of the shelter
with the most stays (about a thousand stays in its 90 days of movements on the national demo), and
the reimbursement alerts, both as the case worker. Targets on national data: every page under
200 ms, the shelter's page under 100 KB, and each page with as many queries as on the small demo.
A start page's first load (cache cleared) is reported too, without a target.
"""

from __future__ import annotations

from benchmarks.common import DATABASES, measure_each, part, queries, served
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

TARGET_MS = 200.0
SHELTER_TARGET_KB = 100.0
RUNS = 15
WARMUP = 3
PAGES = (
    ("shelter", "/boformer/<busiest>/"),
    ("alerts", "/oekonomi/varsler/"),
    ("start_case_worker", "/ (raadgiver)"),
    ("start_shelter_staff", "/ (boform)"),
    ("start_support_worker", "/ (bostoette)"),
    ("start_manager", "/ (leder)"),
    ("start_economist", "/ (oekonomi)"),
)


@benchmark("role_pages")
def bench_role_pages(ctx: Context) -> Report:
    """Time the start pages, the busiest shelter and the alerts on national data (< 200 ms)."""
    report = Report()
    results = measure_each(ctx, report, "role_pages_worker", runs=RUNS, warmup=WARMUP)
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
            ok = served(report, name, page, runs=RUNS, target=TARGET_MS if national else None)
            queries(report, name, page)
            size = page["bytes"]
            assert isinstance(size, int)
            if key == "shelter":
                report.measurements.append(
                    Measurement(
                        f"{name}: size",
                        size / 1024 if ok else None,
                        "KB",
                        SHELTER_TARGET_KB if national else None,
                        f"{result['shelter_stays']} ophold i alt",
                    )
                )
            first = page.get("first_load_ms")
            if key.startswith("start_") and isinstance(first, float):
                report.measurements.append(Measurement(f"{name}: first load", first, "ms"))
    if len(results) == len(DATABASES):
        for key, path in PAGES:
            national_count = part(results["national"], key)["queries"]
            small_count = part(results["small"], key)["queries"]
            same = national_count == small_count
            detail = "" if same else f"national {national_count} forespørgsler, small {small_count}"
            report.checks.append(Check(f"{path}: queries national = small", same, detail))
    report.info.update(
        {
            label: {"shelter": result["shelter_id"], "shelter_stays": result["shelter_stays"]}
            for label, result in results.items()
        }
    )
    return report

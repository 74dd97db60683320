"""Benchmark ``pages``: the by-name list and a citizen page with national data on PostgreSQL.

In the national and the small demo database (:mod:`benchmarks.common`: ``hjemvej_bench``, about
23,000 citizens and 100,000 stays, and ``hjemvej_bench_small``, made on first use and kept) a
separate process (:mod:`benchmarks.pages_worker`) measures ``/borgere/`` and ``/borgere/<id>/`` as
``raadgiver`` with Django's test ``Client`` (server side, median of 15 after a warm-up) and counts
each page's queries. The national pages must be served in under 200 ms, with the same number of
queries as on the small demo. The list filtered by situation and by long-term homelessness
without contact reads the stored list state (``CitizenState``) and must take under 100 ms.
"""

from __future__ import annotations

from benchmarks.common import DATABASES, measure_each, part, queries
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

TARGET_MS = 200.0
FILTERED_TARGET_MS = 100.0
RUNS = 15
WARMUP = 3
PAGES = (
    ("list", "/borgere/"),
    ("list_situation", "/borgere/?situation=street"),
    ("list_long_term", "/borgere/?long_term=on&no_contact_days=30"),
    ("detail", "/borgere/<id>/"),
)
TARGETS = {"list_situation": FILTERED_TARGET_MS, "list_long_term": FILTERED_TARGET_MS}


@benchmark("pages")
def bench_pages(ctx: Context) -> Report:
    """Time the by-name list and a citizen page on national data; compare query counts."""
    report = Report()
    results = measure_each(ctx, report, "pages_worker", runs=RUNS, warmup=WARMUP)
    for label, (key, path) in ((db.label, page) for db in DATABASES for page in PAGES):
        result = results.get(label)
        name = f"{label}: {path}"
        if result is None:
            report.measurements.append(
                Measurement(
                    name, None, "ms", TARGETS.get(key, TARGET_MS) if label == "national" else None
                )
            )
            continue
        page = part(result, key)
        status = page["status"]
        served = status == 200
        note = "" if served else f"HTTP {status}"
        if status == 501:
            note = "siden er endnu en pladsholder (HTTP 501)"
        report.checks.append(Check(f"{name} svarer 200", served, note))
        median = page["median_ms"]
        assert isinstance(median, float)
        report.measurements.append(
            Measurement(
                f"{name} (median of {RUNS})",
                median if served else None,
                "ms",
                TARGETS.get(key, TARGET_MS) if label == "national" else None,
                note,
            )
        )
        queries(report, name, page)
    if len(results) == len(DATABASES):
        for key, path in PAGES:
            national = part(results["national"], key)["queries"]
            small = part(results["small"], key)["queries"]
            same = national == small
            detail = "" if same else f"national {national} forespørgsler, small {small}"
            report.checks.append(Check(f"{path}: queries national = small", same, detail))
        report.info.update(
            {
                label: {
                    "database": next(db.name for db in DATABASES if db.label == label),
                    "citizens": result["citizens"],
                    "citizen_page": result["citizen_id"],
                    "citizen_stays": result["citizen_stays"],
                }
                for label, result in results.items()
            }
        )
    return report

"""Benchmark ``tasks``: the follow-up pages and ``hjemvej tasks`` on the national demo data.

Uses the national demo database of :mod:`benchmarks.common` (``hjemvej_bench``, about 23,000
citizens in Demo Kommune; made on first use, reused after that) and measures, in a process of its
own (:mod:`benchmarks.tasks_worker`), each page as a first load (the cache cleared before every
request, so the § 177 days are counted anew), median of 5 after a warm-up: the task list for the
manager ``leder`` (every task of the municipality) and "mine" for a case worker and a support
worker, the weekly follow-up, and a citizen's follow-up tab. Target: under 2 s each.
``hjemvej tasks --as-of … --format csv`` runs as a command of its own, Django's start included,
median of 3; target: under 5 s. Checks: every page answers 200, the command's CSV has its header,
and the citizen's tab has exactly the tasks the whole list has for that citizen.
"""

from __future__ import annotations

from benchmarks.common import NATIONAL, measure_in, part, queries, served
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

PAGE_TARGET_MS = 2000.0
CLI_TARGET_S = 5.0
RUNS = 5
WARMUP = 1
PAGES = (
    ("manager_all", "/opgaver/ (leder, alle)"),
    ("case_worker_mine", "/opgaver/?vis=mine (sagsbehandler)"),
    ("support_worker_mine", "/opgaver/?vis=mine (støttemedarbejder)"),
    ("weekly", "/opgaver/ugentlig/"),
    ("citizen_tab", "/borgere/<id>/opfoelgning/"),
)
CSV_HEADER = "citizen,kind,due,status"


@benchmark("tasks")
def bench_tasks(ctx: Context) -> Report:
    """Time the task pages as first loads (< 2 s each) and 'hjemvej tasks' as CSV (< 5 s)."""
    report = Report()
    result = measure_in(
        ctx,
        NATIONAL,
        report,
        "tasks_worker",
        what="målingen af opgavesiderne",
        runs=RUNS,
        warmup=WARMUP,
    )
    if result is None:
        for _, label in PAGES:
            report.measurements.append(
                Measurement(f"national: {label}", None, "ms", PAGE_TARGET_MS)
            )
        report.measurements.append(Measurement("national: hjemvej tasks", None, "s", CLI_TARGET_S))
        return report
    for key, label in PAGES:
        name = f"national: {label}, first load"
        page = part(result, key)
        served(report, name, page, runs=RUNS, target=PAGE_TARGET_MS)
        queries(report, name, page)
    cli = part(result, "cli")
    ok = cli["exit_code"] == 0 and cli["header"] == CSV_HEADER
    detail = "" if ok else f"exit {cli['exit_code']}, header '{cli['header']}': {cli['error']}"
    report.checks.append(Check("national: hjemvej tasks --format csv svarer", ok, detail))
    median, times = cli["median_s"], cli["times_s"]
    assert isinstance(median, float)
    assert isinstance(times, list)
    report.measurements.append(
        Measurement(
            f"national: {cli['command']} (median of {len(times)})",
            median if ok else None,
            "s",
            CLI_TARGET_S,
            f"{cli['rows']} rækker",
        )
    )
    same = result["citizen_tab_equals_list"] is True
    report.checks.append(
        Check(
            "national: borgerens faneblad = listens opgaver for borgeren",
            same,
            "" if same else f"borger {result['citizen_id']}",
        )
    )
    report.info["national"] = {
        "database": NATIONAL.name,
        "today": result["today"],
        "citizens": result["citizens"],
        "users": result["users"],
        "citizen_tab": result["citizen_id"],
        "tasks": result["tasks"],
    }
    return report

"""Benchmark ``stats``: every statistics page and every ``hjemvej stats`` subcommand, national data.

In the national demo database of :mod:`benchmarks.common` (``hjemvej_bench``: about 23,000
citizens and 100,000 stays in Demo Kommune, on PostgreSQL) a process of its own
(:mod:`benchmarks.stats_worker`) opens every page of ``hjemvej.stats.urls`` whose URL takes no
argument, as the manager ``leder`` and the economist ``oekonomi`` (server side, median of 3 after a
warm-up; target under 2 s each), and runs every ``hjemvej stats`` subcommand whose arguments it
can fill realistically (last year, the last twelve months, the last quarter, Demo Kommune, the
shelter with the most of its stays) as a process of its own (median of 3; target under 5 s each,
start-up included). A subcommand that takes a file, or an argument the worker cannot fill, is
listed in ``info`` as not run. The pages and subcommands are found, not listed here, so those added
later are measured too.
"""

from __future__ import annotations

from benchmarks.common import NATIONAL, measure_in, part, queries, served
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

PAGE_TARGET_MS = 2000.0
COMMAND_TARGET_S = 5.0
RUNS = 3
WARMUP = 1


@benchmark("stats")
def bench_stats(ctx: Context) -> Report:
    """Time the statistics' pages (< 2 s) and commands (< 5 s) on national data."""
    report = Report()
    result = measure_in(
        ctx, NATIONAL, report, "stats_worker", what="målingen af statistikken", runs=RUNS
    )
    if result is None:
        report.measurements.append(Measurement("national: /statistik/", None, "ms", PAGE_TARGET_MS))
        return report
    pages = result["pages"]
    assert isinstance(pages, dict)
    for label in pages:
        name = f"national: {label}"
        page = part(pages, label)
        if served(report, name, page, runs=RUNS, target=PAGE_TARGET_MS):
            queries(report, name, page)
    commands = result["commands"]
    assert isinstance(commands, dict)
    not_run: list[str] = []
    for command, run in commands.items():
        name = f"national: hjemvej stats {command}"
        if run is None:  # takes a file, or an argument the worker cannot fill
            not_run.append(command)
            continue
        assert isinstance(run, dict)
        ok = run["code"] == 0
        given = run["args"]
        assert isinstance(given, list)
        args = " ".join(map(str, given))
        report.checks.append(Check(f"{name} {args} slutter med 0", ok, str(run["error"])))
        median = run["median_s"]
        assert isinstance(median, float)
        report.measurements.append(
            Measurement(f"{name} (median of {RUNS})", median if ok else None, "s", COMMAND_TARGET_S)
        )
    report.info["national"] = {"database": NATIONAL.name, "stays": result["stays"]}
    report.info["not_run"] = not_run
    return report

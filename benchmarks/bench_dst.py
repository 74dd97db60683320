"""Benchmark ``dst``: a shelter's file to Danmarks Statistik on the national demo data.

Uses the national demo database of :mod:`benchmarks.common` and measures, in a process of its
own (:mod:`benchmarks.dst_worker`), as the administrator ``admin`` for the municipal shelter with
the most stays in the last whole quarter: the page ``/statistik/dst/`` (its list of problems) and
the file streamed from it, median of 5 after a warm-up, each under 2 s; and
``hjemvej stats dst`` as a command of its own, Django's start included, median of 3, under 5 s.
Checks: the page answers 200, the file has one line per stay admitted or discharged in the
quarter, and the command writes the same file.
"""

from __future__ import annotations

from benchmarks.common import NATIONAL, measure_in, part, queries, served
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

PAGE_TARGET_MS = 2000.0
CLI_TARGET_S = 5.0
RUNS = 5
WARMUP = 1


@benchmark("dst")
def bench_dst(ctx: Context) -> Report:
    """Time the DST page and file (< 2 s each) and 'hjemvej stats dst' (< 5 s)."""
    report = Report()
    result = measure_in(
        ctx, NATIONAL, report, "dst_worker", what="målingen af DST-filen", runs=RUNS, warmup=WARMUP
    )
    if result is None:
        for name, unit, target in (
            ("national: /statistik/dst/", "ms", PAGE_TARGET_MS),
            ("national: DST-filen", "ms", PAGE_TARGET_MS),
            ("national: hjemvej stats dst", "s", CLI_TARGET_S),
        ):
            report.measurements.append(Measurement(name, None, unit, target))
        return report
    name = f"national: /statistik/dst/ ({result['shelter']}, {result['quarter']})"
    page = part(result, "page")
    served(report, name, page, runs=RUNS, target=PAGE_TARGET_MS)
    queries(report, name, page)
    stays = result["stays"]
    made = part(result, "file")
    ok = made["lines"] == stays
    report.checks.append(
        Check(
            "national: DST-filen har en linje pr. ophold i kvartalet",
            ok,
            f"{made['lines']} linjer, {stays} ophold",
        )
    )
    median = made["median_ms"]
    assert isinstance(median, float)
    report.measurements.append(
        Measurement(
            f"national: DST-filen dannet og hentet (median of {RUNS})",
            median if ok else None,
            "ms",
            PAGE_TARGET_MS,
            f"{stays} ophold",
        )
    )
    cli = part(result, "cli")
    ok = cli["exit_code"] == 0 and cli["lines"] == stays and result["same_file"] is True
    detail = "" if ok else f"exit {cli['exit_code']}, {cli['lines']} linjer: {cli['error']}"
    report.checks.append(Check("national: hjemvej stats dst skriver samme fil", ok, detail))
    median_s, times = cli["median_s"], cli["times_s"]
    assert isinstance(median_s, float)
    assert isinstance(times, list)
    report.measurements.append(
        Measurement(
            f"national: {cli['command']} (median of {len(times)})",
            median_s if ok else None,
            "s",
            CLI_TARGET_S,
        )
    )
    report.info["national"] = {
        "database": NATIONAL.name,
        "today": result["today"],
        "shelter": result["shelter"],
        "quarter": result["quarter"],
        "stays": stays,
    }
    return report

"""Benchmark ``scenario``: law and practice scenarios recomputed on the national demo data.

Uses the national demo database of :mod:`benchmarks.common` (``hjemvej_bench`` on PostgreSQL;
made on first use, never rebuilt when it exists). A separate process
(:mod:`benchmarks.scenario_worker`) times ``run_scenario`` for each scenario (median of 5, server
side: reading the stays and courses, both computations, the result) and the scenario page; a law
scenario must be recomputed in under 2 s. It also checks the scenarios' fast § 176 a pricing
against ``support_reimbursement`` itself on every course of Demo Kommune.
"""

from __future__ import annotations

from benchmarks.common import NATIONAL, measure_in
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

TARGET_S = 2.0
RUNS = 5
WARMUP = 1


@benchmark("scenario")
def bench_scenario(ctx: Context) -> Report:
    """Time law and practice scenarios and the scenario page on the national data."""
    report = Report()
    result = measure_in(
        ctx, NATIONAL, report, "scenario_worker", what="scenariemålingen", runs=RUNS, warmup=WARMUP
    )
    if result is None:
        report.measurements.append(Measurement("law scenario", None, "s", TARGET_S))
        return report
    scenarios = result["scenarios"]
    assert isinstance(scenarios, dict)
    for label, timing in scenarios.items():
        target = TARGET_S if timing["kind"] == "law" else None
        report.measurements.append(
            Measurement(f"{label} (median of {RUNS})", timing["median_s"], "s", target)
        )
    page = result["page"]
    assert isinstance(page, dict)
    served = page.get("status") == 200
    report.checks.append(
        Check("scenariesiden svarer 200", served, "" if served else f"HTTP {page.get('status')}")
    )
    report.measurements.append(
        Measurement(
            f"side /oekonomi/scenarier/<id>/, loft 90 (median of {RUNS})",
            page.get("median_s") if served else None,
            "s",
            TARGET_S,
        )
    )
    support = result["support_checks"]
    assert isinstance(support, dict)
    for label, check in support.items():
        report.checks.append(
            Check(
                f"§ 176 a pr. år = support_reimbursement ({label}, {check['courses']} forløb)",
                bool(check["equal"]),
                "" if check["equal"] else "de hurtige tal afviger fra regelmotorens",
            )
        )
    report.info["scenario"] = {
        "database": NATIONAL.name,
        "as_of": result["as_of"],
        "horizon": result["horizon"],
        "summaries": {label: t["summary"] for label, t in scenarios.items()},
    }
    return report

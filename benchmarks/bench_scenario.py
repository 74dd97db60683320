"""Benchmark ``scenario``: law and practice scenarios recomputed on the national demo data.

Uses the national demo database of ``bench_pages`` (``hjemvej_bench`` on PostgreSQL; made there
on first use with the same helper, never rebuilt here when it exists). A separate process
(:mod:`benchmarks.scenario_worker`) times ``run_scenario`` for each scenario (median of 5, server
side: reading the stays and courses, both computations, the result) and the scenario page; a law
scenario must be recomputed in under 2 s. It also checks the scenarios' fast § 176 a pricing
against ``support_reimbursement`` itself on every course of Demo Kommune.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from benchmarks.bench_pages import DATABASES, BenchError, ensure_database
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

TARGET_S = 2.0
RUNS = 5
WARMUP = 1


def measure(ctx: Context, url: str) -> dict[str, object]:
    """Run the worker against the database; return what it measured."""
    env = {**os.environ}
    env.pop("HJEMVEJ_DEBUG", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.scenario_worker",
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
    if done.returncode != 0 or not lines:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        raise BenchError(f"scenariemålingen fejlede (exit {done.returncode}): {tail}")
    result: dict[str, object] = json.loads(lines[-1])
    return result


@benchmark("scenario")
def bench_scenario(ctx: Context) -> Report:
    """Time law and practice scenarios and the scenario page on the national data."""
    report = Report()
    national = next(db for db in DATABASES if db.label == "national")
    try:
        ensure_database(ctx, national, report)
        result = measure(ctx, national.url)
    except BenchError as exc:
        report.checks.append(Check("national: data og måling", False, str(exc)))
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
        "database": national.name,
        "as_of": result["as_of"],
        "horizon": result["horizon"],
        "summaries": {label: t["summary"] for label, t in scenarios.items()},
    }
    return report

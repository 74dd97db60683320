"""Benchmark ``import``: the national demo out and into an empty database, under 5 minutes.

``hjemvej export records --municipality 999`` writes the national demo's records (23,000
citizens) from the national bench database; a database of its own (``<name>_import``) is made
anew and migrated, and :mod:`benchmarks.import_worker` imports the workbook into it through the
services, all or nothing, timing the import (target 300 s), then exports it again and checks that
the workbook is the same. The import database is dropped at the end.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    NAME,
    NATIONAL,
    BenchError,
    Database,
    _admin_sql,
    _hjemvej,
    _run_worker,
    ensure_database,
)
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

IMPORT_TARGET_S = 300.0
EMPTY = Database("import", f"{NAME}_import", ())


@benchmark("import")
def bench_import(ctx: Context) -> Report:
    """Export the national demo, import it into an empty database (< 300 s), compare."""
    report = Report()
    name = "national: hjemvej import records (tom database)"
    try:
        ensure_database(ctx, NATIONAL, report)
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "national.xlsx"
            start = time.perf_counter()
            _hjemvej(
                ctx, NATIONAL, "export", "records", "--municipality", "999", "--out", str(source)
            )
            report.measurements.append(
                Measurement("national: hjemvej export records", time.perf_counter() - start, "s")
            )
            _admin_sql(
                f'DROP DATABASE IF EXISTS "{EMPTY.name}" WITH (FORCE)',
                f'CREATE DATABASE "{EMPTY.name}"',
            )
            try:
                _hjemvej(ctx, EMPTY, "migrate", "--noinput", "-v", "0")
                command = [
                    sys.executable,
                    "-m",
                    "benchmarks.import_worker",
                    "--database-url",
                    EMPTY.url,
                    "--source",
                    str(source),
                ]
                result = _run_worker(ctx, command, what="indlæsningen", error_prefix="")
            finally:
                _admin_sql(f'DROP DATABASE IF EXISTS "{EMPTY.name}" WITH (FORCE)')
    except BenchError as exc:
        report.checks.append(Check("national: data og indlæsning", False, str(exc)))
        report.measurements.append(Measurement(name, None, "s", IMPORT_TARGET_S))
        return report
    seconds = result["seconds"]
    assert isinstance(seconds, float)
    report.measurements.append(
        Measurement(
            name,
            seconds,
            "s",
            IMPORT_TARGET_S,
            f"{result['citizens']} borgere, {result['rows']} rækker",
        )
    )
    report.checks.append(
        Check(
            "national: eksport → indlæsning → eksport giver samme projektmappe",
            result["same_workbook"] is True,
        )
    )
    report.info["import"] = {k: v for k, v in result.items() if k != "same_workbook"}
    return report

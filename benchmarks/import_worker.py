"""Import a records workbook into an empty database, time it, and export it back to compare.

Usage: ``python -m benchmarks.import_worker --database-url URL --source FIL.xlsx
[--municipality 999]``. Sets ``DATABASE_URL`` before Django starts. The database must be
migrated and hold no citizen of the municipality (which is created as Demo Kommune when the code
is 999 and it is missing). Times ``records_import`` (reading the workbook included), then
exports the municipality again and checks that the workbook is the same, cell by cell. Prints
one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.worker_common import fail, setup_worker


def _cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}
    finally:
        book.close()


def measure(source: Path, code: str) -> dict[str, object]:
    """Import the workbook and export it again; return the worker's JSON object."""
    from hjemvej.accounts.models import Municipality
    from hjemvej.citizens.models import Citizen
    from hjemvej.core import dates
    from hjemvej.interchange.actor import command_line_importer
    from hjemvej.interchange.export import records_export
    from hjemvej.interchange.problems import ImportRefused
    from hjemvej.interchange.read import read_source
    from hjemvej.interchange.run import CREATED, records_import

    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None and code == "999":
        municipality = Municipality.objects.create(code=code, name="Demo Kommune")
    if municipality is None:
        return {"error": f"der er ingen kommune med koden '{code}'"}
    if Citizen.objects.filter(acting_municipality=municipality).exists():
        return {"error": f"databasen har allerede borgere i {municipality.name}; den skal være tom"}
    start = time.perf_counter()
    sheets, problems = read_source(source)
    if problems:
        return {"error": str(problems[0])}
    read_s = time.perf_counter() - start
    try:
        summary = records_import(
            actor=command_line_importer(),
            municipality=municipality,
            sheets=sheets,
            today=dates.today(),
        )
    except ImportRefused as refused:
        return {"error": f"{len(refused.problems)} problemer, fx {refused.problems[0]}"}
    seconds = time.perf_counter() - start
    rows = sum(counts[CREATED] for counts in summary.counts.values())
    with tempfile.TemporaryDirectory() as folder:
        again = Path(folder) / "igen.xlsx"
        export_start = time.perf_counter()
        citizens, _counts = records_export(
            out=again, municipality=municipality, actor=None, username="benchmark"
        )
        export_s = time.perf_counter() - export_start
        same = _cells(again) == _cells(source)
    return {
        "seconds": seconds,
        "read_seconds": read_s,
        "export_seconds": export_s,
        "rows": rows,
        "citizens": citizens,
        "rows_per_second": rows / seconds if seconds else None,
        "per_sheet": {name: counts[CREATED] for name, counts in summary.counts.items()},
        "same_workbook": same,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Import, time, export and compare; print JSON."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--municipality", default="999")
    own, rest = parser.parse_known_args(argv)
    setup_worker(rest, "Indlæs en projektmappe i en tom database og tag tid.", runs=1, warmup=0)
    result = measure(own.source, own.municipality)
    if "error" in result:
        return fail(str(result["error"]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

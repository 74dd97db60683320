"""``hjemvej import records KILDE --municipality KODE [--dry-run]``: a municipality's records in.

KILDE is an xlsx workbook or a folder of CSV files (``docs/import.md``). All or nothing: every
problem is listed with sheet, row and column, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandParser, OutputWrapper

from hjemvej.core import dates
from hjemvej.core.management.cli import Fejl, municipality_by_code
from hjemvej.interchange.actor import command_line_importer
from hjemvej.interchange.cli.progress import bar
from hjemvej.interchange.problems import ImportRefused
from hjemvej.interchange.read import read_source
from hjemvej.interchange.run import records_import

COMMAND = "import"
NAME = "records"
HELP = (
    "Læs kommunens boformer, borgere, situationer, ophold, støtteforløb, kontakter og "
    "hændelser på hjemløshedslisten ind fra en xlsx-projektmappe eller en mappe med CSV-filer "
    "(docs/import.md). Alt eller intet; --dry-run skriver intet."
)
#: How many problems the command prints (the count says how many there are in all).
SHOWN = 200


def add_arguments(parser: CommandParser) -> None:
    """Add the source, ``--municipality`` and ``--dry-run``."""
    parser.add_argument("source", type=Path, metavar="KILDE", help="xlsx-fil eller mappe med CSV")
    parser.add_argument("--municipality", required=True, metavar="KODE", help="kommunekoden")
    parser.add_argument("--dry-run", action="store_true", help="kontrollér og tæl; skriv intet")


def run(
    options: dict[str, Any], stdout: OutputWrapper | TextIO, stderr: OutputWrapper | TextIO
) -> None:
    """Read, check and import; print what changed, or every problem (exit 2)."""
    municipality = municipality_by_code(options["municipality"])
    source: Path = options["source"]
    sheets, problems = read_source(source)
    if problems:
        raise Fejl(f"{source}: {problems[0]}")
    try:
        summary = records_import(
            actor=command_line_importer(),
            municipality=municipality,
            sheets=sheets,
            today=dates.today(),
            dry_run=options["dry_run"],
            progress=bar(stderr, "Indlæser"),
        )
    except ImportRefused as refused:
        found = refused.problems
        lines = [str(problem) for problem in found[:SHOWN]]
        if len(found) > SHOWN:
            lines.append(f"… og {len(found) - SHOWN} problemer mere")
        raise Fejl(
            f"{len(found)} problemer i {source}; intet er skrevet:\n" + "\n".join(lines)
        ) from None
    head = "Prøvekørsel, intet er skrevet:" if summary.dry_run else "Indlæst:"
    stdout.write(f"{head} {municipality.name} ({municipality.code})\n")
    for line in summary.lines():
        stdout.write(f"  {line}\n")

"""``hjemvej export stays --out FIL``: every stay as ``hjemvej reimbursement`` reads it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandParser, OutputWrapper

from hjemvej.core.management.cli import Fejl
from hjemvej.shelters.stays_export import HELP, export_stays

COMMAND = "export"
NAME = "stays"
__all__ = ["COMMAND", "HELP", "NAME", "add_arguments", "run"]


def add_arguments(parser: CommandParser) -> None:
    """Add ``--out`` and ``--municipality``."""
    parser.add_argument(
        "--out", type=Path, required=True, metavar="FIL", help="CSV-filen der skrives"
    )
    parser.add_argument(
        "--municipality",
        metavar="KODE",
        help="kun borgere med denne handlekommune (tre cifre, fx 751)",
    )


def run(
    options: dict[str, Any], stdout: OutputWrapper | TextIO, stderr: OutputWrapper | TextIO
) -> None:
    """Write the file."""
    out: Path = options["out"]
    directory = out.resolve().parent
    if not directory.is_dir():
        raise Fejl(f"--out: mappen {directory} findes ikke")
    count, citizens = export_stays(out, municipality_code=options["municipality"])
    stdout.write(f"Skrev {count} ophold for {citizens} borgere til {out}\n")

"""``hjemvej export records --municipality KODE --out FIL.xlsx``: the import's workbook out."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandParser, OutputWrapper

from hjemvej.core.management.cli import Fejl, command_line_actor, municipality_by_code
from hjemvej.interchange.export import CPR_WARNING, records_export

COMMAND = "export"
NAME = "records"
HELP = (
    "Skriv kommunens poster (boformer, borgere, situationer, ophold, støtteforløb, kontakter, "
    "hændelser på listen) i importens projektmappe. Filen indeholder CPR-numre."
)


def add_arguments(parser: CommandParser) -> None:
    """Add ``--municipality`` and ``--out``."""
    parser.add_argument("--municipality", required=True, metavar="KODE", help="kommunekoden")
    parser.add_argument("--out", type=Path, required=True, metavar="FIL", help="xlsx-filen")


def run(
    options: dict[str, Any], stdout: OutputWrapper | TextIO, stderr: OutputWrapper | TextIO
) -> None:
    """Warn about the CPR numbers, write the workbook and say what it holds."""
    municipality = municipality_by_code(options["municipality"])
    out: Path = options["out"]
    if out.suffix.lower() != ".xlsx":
        raise Fejl("--out: filen skal hedde noget med .xlsx")
    if not out.resolve().parent.is_dir():
        raise Fejl(f"--out: mappen {out.resolve().parent} findes ikke")
    stderr.write(CPR_WARNING + "\n")
    citizens, counts = records_export(
        out=out, municipality=municipality, actor=None, username=command_line_actor()
    )
    stdout.write(f"Skrev {citizens} borgere fra {municipality.name} til {out}:\n")
    for name, count in counts.items():
        stdout.write(f"  {name}: {count} rækker\n")

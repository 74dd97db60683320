"""``hjemvej stats dst``: a shelter's quarterly file to Danmarks Statistik (``stats/dst.py``).

``--shelter ID`` (the id in ``/boformer/<id>/``), ``--quarter ÅÅÅÅ-Q1`` … ``ÅÅÅÅ-Q4``,
``--out FIL``. The problems go to stderr in Danish, each naming the stay (its number and
admission date) and the field, never a person or a CPR number. When one blocks the file, nothing
is written and the exit code is 2, as for a wrong argument (``Fejl: …``). Otherwise the file is
written to a temporary file beside ``FIL`` with mode 0600 and renamed to it, so there is never
half a file, and the export is logged: one entry naming every citizen in the file, by
``kommandolinjen (<system user>)``, in the same transaction as the rename.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from hjemvej.core import dates
from hjemvej.core.management.cli import Fejl, command_line_actor
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.stats.dst import (
    DstReport,
    Quarter,
    dst_report,
    file_lines,
    parse_quarter,
    record_export,
)

NAME = "dst"
HELP = (
    "Boformens kvartalsvise fil til Danmarks Statistik (herberger og forsorgshjem), med "
    "CPR-numre: --shelter ID --quarter ÅÅÅÅ-Q1 --out FIL."
)
#: The file's permissions: it holds CPR numbers, so only its owner may read it.
FILE_MODE = 0o600


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the shelter, the quarter and the file."""
    parser.add_argument("--shelter", metavar="ID", help="boformens id, som i /boformer/<id>/")
    parser.add_argument("--quarter", metavar="ÅÅÅÅ-QN", help="kvartalet, fx 2026-Q1")
    parser.add_argument("--out", metavar="FIL", help="filen, der skrives (kun ejeren kan læse den)")


def _shelter(raw: str | None) -> Shelter:
    if not raw:
        raise Fejl("--shelter mangler: angiv boformens id, fx --shelter 3")
    found = Shelter.objects.filter(pk=int(raw)).first() if raw.strip().isdigit() else None
    if found is None:
        raise Fejl(f"--shelter: der er ingen boform med id '{raw}' (se id'et i /boformer/<id>/)")
    return found


def _quarter(raw: str | None) -> Quarter:
    if not raw:
        raise Fejl("--quarter mangler: angiv kvartalet, fx --quarter 2026-Q1")
    quarter = parse_quarter(raw)
    if quarter is None:
        raise Fejl(f"--quarter: '{raw}' er ikke et kvartal: skriv ÅÅÅÅ-Q1 til ÅÅÅÅ-Q4 fra 2021")
    return quarter


def _out(raw: str | None) -> Path:
    if not raw:
        raise Fejl("--out mangler: angiv filen, der skal skrives, fx --out dst.txt")
    out = Path(raw)
    if out.is_dir():
        raise Fejl(f"--out: {out} er en mappe; angiv en fil")
    if not out.resolve().parent.is_dir():
        raise Fejl(f"--out: mappen {out.resolve().parent} findes ikke")
    return out


def run(options: dict[str, Any], stdout: TextIO, stderr: TextIO) -> None:
    """Check the quarter's stays; write the file unless a problem blocks it."""
    shelter = _shelter(options.get("shelter"))
    quarter = _quarter(options.get("quarter"))
    out = _out(options.get("out"))
    report = dst_report(
        shelter=shelter,
        quarter=quarter,
        stays=Stay.objects.filter(shelter=shelter),
        today=dates.today(),
    )
    for problem in report.problems:
        kind = "Skal rettes" if problem.blocking else "Skrives »uoplyst«"
        stderr.write(f"{kind}: {problem.text()}\n")
    if report.blocking:
        raise Fejl(
            f"{len(report.blocking)} problem(er) skal rettes, før filen kan dannes; "
            "intet er skrevet."
        )
    write(report, out)
    stdout.write(
        f"Skrev {len(report.rows)} ophold fra {shelter.name}, {quarter.label}, til {out}\n"
    )


def write(report: DstReport, out: Path) -> None:
    """Write the file atomically with mode 0600, and log the export with the rename."""
    fd, tmp = tempfile.mkstemp(dir=out.resolve().parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            for line in file_lines(report):
                handle.write(line)
        with transaction.atomic():  # the log and the file: both or neither
            record_export(report, actor=None, username=command_line_actor())
            os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""``hjemvej economy report``: the council report as PDF or xlsx from the command line.

Usage::

    hjemvej economy report --year 2025 --format pdf --out rapport.pdf [--municipality 751]
                           [--as-of 2026-01-15]

The same report as ``/oekonomi/rapport/<år>/<format>/``. Without ``--municipality`` the one
municipality with citizens is used. Without ``--as-of`` the figures are made as of today. The
file is written to a temporary file and renamed, so no half file is ever left, and nothing is
written when an argument is wrong: the error is Danish and the exit code 2. A progress bar on
stderr appears when the report takes more than a moment.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandParser

from hjemvej.core.management.cli import DanishCommand, Fejl, parse_as_of

FORMATS = ("pdf", "xlsx")
#: The report's steps, for the progress bar (content steps + rendering + writing).
STEPS = 7


class ProgressBar:
    """A progress bar on a stream, drawn only once the work has taken more than ``delay`` s."""

    def __init__(
        self,
        stream: TextIO,
        steps: int,
        *,
        delay: float = 0.5,
        width: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.steps = steps
        self.delay = delay
        self.width = width
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.shown = False
        self.interactive = bool(getattr(stream, "isatty", lambda: False)())

    def step(self, text: str) -> None:
        """Start the next step; draw the bar when the work is no longer quick."""
        self.done = min(self.done + 1, self.steps)
        if self.clock() - self.started < self.delay:
            return
        self.shown = True
        filled = round(self.width * (self.done - 1) / self.steps)
        bar = "#" * filled + "-" * (self.width - filled)
        line = f"[{bar}] {self.done}/{self.steps} {text}"
        if self.interactive:
            self.stream.write(f"\r{line:<90}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self, text: str) -> None:
        """Draw the full bar (when the bar was shown) and end its line."""
        if not self.shown:
            return
        line = f"[{'#' * self.width}] {self.steps}/{self.steps} {text}"
        self.stream.write((f"\r{line:<90}" if self.interactive else line) + "\n")
        self.stream.flush()


class Command(DanishCommand):
    help = (
        "Økonomirapport til kommunalbestyrelsen. 'economy report --year ÅÅÅÅ --format pdf|xlsx "
        "--out FIL [--municipality KODE] [--as-of ÅÅÅÅ-MM-DD]' skriver årets tal, udviklingen, "
        "budget, prognose, scenarier, grafer og en forklaring af reglerne."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", nargs="?", metavar="report", help="hvad der dannes: report")
        parser.add_argument("--year", metavar="ÅÅÅÅ", help="rapportens år")
        parser.add_argument("--format", dest="fmt", metavar="pdf|xlsx", help="pdf eller xlsx")
        parser.add_argument("--out", metavar="FIL", help="filen der skrives")
        parser.add_argument(
            "--municipality", metavar="KODE", help="kommunekoden (tre cifre, fx 751)"
        )
        parser.add_argument(
            "--as-of", dest="as_of", metavar="ÅÅÅÅ-MM-DD", help="opgørelsesdato (standard: i dag)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hjemvej.core import dates

        if options["what"] != "report":
            raise Fejl("angiv hvad der skal dannes: 'hjemvej economy report …'")
        as_of = parse_as_of(options["as_of"]) if options["as_of"] else dates.today()
        year = _year(options["year"], as_of)
        fmt = _format(options["fmt"])
        out = _out(options["out"], fmt)
        municipality = _municipality(options["municipality"])
        stderr = getattr(self.stderr, "_out", sys.stderr)
        bar = ProgressBar(stderr, STEPS)
        data = build(municipality, year=year, as_of=as_of, fmt=fmt, progress=bar.step)
        bar.step("Skriver filen")
        write_atomically(out, data)
        bar.finish("Færdig")
        if options["verbosity"] > 0:
            self.stdout.write(f"Skrev rapporten for {municipality.name} {year} ({fmt}) til {out}")


def build(
    municipality: Any, *, year: int, as_of: date, fmt: str, progress: Callable[[str], None]
) -> bytes:
    """Return the report's bytes in the format."""
    from hjemvej.economy.reports.content import council_report

    report = council_report(municipality, year=year, as_of=as_of, progress=progress)
    if fmt == "pdf":
        from hjemvej.economy.reports.pdf import render_pdf

        progress("Skriver PDF")
        return render_pdf(report)
    from hjemvej.economy.reports.xlsx import render_xlsx

    progress("Skriver regneark")
    return render_xlsx(report)


def write_atomically(out: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename: never a half file."""
    fd, tmp = tempfile.mkstemp(dir=out.resolve().parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _year(text: str | None, as_of: date) -> int:
    from hjemvej.economy.reports.content import report_year_problem

    if not text:
        raise Fejl("--year mangler: angiv rapportens år, fx --year 2025")
    if not text.strip().isdigit() or len(text.strip()) != 4:
        raise Fejl(f"--year: '{text}' er ikke et årstal (fire cifre, fx 2025)")
    year = int(text)
    problem = report_year_problem(year, as_of)
    if problem:
        raise Fejl(f"--year: {problem}")
    return year


def _format(text: str | None) -> str:
    if not text:
        raise Fejl("--format mangler: angiv pdf eller xlsx")
    fmt = text.strip().lower()
    if fmt not in FORMATS:
        raise Fejl(f"--format: '{text}' kendes ikke; vælg pdf eller xlsx")
    return fmt


def _out(text: str | None, fmt: str) -> Path:
    if not text:
        raise Fejl(f"--out mangler: angiv filen, fx --out rapport.{fmt}")
    out = Path(text)
    if out.is_dir():
        raise Fejl(f"--out: {out} er en mappe; angiv et filnavn")
    directory = out.resolve().parent
    if not directory.is_dir():
        raise Fejl(f"--out: mappen {directory} findes ikke")
    return out


def _municipality(code: str | None) -> Any:
    from hjemvej.stats.cli.common import chosen_municipality

    return chosen_municipality(code)

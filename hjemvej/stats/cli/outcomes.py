"""``hjemvej stats outcomes``: the outcome measures of a year as CSV, the pages' figures.

Usage::

    hjemvej stats outcomes --year 2025 [--municipality 751] [--as-of 2026-06-30] --format csv

One row per figure, with the columns ``COLUMNS`` (docs/statistics.md, "Outcome measures"):
``measure`` and ``group`` are codes; ``value`` the figure (a percentage or days, one decimal, a
full stop before it; empty when it is not computed); ``count`` and ``base`` the citizens (or
stays) counted and counted over (``count`` empty while a cohort is still followed); ``status``
``ok``, ``partial`` (the year to date), ``not_yet`` (a cohort not yet followed to the end of
its window) or ``no_base``. Counts only: no names, no pseudonyms. Without ``--municipality`` the
one municipality with citizens; without ``--as-of`` today (records dated then or later are not
counted).
"""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date
from typing import Any

from django.core.management.base import OutputWrapper

from hjemvej.core.management.cli import Fejl, parse_as_of
from hjemvej.stats.cli.common import chosen_municipality
from hjemvej.stats.outcomes import period_problem, results

NAME = "outcomes"
HELP = (
    "Resultatmål for et år som CSV: tid i hjemløshed, udflytning til egen bolig, tilbagefald, "
    "fastholdt bolig, første gang, udskrivning efter aftale og tiden til bolig."
)
#: The CSV's header; a contract that checks rely on.
COLUMNS = ("measure", "group", "value", "count", "base", "status")
FORMATS = ("csv",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's arguments."""
    parser.add_argument("--year", metavar="ÅÅÅÅ", help="året, der opgøres")
    parser.add_argument("--municipality", metavar="KODE", help="kommunekoden (tre cifre, fx 751)")
    parser.add_argument(
        "--as-of", dest="as_of", metavar="ÅÅÅÅ-MM-DD", help="opgørelsesdato (standard: i dag)"
    )
    parser.add_argument("--format", dest="fmt", metavar="csv", default="csv", help="csv")


def year_argument(text: str | None, as_of: date) -> int:
    """Return ``--year`` as a year that has begun by the as-of day, or raise ``Fejl``."""
    if not text:
        raise Fejl("--year mangler: angiv året, fx --year 2025")
    if not text.strip().isdigit() or len(text.strip()) != 4:
        raise Fejl(f"--year: '{text}' er ikke et årstal (fire cifre, fx 2025)")
    year = int(text)
    problem = period_problem(year, as_of)
    if problem:
        raise Fejl(f"--year: {problem}")
    return year


def run(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> None:
    """Write the year's figures as CSV on stdout; nothing when an argument is wrong."""
    from hjemvej.core import dates

    as_of = parse_as_of(options["as_of"]) if options.get("as_of") else dates.today()
    year = year_argument(options.get("year"), as_of)
    fmt = str(options.get("fmt") or "csv").strip().lower()
    if fmt not in FORMATS:
        raise Fejl(f"--format: '{options.get('fmt')}' kendes ikke; vælg csv")
    municipality = chosen_municipality(options.get("municipality"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for key, result in results(municipality.pk, year=year, as_of=as_of).items():
        for figure in result.figures:
            value = "" if figure.value is None else str(figure.value)
            writer.writerow((key, figure.group, value, figure.count, figure.base, figure.status))
    stdout.write(buffer.getvalue(), ending="")

"""``hjemvej stats shelter-users``: the national-style tables (Danmarks Statistik's HERFOR1–3).

Usage::

    hjemvej stats shelter-users --year 2025 --as-of 2026-01-15 [--municipality 751] --format csv

Writes ``dimension,band,persons,nights``: one row per band of the dimensions ``nights``,
``stays``, ``sex`` and ``age`` (every band, also when empty), and last ``total,all,…``. The same
selector as the page ``/statistik/brugere/`` (``hjemvej.stats.shelter_users``); counts only.
"""

from __future__ import annotations

import argparse
import csv
from typing import Any, TextIO

from hjemvej.core.management.cli import Fejl, parse_as_of
from hjemvej.stats.cli.common import chosen_municipality, chosen_year

NAME = "shelter-users"
HELP = (
    "Brugere af boformer som Danmarks Statistik opgør dem: personer efter overnatninger, "
    "antal ophold, køn og alder (CSV)"
)
FORMATS = ("csv",)
HEADER = ("dimension", "band", "persons", "nights")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the subcommand's arguments."""
    parser.add_argument("--year", metavar="ÅÅÅÅ", help="året der tælles")
    parser.add_argument(
        "--as-of",
        dest="as_of",
        metavar="ÅÅÅÅ-MM-DD",
        help="opgørelsesdato: åbne ophold tæller til og med dagen før (standard: i dag)",
    )
    parser.add_argument("--municipality", metavar="KODE", help="kommunekoden, fx 751")
    parser.add_argument("--format", dest="fmt", metavar="csv", default="csv", help="csv")


def run(options: dict[str, Any], stdout: TextIO, stderr: TextIO) -> None:
    """Check the arguments, count and write the rows."""
    from hjemvej.core import dates
    from hjemvej.stats.shelter_users import shelter_users

    as_of = parse_as_of(options["as_of"]) if options["as_of"] else dates.today()
    year = chosen_year(options["year"], as_of)
    fmt = (options["fmt"] or "").strip().lower()
    if fmt not in FORMATS:
        raise Fejl(f"--format: '{options['fmt']}' kendes ikke; vælg csv")
    municipality = chosen_municipality(options["municipality"])
    result = shelter_users(municipality.pk, year=year, as_of=as_of)
    writer = csv.writer(stdout, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(result.csv_rows())

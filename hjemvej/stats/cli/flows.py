"""``hjemvej stats flows --from ÅÅÅÅ-MM --to ÅÅÅÅ-MM [--municipality KODE] --format csv``.

The list over time as the page ``/statistik/listen/`` shows it, one CSV row per month (comma,
UTF-8, a header row): ``COLUMNS``, documented in docs/statistics.md ("The list over time").
Without ``--municipality`` the one municipality with citizens is counted (as ``hjemvej economy
report``); without ``--as-of`` the months are counted to today, and the month in progress only up
to it (``counted_to``). Counts only, no citizen is named, so nothing is logged.
"""

from __future__ import annotations

import argparse
import csv
import re
from datetime import date
from typing import Any, TextIO

from hjemvej.core.management.cli import Fejl, parse_as_of
from hjemvej.stats.cli.common import chosen_municipality

NAME = "flows"
HELP = (
    "Listen over tid: borgere på listen, tilgang og afgang efter årsag pr. måned, som siden "
    "Listen over tid viser dem (CSV)."
)
COLUMNS: tuple[str, ...] = (
    "month",
    "on_list_start",
    "inflow_new",
    "inflow_returned_housing",
    "inflow_returned_inactive",
    "outflow_housed",
    "outflow_inactive",
    "outflow_moved",
    "outflow_died",
    "outflow_not_eligible",
    "net",
    "on_list_end",
    "long_term_end",
    "counted_to",
)
MONTH = re.compile(r"(\d{4})-(\d{2})")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the months, the municipality, the format and the day counted to."""
    parser.add_argument("--from", dest="first", metavar="ÅÅÅÅ-MM", help="den første måned")
    parser.add_argument("--to", dest="last", metavar="ÅÅÅÅ-MM", help="den sidste måned")
    parser.add_argument("--municipality", metavar="KODE", help="kommunekoden (tre cifre, fx 751)")
    parser.add_argument(
        "--format", dest="fmt", default="csv", choices=("csv",), help="csv (standard)"
    )
    parser.add_argument(
        "--as-of", dest="as_of", metavar="ÅÅÅÅ-MM-DD", help="tæl til og med dagen (standard: i dag)"
    )


def parse_month(option: str, text: str | None) -> date:
    """Return the first day of the month ``ÅÅÅÅ-MM``, or raise ``Fejl`` naming the option."""
    if not text:
        raise Fejl(f"{option} mangler: skriv måneden som ÅÅÅÅ-MM, fx 2026-01")
    found = MONTH.fullmatch(text.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12:
        raise Fejl(f"{option}: skriv måneden som ÅÅÅÅ-MM, fx 2026-01 (ikke '{text}')")
    return date(int(found.group(1)), int(found.group(2)), 1)


def months_asked(options: dict[str, Any], as_of: date) -> tuple[date, date]:
    """Return the first and last month asked for, checked against each other and the day."""
    from hjemvej.core.bounds import earliest_date

    first = parse_month("--from", options["first"])
    last = parse_month("--to", options["last"])
    earliest = earliest_date().replace(day=1)
    if first < earliest:
        raise Fejl(f"--from: måneden ligger før {earliest:%Y-%m}, hvor Hjemvejs regler begynder")
    if last < first:
        raise Fejl("--to: måneden ligger før --from")
    if last > as_of:
        raise Fejl(f"--to: måneden {last:%Y-%m} er ikke begyndt (der tælles til {as_of:%Y-%m-%d})")
    return first, last


def run(options: dict[str, Any], stdout: TextIO, stderr: TextIO) -> None:
    """Write the months as CSV on stdout; a bad argument raises ``Fejl`` before any is written."""
    from hjemvej.accounts.policy import municipality_citizens
    from hjemvej.core import dates
    from hjemvej.stats.flows.selectors import INFLOW, OUTFLOW, list_flows

    as_of = parse_as_of(options["as_of"]) if options["as_of"] else dates.today()
    first, last = months_asked(options, as_of)
    municipality = chosen_municipality(options["municipality"])
    flows = list_flows(
        municipality_citizens(municipality.pk),
        first=first,
        last=last,
        as_of=as_of,
        municipality_id=municipality.pk,
    )
    writer = csv.writer(stdout, lineterminator="\n")
    writer.writerow(COLUMNS)
    for month in flows.months:
        writer.writerow(
            [
                f"{month.month:%Y-%m}",
                month.on_list_start,
                *(month.entered[reason] for reason in INFLOW),
                *(month.left[reason] for reason in OUTFLOW),
                month.net,
                month.on_list_end,
                month.long_term_end,
                month.last_day.isoformat(),
            ]
        )

"""A date as people write it in a file or on the command line: ISO or Danish day-month-year."""

from __future__ import annotations

import argparse
from datetime import date

from hjemvej.stays_csv.text import shorten


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM-DD`` or ``dd-mm-åååå``."""
    raw = text.strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    parts = raw.replace(".", "-").split("-")
    if len(parts) == 3 and len(parts[2]) == 4:
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(
        f"'{shorten(text)}' er ikke en dato (ÅÅÅÅ-MM-DD eller dd-mm-åååå)"
    )

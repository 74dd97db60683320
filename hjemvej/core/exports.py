"""A cell of a CSV file for Danish Excel: how every export writes dates, numbers and text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hjemvej.core.formatting import decimal_comma

Cell = str | int | Decimal | date | bool | None

#: Text that Excel would run as a formula (CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: Cell) -> str:
    """Return a cell as Danish Excel reads it: dd.mm.åååå, decimal comma, Ja/Nej, no formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return decimal_comma(value)
    if isinstance(value, int):
        return str(value)
    return "'" + value if value.startswith(FORMULA_START) else value

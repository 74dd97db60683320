"""Danish formatting of money, numbers and months: the one implementation every page uses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hjemvej.rules.parameters import format_kroner


def kroner(amount: Decimal | int | None) -> str:
    """Return kroner (Decimal) or øre (int) as Danish money: 1.234,50 kr."""
    if amount is None:
        return ""
    oere = int(amount * 100) if isinstance(amount, Decimal) else amount
    return f"{format_kroner(oere)} kr."


#: The months in Danish, January first.
MONTHS: tuple[str, ...] = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
#: The months abbreviated as Danish text does (maj has no full stop).
MONTHS_SHORT: tuple[str, ...] = (
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "maj",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
)


def long_date(day: date) -> str:
    """Return a date the way a letter or a report says it: 1. december 2026."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"

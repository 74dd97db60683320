"""Danish formatting of money, numbers and months: the one implementation every page uses.

Each format has one function; template filters and chart labels are thin wrappers around them.

====================================  ================  =========================================
function                              gives             rounding
====================================  ================  =========================================
``whole_kroner(oere)``                1.234.568 kr.     to whole kroner, half away from zero
``exact_kroner(oere)``                1.234.567,50 kr.  none: øre are exact
``kroner(amount)``                    1.234.567,50 kr.  ``Decimal`` kroner cut at the øre, or øre
``danish_number(value, decimals)``    1.234,57          half away from zero
``danish_number_half_even(v, d)``     1.234,56          half to even (Python's own formatting)
``persons(value)``                    1.234,50          full-year persons, two decimals, half up
``decimal_comma(value)``              1234,5            none: the ``Decimal``'s own digits, no dots
``period_text(start, end)``           01.07.–30.09.2026 a closed-open period as its first/last day
====================================  ================  =========================================

Dates on pages (docs/rules.md, "Dates on pages"): a period is stored closed-open, ``[start, end)``,
and always shown as its first and last day through ``period_text``; a stay's discharge date is a
date of its own (the day the citizen leaves), shown as such, with the last night beside it where
nights matter.

``exact_kroner`` and ``decimal_comma`` are written in ``hjemvej.rules.parameters`` (beside
``format_kroner``), because the pure rules format money too and may not import this module; they
are the same functions here. Files (CSV, JSON) write kroner with a decimal point instead:
``hjemvej.stays_csv.file_kroner``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from hjemvej.rules.parameters import decimal_comma, exact_kroner

__all__ = [
    "MONTHS",
    "MONTHS_AXIS",
    "MONTHS_SHORT",
    "count_noun",
    "danish_number",
    "danish_number_half_even",
    "decimal_comma",
    "exact_kroner",
    "kroner",
    "long_date",
    "period_text",
    "persons",
    "whole_kroner",
]


def kroner(amount: Decimal | int | None) -> str:
    """Return kroner (Decimal) or øre (int) as Danish money: 1.234,50 kr.; empty for None."""
    if amount is None:
        return ""
    return exact_kroner(int(amount * 100) if isinstance(amount, Decimal) else amount)


def whole_kroner(oere: int) -> str:
    """Return øre as whole Danish kroner, rounded half away from zero: 1.234.567 kr."""
    whole = (abs(int(oere)) + 50) // 100  # int(): a numpy integer or a float rounds the same
    sign = "-" if oere < 0 and whole else ""
    return f"{sign}{whole:,} kr.".replace(",", ".")


def danish_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """Return a number as Danes write it, rounded half away from zero: 1.234.567 or 1.234,57."""
    return _danish_number(value, decimals, ROUND_HALF_UP)


def danish_number_half_even(value: int | float | Decimal, decimals: int) -> str:
    """Return a number as Danes write it, rounded half to even: 2,125 with two decimals is 2,12.

    The scenario texts write the full-year persons a user typed this way (as Python's own
    ``format`` rounds); everything else rounds half up with ``danish_number``.
    """
    return _danish_number(value, decimals, ROUND_HALF_EVEN)


def _danish_number(value: int | float | Decimal, decimals: int, rounding: str) -> str:
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    rounded = number.quantize(Decimal(1).scaleb(-decimals), rounding=rounding)
    sign = "-" if rounded < 0 else ""  # never "-0"
    text = f"{abs(rounded):,.{decimals}f}"  # 1,234,567.89
    return sign + text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def count_noun(count: int, singular: str, plural: str) -> str:
    """Return a count with its noun in the number Danish needs: 1 række, 0 rækker, 1.234 rækker."""
    return f"{danish_number(count)} {singular if count == 1 else plural}"


def persons(value: int | float | Decimal) -> str:
    """Return full-year persons with two decimals and a decimal comma: 12,50."""
    return danish_number(value, 2)


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
#: The months in three letters without a full stop, for a narrow axis: jan, feb … dec.
MONTHS_AXIS: tuple[str, ...] = tuple(name[:3] for name in MONTHS)


def long_date(day: date) -> str:
    """Return a date the way a letter or a report says it: 1. december 2026."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def period_text(start: date, end_exclusive: date | None) -> str:
    """Return a closed-open period as its first and last day: 01.07.–30.09.2026.

    The year is written once when both days are in the same year (15.12.2025–14.01.2026 when
    not); a one-day period is its date; an open period (``end_exclusive`` None) is "fra 01.07.2026".
    An empty period has no days to show and is refused.
    """
    if end_exclusive is None:
        return f"fra {start:%d.%m.%Y}"
    if end_exclusive <= start:
        raise ValueError(f"perioden {start}–{end_exclusive} er tom")
    last = end_exclusive - timedelta(days=1)
    if last == start:
        return f"{start:%d.%m.%Y}"
    if last.year == start.year:
        return f"{start:%d.%m.}–{last:%d.%m.%Y}"
    return f"{start:%d.%m.%Y}–{last:%d.%m.%Y}"

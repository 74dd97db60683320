"""Template filters for scenario figures: Danish kroner, signed differences, full-year persons.

``{% load scenario_format %}`` then ``{{ oere|kr }}`` → "1.234.567 kr.", ``{{ oere|kr_diff }}`` →
"+1.234 kr." / "−1.234 kr." / "0 kr.", ``{{ persons|fyp }}`` → "12,50", ``{{ n|tal }}`` → "1.234".
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from hjemvej.core.formatting import danish_number, whole_kroner
from hjemvej.economy.scenarios.results import Amounts, YearRow

register = template.Library()
MINUS = "\u2212"


@register.filter
def kr(oere: int | None) -> str:
    """Return øre as whole Danish kroner."""
    return "–" if oere is None else whole_kroner(int(oere)).replace("-", MINUS)


@register.filter
def kr_diff(oere: int | None) -> str:
    """Return a difference in øre as signed whole kroner: +1.234 kr. or −1.234 kr."""
    if oere is None:
        return "–"
    text = whole_kroner(abs(int(oere)))
    if text == "0 kr.":
        return text
    return ("+" if oere > 0 else MINUS) + text


@register.filter
def fyp(value: Decimal | None) -> str:
    """Return full-year persons with two decimals, Danish notation."""
    return "–" if value is None else danish_number(value, 2).replace("-", MINUS)


@register.filter
def fyp_diff(value: Decimal | None) -> str:
    """Return a difference in full-year persons, signed."""
    if value is None:
        return "–"
    text = danish_number(abs(value), 2)
    if value == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


@register.filter
def tal(value: int | Decimal | None) -> str:
    """Return a whole number with thousands separators."""
    return "–" if value is None else danish_number(value, 0).replace("-", MINUS)


@register.filter
def tal_diff(value: int | None) -> str:
    """Return a signed whole number: +1.234, −1.234 or 0."""
    if value is None:
        return "–"
    text = danish_number(abs(int(value)), 0)
    if not value:
        return text
    return ("+" if value > 0 else MINUS) + text


#: The parts of a YearRow a template may pick by name.
ROW_PARTS = frozenset({"base", "scenario", "difference"})


@register.filter
def pick(row: YearRow, part: str) -> Amounts:
    """Return ``row.base``, ``row.scenario`` or ``row.difference`` by name."""
    if part not in ROW_PARTS:
        raise ValueError(f"ukendt del af en årsrække: {part!r}")
    result: Amounts = getattr(row, part)
    return result

"""Template filters for economy figures: Danish kroner, full-year persons, shares.

``{% load economy_format %}`` then ``{{ amount_in_oere|kroner }}`` → "1.234.567 kr.",
``{{ persons|helaar }}`` → "12,50", ``{{ part|andel:whole }}`` → "12,5 %",
``{{ n|tal }}`` → "1.234".
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from hjemvej.core import charts
from hjemvej.core.formatting import danish_number, exact_kroner, persons, whole_kroner

register = template.Library()


@register.filter
def kroner(oere: int | None) -> str:
    """Return øre as whole kroner, Danish notation."""
    return "–" if oere is None else whole_kroner(int(oere))


@register.filter
def kroner_exact(oere: int | None) -> str:
    """Return øre as kroner and øre, Danish notation."""
    return "–" if oere is None else exact_kroner(int(oere))


@register.filter
def helaar(value: Decimal | float | None) -> str:
    """Return full-year persons with two decimals."""
    return "–" if value is None else persons(value)


@register.filter
def tal(value: int | float | Decimal | None) -> str:
    """Return a whole number with thousands separators."""
    return "–" if value is None else danish_number(value, 0)


@register.filter
def andel(part: int | float | Decimal | None, whole: int | float | Decimal | None) -> str:
    """Return ``part`` as a percentage of ``whole`` (one decimal)."""
    if part is None or whole is None:
        return "–"
    return charts.percent(part, whole)

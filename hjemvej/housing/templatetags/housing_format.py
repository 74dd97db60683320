"""Template filters of the housing pages: Danish money."""

from __future__ import annotations

from decimal import Decimal

from django import template

from hjemvej.core.formatting import exact_kroner, kroner

register = template.Library()


@register.filter
def kr(amount: Decimal | int | None) -> str:
    """Return kroner (Decimal) as Danish money: 1.234,50 kr.; empty for None."""
    if amount is None or amount == "":
        return ""
    return kroner(Decimal(amount))  # Decimal(): an int here is kroner, not øre


@register.filter
def oere_kr(oere: int | None) -> str:
    """Return øre (the rules' unit) as Danish money: 1.234,50 kr.; empty for None."""
    if oere is None:
        return ""
    return exact_kroner(int(oere))

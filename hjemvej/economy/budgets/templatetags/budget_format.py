"""Template filters of the budget and forecast pages: amounts by measure, percentages, months.

``{% load budget_format %}`` then ``{{ value|maengde:measure }}`` → "1.234.567 kr." or "12,50",
``{{ percent|procent }}`` → "12,5 %", ``{{ month|maaned }}`` → "januar 2026".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from hjemvej.core import charts
from hjemvej.core.formatting import danish_number, exact_kroner, persons, whole_kroner
from hjemvej.economy.budgets.results import is_money

register = template.Library()


@register.filter
def maengde(value: int | Decimal | None, measure: str) -> str:
    """Return an amount in its measure's unit: øre as kroner, or full-year persons."""
    if value is None:
        return "–"
    if is_money(measure):
        return whole_kroner(int(value))
    return persons(value)


@register.filter
def forskel(value: int | Decimal | None, measure: str) -> str:
    """Return a difference with its sign: "+1.234 kr." or "−0,50"."""
    if value is None:
        return "–"
    magnitude: int | Decimal = -value if value < 0 else value
    text = maengde(magnitude, measure)
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


@register.filter
def procent(value: Decimal | None) -> str:
    """Return a percentage with one decimal and its sign."""
    if value is None:
        return "–"
    text = danish_number(abs(value), 1)
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{text} %"


@register.filter
def maaned(value: date) -> str:
    """Return a month as "januar 2026"."""
    return charts.month_label(value, long=True)


@register.filter
def kroner_pr_dag(oere: int) -> str:
    """Return a daily amount in øre as "1.234,50 kr."."""
    return exact_kroner(int(oere))


@register.filter
def heltal(value: int | None) -> str:
    """Return a whole number with thousands separators: 12.345."""
    return "–" if value is None else danish_number(value, 0)

"""``{{ start|period:end }}``: a closed-open period as its first and last day (core.formatting)."""

from __future__ import annotations

from datetime import date

from django import template

from hjemvej.core.formatting import period_text

register = template.Library()


@register.filter
def period(start: date, end_exclusive: date | None) -> str:
    """Return ``period_text(start, end_exclusive)``: 01.07.–30.09.2026."""
    return period_text(start, end_exclusive)

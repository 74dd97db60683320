"""``{{ start|period:end }}`` and ``{{ end|last_day }}``: closed-open periods to their last day."""

from __future__ import annotations

from datetime import date, timedelta

from django import template

from hjemvej.core.formatting import period_text

register = template.Library()


@register.filter
def period(start: date, end_exclusive: date | None) -> str:
    """Return ``period_text(start, end_exclusive)``: 01.07.–30.09.2026."""
    return period_text(start, end_exclusive)


@register.filter
def last_day(end_exclusive: date | None) -> str:
    """Return the last day of a period that ends before ``end_exclusive`` ("" while it is open).

    For the "Til og med" column of a closed-open period: ended 01.03.2026 shows 28.02.2026.
    """
    if end_exclusive is None:
        return ""
    return f"{end_exclusive - timedelta(days=1):%d.%m.%Y}"

"""What the economy views share: query parameters."""

from __future__ import annotations

from datetime import date

from django.http import QueryDict


def parse_int(raw: str | None, *, low: int, high: int) -> int | None:
    """Return an integer within ``[low, high]`` from a query parameter, or None."""
    if raw is None or not raw.strip():
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        return None
    return value if low <= value <= high else None


def chosen_year(query: QueryDict, today: date) -> tuple[int, str]:
    """Return the year asked for (default: this year) and a Danish error for a wrong one."""
    raw = query.get("year", "")
    year = parse_int(raw, low=1990, high=today.year + 1)
    if year is None:
        error = "Angiv et årstal, fx 2025." if raw.strip() else ""
        return today.year, error
    return year, ""


def query_without(query: QueryDict, *names: str) -> str:
    """Return the query string without the named parameters (for pagination links)."""
    params = query.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def parse_date(raw: str) -> date | None:
    """Return a date written as ÅÅÅÅ-MM-DD (a date field) or DD.MM.ÅÅÅÅ, or None."""
    text = raw.strip()
    if not text:
        return None
    try:
        if "." in text:
            day, month, year = (int(part) for part in text.split("."))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None

"""Working days: Monday to Friday except Danish public holidays (helligdagsloven).

Deadlines in working days (hverdage), such as the shelter's notice to the acting municipality
within 3 working days (SEL § 110, stk. 6), count from the day after the event. Grundlovsdag,
24 and 31 December are not public holidays and count as working days here.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays


@cache
def _danish_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("DK", years=year).keys())


def is_working_day(day: date) -> bool:
    """Return whether the date is a working day in Denmark."""
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """Return the date ``days`` working days after ``start`` (the deadline's last day)."""
    if days < 0:
        raise ValueError("antallet af hverdage kan ikke være negativt")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def notice_deadline(admitted: date, working_days: int) -> date:
    """Return the last day the shelter may notify the acting municipality (SEL § 110, stk. 6)."""
    return add_working_days(admitted, working_days)

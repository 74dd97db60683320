"""Month arithmetic on dates: the one home of "n months later" in its three senses.

A month later is not one thing, so there are three functions, each named for what it does with a
day the target month lacks:

* ``add_months``: the law's reading. The day rolls over to the next month's 1st, as the
  anniversary of 29 February is 1 March (the shelter window, docs/rules.md, The cap) and six
  months after 31 August is 1 March.
* ``add_months_clamped``: the calendar's reading. The day becomes the month's last, so six months
  after 31 August is 28 (29) February and a date counted back never lands after its start.
* ``month_start_plus``: whole months. The first day of the month ``months`` after the day's month,
  whatever the day.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later; a day the month lacks rolls to the next month's 1st."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    if day.day <= last:
        return date(year, month0 + 1, day.day)
    # As the shelter window's anniversary of 29 February is 1 March (docs/rules.md, The cap).
    return date(year, month0 + 1, last) + timedelta(days=1)


def add_months_clamped(day: date, months: int) -> date:
    """Return the same day ``months`` later (earlier when negative), or that month's last day."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def month_start_plus(day: date, months: int) -> date:
    """Return the first day of the month ``months`` after (or before) the day's month."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, 1)

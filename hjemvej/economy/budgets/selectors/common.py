"""The parameters, limits and month arithmetic that the budget and the forecast share."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hjemvej.core.law import UsedParameter
from hjemvej.economy.selectors.common import SUPPORT_PARAMETERS
from hjemvej.rules.budget import full_year_persons
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.periods import CAP, OWN_PAYMENT, RATE

#: The parameters the budget figures and the forecast use: § 177's and § 176 a's.
PARAMETERS = (RATE, CAP, OWN_PAYMENT, *SUPPORT_PARAMETERS)
CENT = Decimal("0.01")
MAX_RUNS = 5000
MAX_YEARS = 5


def month_start(day: date) -> date:
    """Return the first day of the day's month."""
    return day.replace(day=1)


def _persons(days: float | int, period_days: int) -> Decimal:
    """Return days as full-year persons, two decimals (half up)."""
    if isinstance(days, int):
        return full_year_persons(days, period_days)
    return (Decimal(days) / Decimal(period_days)).quantize(CENT, ROUND_HALF_UP)


def parameters_used(params: ParameterSet, start: date, end: date) -> list[UsedParameter]:
    """Return the values of the shelter parameters in force on some day of ``[start, end)``."""
    used: list[UsedParameter] = []
    for name in PARAMETERS:
        parameter = params[name]
        used.extend(UsedParameter(v, parameter.title) for v in parameter.between(start, end))
    return used

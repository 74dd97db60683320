"""The small demo's budget: this year's budget at last year's level, for every area.

So the budget page of ``make run`` compares something: each measure of the whole budget (shelter
stays, support, § 107 stays, grants, deposit loans, the total) gets a year total equal to last
year's actual figure, rounded as an economist would enter it (money to whole 10,000 kroner,
full-year persons to halves). A measure last year had nothing of gets no budget, so the page
also shows what an unbudgeted measure looks like. Entered by the economist login (or the demo
actor) through ``budget_set``, so the audit log shows it like any budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from hjemvej.accounts.models import User
from hjemvej.demo.small_base import Demo
from hjemvej.economy.budgets.selectors import budget_vs_actual
from hjemvej.economy.budgets.services import budget_set

#: Money is budgeted in whole steps of this many kroner; full-year persons in halves.
MONEY_STEP = Decimal(10_000)
PERSONS_STEP = Decimal("0.5")


def _rounded(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).quantize(Decimal(1), ROUND_HALF_UP) * step


def play_budget(demo: Demo, logins: Mapping[str, User]) -> str:
    """Set this year's budget from last year's actuals; return what was done, in Danish."""
    actor = logins.get("oekonomi") or demo.actor
    year = demo.today.year
    last = budget_vs_actual(demo.municipality.pk, year - 1, demo.today, with_forecast=False)
    set_measures = 0
    for measure in last.measures:
        actual = measure.year.actual
        if not actual:
            continue
        amount = (
            _rounded(Decimal(actual) / 100, MONEY_STEP)
            if measure.is_money
            else _rounded(Decimal(actual), PERSONS_STEP)
        )
        if amount <= 0:
            continue
        budget_set(
            actor=actor,
            municipality=demo.municipality,
            year=year,
            measure=measure.measure,
            year_total=amount,
        )
        set_measures += 1
    return f"  Budget {year}: {set_measures} mål sat til niveauet fra {year - 1}"

"""Lån til beboerindskud: the year's household income ceiling and the free period.

The municipality must lend the deposit of an almen dwelling when the household income at the
move-in does not exceed the ceiling: a married couple's folkepension (grundbeløb and
pensionstillæg) + 5 %, raised for each child up to four (boligstøtteloven § 56). Above it, a loan
is the municipality's free choice. The loan is interest- and repayment-free for five years.
"""

from __future__ import annotations

from datetime import date

from hjemvej.rules.dates import add_months
from hjemvej.rules.explain import danish_date
from hjemvej.rules.housing.model import DepositLoanCheck
from hjemvej.rules.parameters import (
    ParameterError,
    ParameterSet,
    ParameterValue,
    default_parameters,
)
from hjemvej.rules.parameters import exact_kroner as kr

CEILING = "housing.deposit_loan.income_ceiling"
CEILING_SINGLE_ROOM = "housing.deposit_loan.income_ceiling_single_room"
PER_CHILD = "housing.deposit_loan.income_ceiling_per_child"
CHILDREN_MAX = "housing.deposit_loan.children_max"
FREE_YEARS = "housing.deposit_loan.free_years"


def add_years(day: date, years: int) -> date:
    """Return the same day ``years`` later; 29 February becomes 1 March in a common year."""
    return add_months(day, 12 * years)


def repayment_free_until(paid_on: date, params: ParameterSet | None = None) -> date | None:
    """Return the first day repayment may begin, or None when no free period is loaded.

    Boligstøtteloven kapitel 6: the loan is interest- and repayment-free for five years.
    """
    params = params or default_parameters()
    try:
        years = params.count(FREE_YEARS, paid_on)
    except ParameterError:
        return None
    return add_years(paid_on, years)


def deposit_loan_check(
    *,
    household_income_year: int,
    children: int,
    on: date,
    paid_on: date | None = None,
    single_room: bool = False,
    params: ParameterSet | None = None,
) -> DepositLoanCheck:
    """Return the household income against the deposit-loan ceiling (boligstøtteloven § 56).

    ``on`` picks the year's ceiling (the move-in or the decision); an income equal to the ceiling
    is within it ("ikke overstiger"). A ``single_room`` (enkeltværelse, no kitchen of its own) has
    its own, lower ceiling: a single pensioner's folkepension + 5 %; the raise per child is the
    same as for a flat.
    """
    params = params or default_parameters()
    if household_income_year < 0:
        raise ValueError("husstandsindkomsten kan ikke være negativ")
    if children < 0:
        raise ValueError("antallet af børn kan ikke være negativt")
    what = " i et enkeltværelse" if single_room else ""
    free_until = repayment_free_until(paid_on or on, params)
    free_value: tuple[ParameterValue, ...] = ()
    if free_until is not None:
        free_value = (params.at(FREE_YEARS, paid_on or on),)
    try:
        base = params.at(CEILING_SINGLE_ROOM if single_room else CEILING, on)
        per_child = params.at(PER_CHILD, on)
        children_max = params.at(CHILDREN_MAX, on)
    except ParameterError:
        return DepositLoanCheck(
            on=on,
            household_income_year=household_income_year,
            children=children,
            ceiling=None,
            over_by=0,
            repayment_free_until=free_until,
            text=(
                f"Indkomstgrænsen for beboerindskudslån{what} den {danish_date(on)} er ikke "
                "indlæst i Hjemvej; kontrollér grænsen på borger.dk."
            ),
            parameters=free_value,
        )
    counted = min(children, params.count(CHILDREN_MAX, on))
    ceiling = params.money(base.name, on) + counted * params.money(PER_CHILD, on)
    over_by = max(0, household_income_year - ceiling)
    raised = f" forhøjet for {counted} {'barn' if counted == 1 else 'børn'}" if counted else ""
    if over_by:
        text = (
            f"Husstandsindkomsten {kr(household_income_year)} om året overstiger grænsen for "
            f"beboerindskudslån{what}, {kr(ceiling)}{raised}, med {kr(over_by)}. Kommunen har ikke "
            "pligt til at yde lånet; et lån over grænsen er et frivilligt lån, som skal begrundes."
        )
    else:
        text = (
            f"Husstandsindkomsten {kr(household_income_year)} om året overstiger ikke grænsen "
            f"for beboerindskudslån{what}, {kr(ceiling)}{raised}.".replace("kr..", "kr.")
        )
    return DepositLoanCheck(
        on=on,
        household_income_year=household_income_year,
        children=children,
        ceiling=ceiling,
        over_by=over_by,
        repayment_free_until=free_until,
        text=text,
        parameters=(base, per_child, children_max, *free_value),
    )

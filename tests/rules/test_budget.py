"""A year's shelter figures and full-year persons (docs/rules.md, Full-year persons)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from hjemvej.rules.budget import budget_year, days_in_year, full_year_persons
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.shelter import StayRow, StayTable, reimburse


def table() -> StayTable:
    return StayTable.from_rows(
        [
            # 2024-12-20 to 2025-02-10: 12 days in 2024, 31 in January, 9 in February 2025.
            StayRow("a", "c1", date(2024, 12, 20), date(2025, 2, 10), 200_000, 0),
            # A whole year 2025 and beyond, with the statutory own payment.
            StayRow("b", "c2", date(2024, 6, 1), None, 150_000, None),
        ]
    )


def test_full_year_persons() -> None:
    assert full_year_persons(365, 365) == Decimal("1.00")
    assert full_year_persons(9_125, 365) == Decimal("25.00")
    assert full_year_persons(100, 366) == Decimal("0.27")
    assert days_in_year(2024) == 366
    with pytest.raises(ValueError, match="mindst én dag"):
        full_year_persons(1, 0)


def test_year_and_months_add_up_and_cut_stays_at_the_year() -> None:
    params = default_parameters()
    whole, months = budget_year(table(), year=2025, as_of=date(2026, 6, 1), params=params)
    assert whole.days == 40 + 365
    assert months[0].days == 31 + 31
    assert months[1].days == 9 + 28
    assert whole.full_year_persons == Decimal("1.11")  # 405 / 365
    assert months[0].full_year_persons == Decimal("2.00")
    assert sum(m.gross_cost for m in months) == whole.gross_cost == 40 * 200_000 + 365 * 150_000
    assert sum(m.own_payment for m in months) == whole.own_payment == 365 * 9_671
    assert abs(sum(m.reimbursement for m in months) - whole.reimbursement) <= 12
    assert whole.net_cost == whole.gross_cost - whole.own_payment - whole.reimbursement


def test_a_year_not_over_divides_by_the_days_counted() -> None:
    # As of 1 March 2025: 59 days counted (31 + 28). Stay b is there every day (59 days) and stay a
    # from 1 January to 10 February (40 days): 99 days over 59 counted days.
    whole, months = budget_year(
        table(), year=2025, as_of=date(2025, 3, 1), params=default_parameters()
    )
    assert whole.counted_days == 59
    assert whole.days == 99
    assert whole.full_year_persons == Decimal("1.68")  # 99 / 59, not 99 / 365 = 0.27
    assert months[1].full_year_persons == Decimal("1.32")  # 37 / 28
    assert months[2].counted_days == 0
    assert months[2].full_year_persons == Decimal("0.00")


def test_budget_reimbursement_agrees_with_the_per_stay_engine_over_all_years() -> None:
    params = default_parameters()
    as_of = date(2026, 6, 1)
    per_stay = reimburse(table(), as_of=as_of, params=params)
    years = [
        budget_year(table(), year=y, as_of=as_of, params=params)[0] for y in (2024, 2025, 2026)
    ]
    assert sum(y.reimbursed_days for y in years) == int(per_stay.reimbursed_days.sum())
    assert sum(y.gross_cost for y in years) == int(per_stay.gross_cost.sum())
    assert abs(sum(y.reimbursement for y in years) - int(np.sum(per_stay.reimbursement))) <= 2

"""Figures by month and group add up to the per-stay engine's figures."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings

from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.shelter import StayRow, StayTable, reimburse
from hjemvej.rules.shelter.aggregate import month_starts, monthly_figures
from tests.rules.test_shelter import populations

AS_OF = date(2030, 1, 1)


def test_month_starts() -> None:
    assert month_starts(date(2025, 11, 15), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_a_stay_across_months_and_groups() -> None:
    table = StayTable.from_rows(
        [
            StayRow("a", "c1", date(2025, 1, 30), date(2025, 2, 3), 100_000, 0),
            StayRow("b", "c2", date(2025, 2, 1), date(2025, 2, 11), 50_000, 0),
        ]
    )
    figures = monthly_figures(
        table,
        start=date(2025, 1, 1),
        end=date(2025, 3, 1),
        as_of=AS_OF,
        params=default_parameters(),
        groups=np.array([0, 1]),
        n_groups=2,
    )
    assert figures.months == [date(2025, 1, 1), date(2025, 2, 1)]
    assert figures.days.tolist() == [[2, 2], [0, 10]]
    assert figures.gross_cost.tolist() == [[200_000, 200_000], [0, 500_000]]
    assert figures.reimbursement.tolist() == [[100_000, 100_000], [0, 250_000]]
    assert figures.total(groups=np.array([1]))["gross_cost"] == 500_000


@settings(max_examples=40, deadline=None)
@given(rows=populations())
def test_all_months_add_up_to_the_per_stay_results(rows: list[StayRow]) -> None:
    table = StayTable.from_rows(rows)
    params = default_parameters()
    per_stay = reimburse(table, as_of=AS_OF, params=params)
    figures = monthly_figures(
        table,
        start=date(2022, 1, 1),
        end=AS_OF,
        as_of=AS_OF,
        params=params,
        groups=np.arange(len(rows)),
    )
    assert figures.days.sum(axis=1).tolist() == per_stay.days.tolist()
    assert figures.reimbursed_days.sum(axis=1).tolist() == per_stay.reimbursed_days.tolist()
    assert figures.gross_cost.sum(axis=1).tolist() == per_stay.gross_cost.tolist()
    assert figures.own_payment.sum(axis=1).tolist() == per_stay.own_payment.tolist()
    per_group = [figures.total(groups=np.array([i]))["reimbursement"] for i in range(len(rows))]
    assert per_group == per_stay.reimbursement.tolist()

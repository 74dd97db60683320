"""Why a cost changed: volume, length and price split exactly (LMDI-I)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from hjemvej.rules.change import Year, apportion, log_mean, split_change


def test_more_persons_alone_is_all_volume() -> None:
    # 100 → 150 persons, 40 nights each, 500 kr. a night: +3.000.000 kr., all volume.
    before = Year(persons=100, nights=4_000, gross_cost=200_000_000)
    after = Year(persons=150, nights=6_000, gross_cost=300_000_000)
    split = split_change(before, after)
    assert split is not None
    assert split.effects == {"volume": 100_000_000, "length": 0, "price": 0}


def test_a_higher_rate_alone_is_all_price() -> None:
    before = Year(persons=100, nights=4_000, gross_cost=200_000_000)
    after = Year(persons=100, nights=4_000, gross_cost=220_000_000)  # 550 kr. a night
    split = split_change(before, after)
    assert split is not None
    assert split.effects == {"volume": 0, "length": 0, "price": 20_000_000}


def test_a_worked_example_by_hand() -> None:
    # Persons 100 → 110, nights per person 40 → 50, price 500 → 550 kr.
    # Cost 2.000.000 → 3.025.000 kr. L = 1.025.000 / ln(1,5125) = 2.477.258,10 kr.
    # Volume L·ln 1,1 = 236.107,91; length L·ln 1,25 = 552.784,17; price L·ln 1,1 = 236.107,91;
    # the rounded effects keep the sum 1.025.000,00 kr.
    before = Year(persons=100, nights=4_000, gross_cost=200_000_000)
    after = Year(persons=110, nights=5_500, gross_cost=302_500_000)
    split = split_change(before, after)
    assert split is not None
    weight = 102_500_000 / math.log(1.5125)
    assert abs(split.effects["volume"] - weight * math.log(1.1)) <= 1
    assert abs(split.effects["length"] - weight * math.log(1.25)) <= 1
    assert abs(split.effects["volume"] - 23_610_791) <= 1
    assert abs(split.effects["length"] - 55_278_417) <= 1
    assert sum(split.effects.values()) == split.change == 102_500_000


def test_a_year_without_nights_has_no_split() -> None:
    assert split_change(Year(0, 0, 0), Year(10, 100, 5_000_000)) is None
    assert split_change(Year(10, 100, 5_000_000), Year(0, 0, 0)) is None


def test_the_log_mean() -> None:
    assert log_mean(5.0, 5.0) == 5.0
    assert math.isclose(log_mean(2.0, 1.0), 1 / math.log(2))


@given(
    st.integers(1, 5_000),
    st.integers(1, 400),
    st.integers(1, 300_000),
    st.integers(1, 5_000),
    st.integers(1, 400),
    st.integers(1, 300_000),
)
def test_the_effects_add_up_to_the_change_exactly(
    p0: int, n0: int, c0: int, p1: int, n1: int, c1: int
) -> None:
    before = Year(persons=p0, nights=p0 * n0, gross_cost=p0 * n0 * c0)
    after = Year(persons=p1, nights=p1 * n1, gross_cost=p1 * n1 * c1)
    split = split_change(before, after)
    assert split is not None
    assert sum(split.effects.values()) == after.gross_cost - before.gross_cost
    # Each effect has the sign of its factor's change.
    for name, (x0, x1) in zip(
        ("volume", "length", "price"), ((p0, p1), (n0, n1), (c0, c1)), strict=True
    ):
        if x1 > x0:
            assert split.effects[name] >= 0
        elif x1 < x0:
            assert split.effects[name] <= 0
        else:
            assert abs(split.effects[name]) <= 1


@given(st.lists(st.floats(-1e9, 1e9), min_size=1, max_size=5))
def test_apportion_keeps_the_total(shares: list[float]) -> None:
    total = round(sum(shares))
    rounded = apportion(total, shares)
    assert sum(rounded) == total
    slack = 1 + abs(total - sum(shares))
    assert all(abs(r - s) <= slack for r, s in zip(rounded, shares, strict=True))

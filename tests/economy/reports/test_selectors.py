"""The dashboard's and report's figures against the plain law engine, cut month by month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from hjemvej.economy.reports.selectors import dashboard, overview
from hjemvej.rules.budget import full_year_persons

AS_OF = date(2026, 11, 21)


def _months(year: int) -> list[date]:
    return [date(year, m, 1) for m in range(1, 13)]


def _amounts(period_total: object) -> dict[str, int]:
    keys = ("days", "reimbursed_days", "gross_cost", "own_payment", "reimbursement", "net_cost")
    return {k: getattr(period_total, k) for k in keys}


@pytest.mark.django_db
def test_years_and_months_equal_the_plain_engine(world: Any, recomputed: Any) -> None:
    view = overview(world.municipality, start=date(2024, 1, 1), end=AS_OF, as_of=AS_OF)
    for year in (2024, 2025, 2026):
        period = view.year(year)
        expected = recomputed.total(months=_months(year))
        assert _amounts(period.total) == expected
        external = recomputed.total(months=_months(year), shelters={world.outside.pk})
        assert _amounts(period.external) == external
    for month in view.monthly():
        assert _amounts(month.total) == recomputed.total(months=[month.start])
    assert view.year(2025).total.days > 0


@pytest.mark.django_db
def test_full_year_persons_and_partial_year(world: Any, recomputed: Any) -> None:
    view = overview(world.municipality, start=date(2025, 1, 1), end=AS_OF, as_of=AS_OF)
    whole = view.year(2025)
    assert not whole.partial
    assert whole.full_year_persons == full_year_persons(whole.total.days, 365)
    current = view.year(2026)
    assert current.partial
    assert current.label == "1. januar–20. november 2026"
    assert current.period_days == (AS_OF - date(2026, 1, 1)).days
    assert current.external_full_year_persons == full_year_persons(
        current.external.days, current.period_days
    )


@pytest.mark.django_db
def test_shelters_are_ranked_by_net_cost_and_sum_to_the_total(world: Any, recomputed: Any) -> None:
    view = overview(world.municipality, start=date(2025, 1, 1), end=AS_OF, as_of=AS_OF)
    year = view.year(2025)
    rows = view.shelters(year.start, year.end, limit=None)
    assert [r.amounts.net_cost for r in rows] == sorted(
        (r.amounts.net_cost for r in rows), reverse=True
    )
    assert {r.shelter.pk for r in rows} == {
        world.inside.pk,
        world.outside.pk,
        world.unregistered.pk,
    }
    for row in rows:
        expected = recomputed.total(months=_months(2025), shelters={row.shelter.pk})
        assert _amounts(row.amounts) == expected
    unregistered = next(r for r in rows if r.shelter.pk == world.unregistered.pk)
    assert unregistered.amounts.reimbursement == 0
    assert unregistered.amounts.days == 45  # 15.01.–01.03.2025


@pytest.mark.django_db
def test_drivers_long_stays_external_and_the_cap(world: Any, recomputed: Any) -> None:
    view = overview(world.municipality, start=date(2025, 1, 1), end=AS_OF, as_of=AS_OF)
    year = view.year(2025)
    d = view.drivers(year.start, year.end)
    qualifying = {world.inside.pk, world.outside.pk}
    paid = recomputed.total(months=_months(2025), shelters=qualifying)
    # Days past the cap: days on qualifying shelters (all after 1.10.2023) − reimbursed days.
    assert d.days_past_cap == paid["days"] - paid["reimbursed_days"]
    assert d.days_past_cap > 0
    assert d.qualifying_days_in_cap_era == paid["days"]
    assert d.non_qualifying_days == 45
    # Every day past the cap is on the inside shelter or the external one; their reimbursable
    # base is 1.400 kr. and 1.800 kr. a day, half of which the cap withholds.
    assert d.reimbursement_lost * 2 == d.cost_past_cap
    assert (
        d.external_net_cost
        == recomputed.total(months=_months(2025), shelters={world.outside.pk})["net_cost"]
    )
    assert 0 < d.days_over_365 <= d.days_over_120 <= d.days


@pytest.mark.django_db
def test_cap_counted_by_hand(world: Any) -> None:
    """Days past the 120-day cap in 2025, counted by hand from the anchored windows.

    Anna: window 10.09.2024–10.09.2025 with 101 days in 2024; of the 219 days from 03.02.2025 to
    10.09.2025, 19 are reimbursed: 200 past the cap (700 kr. withheld a day). Bent: window from
    05.11.2024, 57 days in 2024 and 91 in 2025 on the external shelter (28 past, 900 kr.) and the
    same-day stay 30.06.2025 inside (1 past). Carl: 92 days from 01.10.2025, none past. Dora: 226
    days on the external shelter from 20.05.2025: 106 past.
    """
    view = overview(world.municipality, start=date(2024, 1, 1), end=AS_OF, as_of=AS_OF)
    year = view.year(2024)
    assert view.drivers(year.start, year.end).days_past_cap == 0
    year = view.year(2025)
    d = view.drivers(year.start, year.end)
    assert d.days_past_cap == 200 + 28 + 1 + 106
    assert d.reimbursement_lost == (200 * 700 + 28 * 900 + 1 * 700 + 106 * 900) * 100
    assert d.cost_past_cap == 2 * d.reimbursement_lost


@pytest.mark.django_db
def test_dashboard_has_four_years_and_not_enacted_values(world: Any) -> None:
    board = dashboard(world.municipality, today=AS_OF)
    assert [y.label for y in board.years] == ["2023", "2024", "2025", "1. januar–20. november 2026"]
    assert board.current.partial
    assert len(board.months) == 12 * 3 + 11
    statuses = {p.value.status for p in board.not_enacted}
    assert statuses <= {"agreed", "assumed"}
    assert "shelter.reimbursement.day_cap" in {p.value.name for p in board.not_enacted}
    assert board.drivers[0][0] is board.current
    assert board.shelters[0].amounts.net_cost >= board.shelters[-1].amounts.net_cost
    assert board.current.full_year_persons >= Decimal("0")


@pytest.mark.django_db
def test_the_quick_uncapped_cells_equal_a_second_engine_pass(world: Any) -> None:
    """With one reimbursement rate the uncapped cells come from the capped pass; else the engine
    runs again. The same rate split in two (a scenario value equal to the law) forces the engine.
    """
    from hjemvej.rules.parameters import Override, default_parameters

    params = default_parameters()
    split = params.with_overrides(
        [Override("shelter.reimbursement.rate", Decimal(50), date(2025, 7, 1))]
    )
    quick = overview(world.municipality, start=date(2024, 1, 1), end=AS_OF, as_of=AS_OF)
    engine = overview(
        world.municipality, start=date(2024, 1, 1), end=AS_OF, as_of=AS_OF, params=split
    )
    for year in (2024, 2025, 2026):
        period = quick.year(year)
        assert quick.drivers(period.start, period.end) == engine.drivers(period.start, period.end)


@pytest.mark.django_db
def test_the_cost_change_is_split_into_volume_length_and_price(world: Any) -> None:
    """2024 → 2025: Anna and Bent had nights in 2024; all four had nights in 2025."""
    view = overview(world.municipality, start=date(2024, 1, 1), end=AS_OF, as_of=AS_OF)
    before, after = view.year(2024), view.year(2025)
    assert view.persons(before.start, before.end) == 2
    # Bent's same-day stay in 2025 has no night, but his external stay runs into 2025.
    assert view.persons(after.start, after.end) == 4
    found = view.cost_change(before, after)
    assert found.split is not None
    effects = found.split.effects
    assert sum(effects.values()) == after.total.gross_cost - before.total.gross_cost
    assert effects["volume"] > 0  # twice the persons
    assert found.net_change == after.total.net_cost - before.total.net_cost
    assert found.net_change == (
        found.split.change - found.own_payment_change - found.reimbursement_change
    )
    # The same year twice: no change, every effect 0.
    same = view.cost_change(before, before)
    assert same.split is not None
    assert set(same.split.effects.values()) == {0}

"""The year's figures and the rows behind them, against the plain engine day by day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from hjemvej.economy import selectors
from hjemvej.economy.selectors.common import cell_bounds
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.support import Stay as SupportStay
from hjemvej.rules.support import SupportCourse, support_reimbursement
from hjemvej.shelters.models import Stay
from tests.economy.core.conftest import TODAY, Cell, PlainCells, World

YEARS = (2024, 2025, 2026)


def _external(world: World) -> dict[int, bool]:
    return {
        s.pk: s.shelter.municipality_id != s.citizen.acting_municipality_id
        for s in Stay.objects.select_related("shelter", "citizen")
    }


def _sum(cells: dict[int, Cell], keep: Callable[[int], bool]) -> Cell:
    total = Cell()
    for pk, cell in cells.items():
        if keep(pk):
            total.add(cell)
    return total


def _same(amounts: selectors.Amounts, expected: Cell) -> None:
    assert (
        amounts.days,
        amounts.reimbursed_days,
        amounts.gross_cost,
        amounts.own_payment,
        amounts.reimbursement,
    ) == (
        expected.days,
        expected.reimbursed_days,
        expected.gross_cost,
        expected.own_payment,
        expected.reimbursement,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("year", YEARS)
def test_every_month_matches_the_plain_engine(
    world: World, plain_cells: PlainCells, fyp: Callable[[int, int], Decimal], year: int
) -> None:
    municipality = world.users["economist"].municipality
    assert municipality is not None
    data = selectors.year_figures(municipality.pk, year=year, today=TODAY)
    assert data.problem == ""
    external = _external(world)
    keeps: dict[str, Callable[[int], bool]] = {
        "all": lambda pk: True,
        "internal": lambda pk: not external[pk],
        "external": lambda pk: external[pk],
    }
    for split in data.splits:
        for row in [*split.months, split.year]:
            start, end = cell_bounds(year, row.month)
            expected = _sum(plain_cells("751", start=start, end=end, as_of=TODAY), keeps[split.key])
            _same(row.amounts, expected)
            # Full-year persons: the nights ÷ the days counted (those before TODAY), so a month or
            # year not over is an average over its days so far; a month not begun has none.
            counted = max(0, (min(end, TODAY) - start).days)
            persons = fyp(expected.days, counted) if counted else Decimal("0.00")
            assert row.amounts.full_year_persons == persons
            assert row.amounts.net_cost == (
                expected.gross_cost - expected.own_payment - expected.reimbursement
            )


@pytest.mark.django_db
def test_shelters_and_the_cap_in_2025(world: World, plain_cells: PlainCells) -> None:
    municipality_id = world.users["economist"].municipality_id
    assert municipality_id is not None
    data = selectors.year_figures(municipality_id, year=2025, today=TODAY)
    cells = plain_cells("751", start=date(2025, 1, 1), end=date(2026, 1, 1), as_of=TODAY)
    shelter_of = {s.pk: s.shelter_id for s in Stay.objects.all()}
    by_pk = {s.info.pk: s for s in data.shelters}
    for shelter in (world.inside, world.outside, world.unregistered):
        expected = _sum(cells, lambda pk, sid=shelter.pk: shelter_of[pk] == sid)  # type: ignore[misc]
        _same(by_pk[shelter.pk].year.amounts, expected)
    # No reimbursement at the unregistered shelter; its days cost all the same.
    unregistered = by_pk[world.unregistered.pk].year.amounts
    assert unregistered.reimbursement == 0
    assert unregistered.days == 59  # Carl, 01.02.–31.03.2025
    assert unregistered.gross_cost == 59 * 80_000
    # Anna: 115 nights in her first stay, so only 5 of the window's 120 remain for the second.
    assert cells[world.stays["anna2"].pk].days == 106
    assert cells[world.stays["anna2"].pk].reimbursed_days == 5
    # Frida (another municipality) is not in the inside shelter's figures.
    assert world.stranger is not None
    stranger_stays = set(Stay.objects.filter(citizen=world.stranger).values_list("pk", flat=True))
    assert not stranger_stays & set(cells)


@pytest.mark.django_db
def test_the_shelter_page_months(world: World, plain_cells: PlainCells) -> None:
    municipality_id = world.users["economist"].municipality_id
    assert municipality_id is not None
    data = selectors.year_figures(
        municipality_id, year=2025, today=TODAY, shelter_pk=world.outside.pk
    )
    shelter = next(s for s in data.shelters if s.info.pk == world.outside.pk)
    assert shelter.info.external
    assert len(shelter.months) == 12
    shelter_of = {s.pk: s.shelter_id for s in Stay.objects.all()}
    for row in shelter.months:
        start, end = cell_bounds(2025, row.month)
        expected = _sum(
            plain_cells("751", start=start, end=end, as_of=TODAY),
            lambda pk: shelter_of[pk] == world.outside.pk,
        )
        _same(row.amounts, expected)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("month", "external", "shelter"),
    [(None, None, None), (3, None, None), (12, True, None), (10, False, None), (None, None, "out")],
)
def test_the_rows_behind_a_figure_add_up_to_it(
    world: World,
    plain_cells: PlainCells,
    month: int | None,
    external: bool | None,
    shelter: str | None,
) -> None:
    municipality_id = world.users["economist"].municipality_id
    assert municipality_id is not None
    shelter_pk = world.outside.pk if shelter else None
    rows = selectors.stay_rows(
        municipality_id,
        year=2025,
        month=month,
        today=TODAY,
        external=external,
        shelter_pk=shelter_pk,
    )
    start, end = cell_bounds(2025, month)
    cells = plain_cells("751", start=start, end=end, as_of=TODAY)
    externals = _external(world)
    shelter_of = {s.pk: s.shelter_id for s in Stay.objects.all()}

    def keep(pk: int) -> bool:
        if external is not None and externals[pk] != external:
            return False
        return shelter_pk is None or shelter_of[pk] == shelter_pk

    wanted = {pk for pk, cell in cells.items() if cell.days and keep(pk)}
    assert {line.stay_pk for line in rows.lines} == wanted
    assert wanted
    for line in rows.lines:
        _same(line.amounts, cells[line.stay_pk])
    assert rows.total is not None
    _same(rows.total, _sum(cells, lambda pk: pk in wanted))
    # The same cell on the figures page.
    data = selectors.year_figures(municipality_id, year=2025, today=TODAY, shelter_pk=shelter_pk)
    if shelter_pk is not None:
        figure = next(s for s in data.shelters if s.info.pk == shelter_pk).year
    else:
        key = {None: "all", True: "external", False: "internal"}[external]
        split = next(s for s in data.splits if s.key == key)
        figure = split.year if month is None else split.months[month - 1]
    assert figure.amounts == rows.total


@pytest.mark.django_db
def test_support_courses_in_the_year(world: World) -> None:
    municipality_id = world.users["economist"].municipality_id
    assert municipality_id is not None
    params = default_parameters()
    for year in (2025, 2026):
        support = selectors.support_figures(municipality_id, year=year, today=TODAY)
        assert support.problem == ""
        by_citizen = {line.citizen_pk: line for line in support.lines}
        citizens = world.citizens
        for key, homeless in (("anna", False), ("gitte", True), ("carl", False), ("bent", False)):
            citizen = citizens[key]
            courses = [
                SupportCourse(
                    course_id=str(c.pk),
                    citizen_id=str(citizen.pk),
                    method=c.kind,  # type: ignore[arg-type]
                    decision_date=c.decided_on,
                    start=c.start,
                    end=c.end,
                    monthly_cost=int(c.monthly_cost * 100),
                    homeless_at_start=homeless,
                )
                for c in citizen.courses.all()
            ]
            stays = [
                SupportStay(str(citizen.pk), s.admitted, s.discharged)
                for s in citizen.stays.order_by("admitted")
            ]
            results = support_reimbursement(
                courses, stays, as_of=min(TODAY, date(year + 1, 1, 1)), params=params
            )
            rows = [r for result in results for r in result.rows if r.month.year == year]
            if not rows:
                assert citizen.pk not in by_citizen
                continue
            line = by_citizen[citizen.pk]
            assert line.cost == sum(r.cost for r in rows)
            assert line.reimbursement == sum(r.reimbursement for r in rows)
        if year == 2025:
            assert by_citizen[citizens["anna"].pk].reimbursement > 0  # after her discharge
            assert by_citizen[citizens["bent"].pk].reimbursement == 0  # § 99
        else:
            # The extension to all homelessness situations: Gitte was homeless at the start.
            assert by_citizen[citizens["gitte"].pk].reimbursement > 0
            assert by_citizen[citizens["carl"].pk].reimbursement == 0
        assert support.total.cost == sum(m.cost for m in support.methods)
        assert support.total.reimbursement == sum(line.reimbursement for line in support.lines)

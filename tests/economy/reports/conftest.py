"""A small municipality with stays that exercise the cap, external and unregistered shelters.

Rates are chosen so every day's § 177 reimbursement is whole øre (rate − 96,71 kr. own payment is
an even number of øre): a sum of per-stay amounts then equals the engine's once-rounded cells, and
the independent recomputation can be compared exactly.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import pytest

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.shelter import StayTable, reimburse_plain
from hjemvej.shelters.models import Shelter, Stay
from tests import factories
from tests.economy.builders import plain_rows, stay, stranger, unregistered_shelter

AS_OF = factories.TODAY  # 21.11.2026
YEAR = 2025


@dataclass
class World:
    municipality: Municipality
    manager: User
    economist: User
    case_worker: User
    citizens: list[Citizen]
    inside: Shelter
    outside: Shelter
    unregistered: Shelter


@pytest.fixture
def world(db: None) -> World:
    inside = factories.shelter("Herberget Inde", code="751", rate="1496.71")
    outside = factories.shelter("Forsorgshjemmet Ude", code="101", rate="1896.71")
    unregistered = unregistered_shelter("Natherberget Uregistreret", rate="1200.00")
    case_worker = factories.user("sagsbehandler", Role.CASE_WORKER)
    manager = factories.user("leder", Role.MANAGER)
    economist = factories.user("oekonom", Role.ECONOMIST)
    anna = factories.citizen(case_worker, first_name="Annabella", last_name="Kapløber")
    bent = factories.citizen(case_worker, first_name="Bentoft", last_name="Ydergaard")
    carl = factories.citizen(case_worker, first_name="Carlsten", last_name="Uregistro")
    dora = factories.citizen(case_worker, first_name="Dorthealf", last_name="Åbensen")
    # Anna: 2024 and a long 2025 stay that passes the 120-day cap (a window opened in 2024).
    stay(case_worker, anna, inside, date(2024, 9, 10), date(2024, 12, 20))
    stay(case_worker, anna, inside, date(2025, 2, 3), date(2025, 9, 15))
    # Bent: external shelter across the year boundary, then inside with a same-day stay.
    stay(case_worker, bent, outside, date(2024, 11, 5), date(2025, 4, 2))
    stay(case_worker, bent, inside, date(2025, 6, 30), date(2025, 6, 30))
    # Carl: an unregistered shelter (no reimbursement), then inside, still open.
    stay(case_worker, carl, unregistered, date(2025, 1, 15), date(2025, 3, 1))
    stay(case_worker, carl, inside, date(2025, 10, 1), None)
    # Dora: a stay over a year long on the external shelter, still open.
    stay(case_worker, dora, outside, date(2025, 5, 20), None)
    # A citizen of another municipality: never in 751's figures.
    stranger("fremmed", inside, date(2025, 3, 1), date(2025, 8, 1), first_name="Fremmed")
    return World(
        municipality=factories.municipality("751"),
        manager=manager,
        economist=economist,
        case_worker=case_worker,
        citizens=[anna, bent, carl, dora],
        inside=inside,
        outside=outside,
        unregistered=unregistered,
    )


def _month_bounds(start: date, end: date) -> list[date]:
    bounds = []
    month = start
    while month < end:
        bounds.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return bounds


@dataclass
class Recomputed:
    """Independent figures: per (month, shelter pk) the sums of ``reimburse_plain`` per piece."""

    cells: dict[tuple[date, int], dict[str, int]] = field(default_factory=dict)

    def total(
        self, *, months: list[date] | None = None, shelters: set[int] | None = None
    ) -> dict[str, int]:
        keys = ("days", "reimbursed_days", "gross_cost", "own_payment", "reimbursement")
        out: dict[str, int] = dict.fromkeys(keys, 0)
        for (month, shelter), values in self.cells.items():
            if (months is None or month in months) and (shelters is None or shelter in shelters):
                for key, value in values.items():
                    out[key] += value
        out["net_cost"] = out["gross_cost"] - out["own_payment"] - out["reimbursement"]
        return dict(out)


def recompute(municipality: Municipality, *, as_of: date, first: date, end: date) -> Recomputed:
    """Recompute through the plain, day-by-day law engine, with every stay cut at month starts.

    Cutting a stay into contiguous pieces changes none of its days, so each piece's figures are
    the stay's figures for that month; the pieces are summed per month and shelter.
    """
    cuts = _month_bounds(date(2018, 1, 1), date(2030, 1, 1))
    rows = []
    owners: list[tuple[date, int]] = []
    for made, row in plain_rows(Stay.objects.filter(citizen__acting_municipality=municipality)):
        stop = made.discharged
        inner = [c for c in cuts if made.admitted < c and (stop is None or c < stop)]
        starts = [made.admitted, *inner]
        ends: list[date | None] = [*inner, stop]
        for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
            piece = type(row)(
                stay_id=f"{row.stay_id}-{i}",
                citizen_id=row.citizen_id,
                admitted=a,
                discharged=b,
                daily_rate=row.daily_rate,
                own_payment=row.own_payment,
                qualifies=row.qualifies,
            )
            rows.append(piece)
            owners.append((a.replace(day=1), made.shelter_id))
    table = StayTable.from_rows(rows)
    results, _ = reimburse_plain(table, as_of=as_of, params=default_parameters())
    out = Recomputed()
    for i, (month, shelter) in enumerate(owners):
        if not (first <= month < end):
            continue
        cell = out.cells.setdefault((month, shelter), defaultdict(int))
        for key in ("days", "reimbursed_days", "gross_cost", "own_payment", "reimbursement"):
            cell[key] += int(getattr(results, key)[i])
    return out


@pytest.fixture
def recomputed(world: World) -> Recomputed:
    return recompute(world.municipality, as_of=AS_OF, first=date(2021, 1, 1), end=date(2027, 1, 1))

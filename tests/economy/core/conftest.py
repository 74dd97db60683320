"""A municipality's stays built through the services, and an independent recomputation of its
figures through the plain engine (``reimburse_plain``, day by day)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.test import Client

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import situation_add
from hjemvej.rules.parameters import ParameterSet, default_parameters
from hjemvej.rules.shelter import Readings, StayTable, reimburse_plain
from hjemvej.rules.shelter.money import BASIS
from hjemvej.rules.shelter.periods import RATE
from hjemvej.shelters.models import OwnPayment, Shelter, Stay
from hjemvej.shelters.services import shelter_rate_set
from tests import factories
from tests.economy.builders import course, plain_rows, stay, stranger, unregistered_shelter

TODAY = factories.TODAY  # Saturday 21 November 2026


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


@dataclass
class World:
    """Municipality 751 with shelters inside and outside it, and its citizens' stays."""

    inside: Shelter  # 751, registered
    unregistered: Shelter  # 751, not on Tilbudsportalen
    outside: Shelter  # 101, registered, rate changes in the middle of 2025
    users: dict[str, User]
    citizens: dict[str, Citizen]
    stays: dict[str, Stay] = field(default_factory=dict)
    stranger: Citizen | None = None  # acting municipality 101: never in 751's figures


def admit(
    world: World,
    key: str,
    citizen: str,
    shelter: Shelter,
    admitted: date,
    discharged: date | None = None,
    **fields: Any,
) -> Stay:
    """Admit (and discharge) the world's citizen through the services, as staff do."""
    made = stay(
        world.users[Role.CASE_WORKER],
        world.citizens[citizen],
        shelter,
        admitted,
        discharged,
        **fields,
    )
    world.stays[key] = made
    return made


@pytest.fixture
def world(db: None) -> World:
    inside = factories.shelter("Herberget Inde", rate="1500.00")
    unregistered = unregistered_shelter("Natherberget Uregistreret", rate="800.00")
    outside = factories.shelter("Forsorgshjemmet Ude", code="101", rate="2000.00")
    users: dict[str, User] = {
        role: factories.user(role, role)
        for role in (Role.CASE_WORKER, Role.MANAGER, Role.ECONOMIST, Role.SHELTER_STAFF)
    }
    users[Role.ADMIN] = User.objects.filter(role=Role.ADMIN).first() or factories.user(
        "administrator", Role.ADMIN
    )
    shelter_rate_set(
        actor=users[Role.ADMIN],
        shelter=outside,
        valid_from=date(2025, 7, 1),
        daily_rate=Decimal("2100.00"),
    )
    case_worker = users[Role.CASE_WORKER]
    names = {
        "anna": ("Anna", "Andersen"),
        "bent": ("Bent", "Berg"),
        "carl": ("Carl", "Carlsen"),
        "dorte": ("Dorte", "Dahl"),
        "erik": ("Erik", "Eriksen"),
        "gitte": ("Gitte", "Gram"),
        "hans": ("Hans", "Holm"),
    }
    citizens = {
        key: factories.citizen(
            case_worker, first_name=first, last_name=last, start=date(2024, 1, 1)
        )
        for key, (first, last) in names.items()
    }
    w = World(inside, unregistered, outside, users, citizens)
    # Anna: across the year boundary 2024/2025, then an external stay in the same window: the
    # cap (120 days from 15.11.2024) is reached in the middle of it.
    admit(w, "anna1", "anna", inside, date(2024, 11, 15), date(2025, 3, 10))
    admit(w, "anna2", "anna", outside, date(2025, 6, 1), date(2025, 9, 15))
    # Bent: external, open across 2025/2026, own payment waived.
    admit(w, "bent", "bent", outside, date(2025, 12, 20), own_payment=OwnPayment.WAIVED)
    # Carl: an unregistered shelter (no reimbursement, not counted towards the cap), then a
    # transfer to an inside shelter at an agreed rate with a reduced own payment.
    admit(w, "carl1", "carl", unregistered, date(2025, 2, 1), date(2025, 4, 1))
    admit(
        w,
        "carl2",
        "carl",
        inside,
        date(2025, 4, 1),
        date(2025, 5, 1),
        agreed_daily_rate=Decimal("1750.00"),
        own_payment=OwnPayment.REDUCED,
        own_payment_reduced=Decimal("50.00"),
    )
    # Dorte: inside since 01.10.2025, still there: past the cap now.
    admit(w, "dorte", "dorte", inside, date(2025, 10, 1))
    # Erik: inside since 01.08.2026: 112 days used, 8 left.
    admit(w, "erik", "erik", inside, date(2026, 8, 1))
    # Gitte: a same-day stay (one night).
    admit(w, "gitte", "gitte", outside, date(2025, 5, 5), date(2025, 5, 5))
    # Hans: a short stay at an unregistered shelter now (no reimbursement, no alert).
    admit(w, "hans", "hans", unregistered, date(2026, 11, 1))
    # Support: Anna's CTI decided before her discharge on 10.03.2025 (§ 176 a, stk. 1).
    course(case_worker, citizens["anna"], "cti", date(2025, 3, 1), "9000.00")
    # Gitte: on a sofa since her night at the shelter; ICM from 01.08.2026 while homeless (an
    # open situation): the § 85 a extension to all situations (assumed from 01.07.2026).
    situation_add(
        actor=case_worker,
        citizen=citizens["gitte"],
        situation=Situation.SOFA,
        start=date(2025, 5, 6),
        today=TODAY,
    )
    course(case_worker, citizens["gitte"], "icm", date(2026, 8, 1), "12000.00")
    # Bent's § 99 contact person: cost, never § 176 a reimbursement.
    course(case_worker, citizens["bent"], "sel99", date(2025, 6, 1), "3000.00")
    # Carl's situations ended with his last discharge: no extension for his ICM.
    course(case_worker, citizens["carl"], "icm", date(2026, 8, 1), "12000.00")
    # Another municipality's citizen on the inside shelter: never in 751's figures.
    w.stranger = stranger(
        "fremmed",
        inside,
        date(2025, 3, 1),
        first_name="Frida",
        last_name="Fremmed",
        start=date(2024, 1, 1),
    )
    return w


def login(client: Client, world: World, role: str) -> Client:
    client.force_login(world.users[role])
    return client


# --- The independent recomputation --------------------------------------------------------


@dataclass
class Cell:
    days: int = 0
    reimbursed_days: int = 0
    gross_cost: int = 0
    own_payment: int = 0
    numerator: int = 0

    @property
    def reimbursement(self) -> int:
        return (self.numerator + BASIS // 2) // BASIS

    def add(self, other: Cell) -> None:
        self.days += other.days
        self.reimbursed_days += other.reimbursed_days
        self.gross_cost += other.gross_cost
        self.own_payment += other.own_payment
        self.numerator += other.numerator


PlainCells = Callable[..., dict[int, Cell]]


def _plain_cells(
    municipality_code: str,
    *,
    start: date,
    end: date,
    as_of: date,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
) -> dict[int, Cell]:
    """Return per stay pk its days and money in ``[start, end)`` from the plain engine's steps.

    The stays come straight from the ORM (not from ``hjemvej.stats.stays``); every explained
    step is a run of days with one rate, own payment, reimbursement rate and outcome.
    """
    params = params or default_parameters()
    stays = Stay.objects.filter(
        citizen__acting_municipality__code=municipality_code, citizen__merged_into__isnull=True
    )
    table = StayTable.from_rows([row for _, row in plain_rows(stays)])
    _, explanations = reimburse_plain(table, as_of=as_of, params=params, readings=readings)
    cells: dict[int, Cell] = defaultdict(Cell)
    for explanation in explanations.values():
        for step in explanation.steps:
            lo, hi = max(step.start, start), min(step.end, end)
            days = (hi - lo).days
            if days <= 0:
                continue
            rate, own = int(step.data["rate"]), int(step.data["own_payment"])  # type: ignore[call-overload]
            cell = cells[int(str(step.data["stay_id"]))]
            cell.days += days
            cell.gross_cost += days * rate
            cell.own_payment += days * own
            if step.kind in ("reimbursed", "no_cap"):
                percent = next(p for p in step.parameters if p.name == RATE)
                cell.reimbursed_days += days
                cell.numerator += days * (rate - own) * int(percent.value * 100)  # type: ignore[operator]
    return dict(cells)


@pytest.fixture
def plain_cells() -> PlainCells:
    return _plain_cells


def full_year_persons(days: int, period_days: int) -> Decimal:
    return (Decimal(days) / Decimal(period_days)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.fixture
def fyp() -> Callable[[int, int], Decimal]:
    return full_year_persons

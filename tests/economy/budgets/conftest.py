"""A municipality with stays inside and outside it, users of every role, a fixed today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.shelters.models import OwnPayment, Shelter, Stay
from hjemvej.shelters.services import shelter_rate_set
from tests import factories
from tests.economy.builders import stay, unregistered_shelter

TODAY = factories.TODAY  # Saturday 21 November 2026


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


@dataclass
class World:
    home: Shelter  # in the users' municipality (751)
    away: Shelter  # outside it (101)
    unlisted: Shelter  # inside, not on Tilbudsportalen: no reimbursement
    users: dict[str, User]
    citizens: list[Citizen]
    stays: list[Stay]


@pytest.fixture
def world(db: None) -> World:
    """Stays across months, the cap, a readmission, an unlisted shelter and a rate change."""
    home = factories.shelter("Herberget Hjemme", rate="1500.00")
    away = factories.shelter("Forsorgshjemmet Ude", code="101", rate="2000.00")
    unlisted = unregistered_shelter("Natherberget Uden Portal", rate="900.00")
    users = {
        role: factories.user(role, role, shelter=home if role == Role.SHELTER_STAFF else None)
        for role in Role.values
    }
    worker = users[Role.CASE_WORKER]
    shelter_rate_set(
        actor=worker, shelter=home, valid_from=date(2026, 7, 1), daily_rate=Decimal("1600.00")
    )
    names = ["Anna", "Bent", "Carl", "Dorthe", "Erik", "Frida"]
    citizens = [factories.citizen(worker, first_name=n, last_name="Budgetsen") for n in names]
    a, b, c, d, e, f = citizens
    stays = [
        # Across the new year, then readmitted outside in the same window.
        stay(worker, a, home, date(2025, 12, 10), date(2026, 3, 15)),
        stay(worker, a, away, date(2026, 5, 1), date(2026, 9, 30)),
        # Outside, open since February: passes 120 days in June.
        stay(worker, b, away, date(2026, 2, 1)),
        # Inside, open, own payment waived.
        stay(worker, c, home, date(2026, 10, 15), own_payment=OwnPayment.WAIVED),
        # On a shelter that earns no reimbursement.
        stay(worker, d, unlisted, date(2026, 1, 1), date(2026, 2, 1)),
        # An agreed rate of its own, a same-day stay, and a stay from an earlier year.
        stay(
            worker, e, home, date(2026, 6, 3), date(2026, 8, 20), agreed_daily_rate=Decimal("1800")
        ),
        stay(worker, e, home, date(2026, 11, 2), date(2026, 11, 2)),
        stay(worker, f, away, date(2024, 3, 1), date(2025, 2, 1)),
        stay(worker, f, home, date(2025, 11, 20), date(2026, 1, 20)),
    ]
    return World(home, away, unlisted, users, citizens, stays)

"""A municipality with stays inside and outside it, users of every role, a fixed today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.shelters.models import OwnPayment, Shelter, Stay
from hjemvej.shelters.services import shelter_rate_set, stay_admit, stay_discharge
from tests import factories

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


def admit(
    actor: User,
    citizen: Citizen,
    shelter: Shelter,
    admitted: date,
    discharged: date | None = None,
    **fields: object,
) -> Stay:
    stay = stay_admit(
        actor=actor,
        citizen=citizen,
        shelter=shelter,
        admitted=admitted,
        today=TODAY,
        **fields,  # type: ignore[arg-type]
    )
    if discharged is not None:
        stay = stay_discharge(actor=actor, stay=stay, discharged=discharged, today=TODAY)
    return stay


@pytest.fixture
def world(db: None) -> World:
    """Stays across months, the cap, a readmission, an unlisted shelter and a rate change."""
    home = factories.shelter("Herberget Hjemme", rate="1500.00")
    away = factories.shelter("Forsorgshjemmet Ude", code="101", rate="2000.00")
    unlisted = factories.shelter("Natherberget Uden Portal", rate="900.00")
    Shelter.objects.filter(pk=unlisted.pk).update(on_tilbudsportalen=False)
    unlisted.refresh_from_db()
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
        admit(worker, a, home, date(2025, 12, 10), date(2026, 3, 15)),
        admit(worker, a, away, date(2026, 5, 1), date(2026, 9, 30)),
        # Outside, open since February: passes 120 days in June.
        admit(worker, b, away, date(2026, 2, 1)),
        # Inside, open, own payment waived.
        admit(worker, c, home, date(2026, 10, 15), own_payment=OwnPayment.WAIVED),
        # On a shelter that earns no reimbursement.
        admit(worker, d, unlisted, date(2026, 1, 1), date(2026, 2, 1)),
        # An agreed rate of its own, a same-day stay, and a stay from an earlier year.
        admit(
            worker, e, home, date(2026, 6, 3), date(2026, 8, 20), agreed_daily_rate=Decimal("1800")
        ),
        admit(worker, e, home, date(2026, 11, 2), date(2026, 11, 2)),
        admit(worker, f, away, date(2024, 3, 1), date(2025, 2, 1)),
        admit(worker, f, home, date(2025, 11, 20), date(2026, 1, 20)),
    ]
    return World(home, away, unlisted, users, citizens, stays)

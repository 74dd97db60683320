"""A small municipality with stays inside and outside it, support courses, and every role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.shelters.models import Shelter, Stay
from tests import factories
from tests.economy.builders import course, stay, stranger, unregistered_shelter

TODAY = factories.TODAY  # 21.11.2026

# Rates chosen so that rate − own payment (96,71 kr. from 2024) is a whole number of øre at 50 %,
# 40 % and 37,5 %: rounding per stay, per month or per year then gives the same øre, and the
# figures can be compared with an independent recomputation exactly.
INSIDE_RATE = "1500.71"
OUTSIDE_RATE = "2000.71"


@dataclass
class World:
    """The test municipality (751) and what is in it."""

    users: dict[str, User]
    inside: Shelter
    outside: Shelter
    unregistered: Shelter
    citizens: dict[str, Citizen]
    stays: list[Stay]


def build_world() -> World:
    """Make the municipality's users, shelters, citizens, stays and courses through services."""
    users = {role.value: factories.user(f"s-{role.value}", role.value) for role in Role}
    worker = users[Role.CASE_WORKER]
    inside = factories.shelter("Herberget Inde", code="751", rate=INSIDE_RATE)
    outside = factories.shelter("Forsorgshjemmet Ude", code="101", rate=OUTSIDE_RATE)
    unregistered = unregistered_shelter("Natherberget", rate=INSIDE_RATE)
    start = date(2023, 12, 1)
    citizens = {
        key: factories.citizen(worker, first_name=key, last_name="Test", start=start)
        for key in ("anna", "bo", "carl", "dina", "emil")
    }
    stays = [
        # Anna: 152 nights (the cap of 120 bites), then a new window in 2025.
        stay(worker, citizens["anna"], inside, date(2024, 1, 10), date(2024, 6, 10)),
        stay(worker, citizens["anna"], inside, date(2025, 3, 1), date(2025, 5, 1)),
        # Bo: external, across New Year and across 01.04.2026; CTI decided before discharge.
        stay(worker, citizens["bo"], outside, date(2025, 11, 1), date(2026, 5, 15)),
        # Carl: open stay, carried on to the horizon.
        stay(worker, citizens["carl"], inside, date(2026, 9, 1), None),
        # Dina: a same-day stay (one day) and a stay on a shelter not on Tilbudsportalen.
        stay(worker, citizens["dina"], inside, date(2024, 10, 1), date(2024, 10, 1)),
        stay(worker, citizens["dina"], unregistered, date(2025, 2, 1), date(2025, 3, 1)),
    ]
    course(worker, citizens["bo"], "cti", date(2026, 5, 1), "9000", start=date(2026, 5, 15))
    # Emil sleeps rough (the situation the factory gives); ICM under the 2025 extension.
    assert citizens["emil"].situations.filter(situation=Situation.STREET).exists()
    course(worker, citizens["emil"], "icm", date(2026, 7, 20), "4000", start=date(2026, 8, 1))
    # A § 85 course: no § 176 a reimbursement, never in the scenario's support figures.
    course(worker, citizens["anna"], "sel85", date(2024, 6, 1), "5000", start=date(2024, 6, 10))
    # Another municipality's citizen: never in 751's figures.
    stranger(
        "s-fremmed", inside, date(2025, 1, 1), date(2025, 12, 1), first_name="Fremmed", start=start
    )
    return World(users, inside, outside, unregistered, citizens, stays)


@pytest.fixture
def world(db: None) -> World:
    return build_world()

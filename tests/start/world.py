"""A municipality for the start pages: every role, and ``count`` citizens with what is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.services import citizen_assign_case_worker
from hjemvej.followup.task_services import task_create
from hjemvej.housing.services import tenancy_create
from hjemvej.shelters.models import Shelter
from hjemvej.shelters.services import stay_admit
from hjemvej.support.services import course_create
from tests import factories

TODAY = factories.TODAY  # Saturday 21 November 2026


@dataclass
class World:
    users: dict[str, User]
    shelter: Shelter
    citizens: list[Citizen]


def build_world(count: int = 2) -> World:
    shelter = factories.shelter("Herberget Hjem")
    users: dict[str, User] = {
        Role.CASE_WORKER: factories.user("sara", Role.CASE_WORKER),
        Role.SUPPORT_WORKER: factories.user("bo", Role.SUPPORT_WORKER),
        Role.SHELTER_STAFF: factories.user("hanne", Role.SHELTER_STAFF, shelter=shelter),
        Role.MANAGER: factories.user("lene", Role.MANAGER),
        Role.ECONOMIST: factories.user("oscar", Role.ECONOMIST),
        Role.ADMIN: User.objects.get(role=Role.ADMIN),
    }
    worker = users[Role.CASE_WORKER]
    worker.team = "Team Nord"
    worker.save(update_fields=["team"])
    add(World(users, shelter, []), count)
    world = World(users, shelter, list(Citizen.objects.order_by("pk")))
    return world


def add(world: World, count: int) -> None:
    """Add ``count`` citizens: each with a stay, a course, a task due today; one moving out."""
    worker = world.users[Role.CASE_WORKER]
    start = len(world.citizens)
    for i in range(start, start + count):
        citizen = factories.citizen(worker, first_name=f"Borger{i:03d}", last_name="Start")
        citizen = citizen_assign_case_worker(actor=worker, citizen=citizen, case_worker=worker)
        stay_admit(
            actor=worker,
            citizen=citizen,
            shelter=world.shelter,
            admitted=date(2026, 11, 2),
            today=TODAY,
        )
        course_create(
            actor=worker,
            citizen=citizen,
            kind="icm",
            decided_on=date(2026, 6, 1),
            start=date(2026, 6, 1),
            worker=world.users[Role.SUPPORT_WORKER],
            monthly_cost=Decimal("8000"),
        )
        task_create(
            actor=worker, citizen=citizen, title="Ring til borgeren", due=TODAY, today=TODAY
        )
        if i == 0:
            tenancy_create(
                actor=worker,
                citizen=citizen,
                lease_signed_on=date(2026, 11, 15),
                move_in=date(2026, 12, 1),
                address="Nørregade 1, 1. th.",
                rent_monthly=Decimal("4500"),
                today=TODAY,
            )
        world.citizens.append(citizen)

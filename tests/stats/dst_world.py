"""Hand-made stays at one shelter around the first quarter of 2026, for the DST file's tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import citizen_create
from hjemvej.shelters.models import ExitDestination, ExitReason, PriorResidence, Shelter, Stay
from hjemvej.shelters.models import StayType as Type
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.stats.dst import Quarter
from tests import factories

Q1 = Quarter(2026, 1)  # [1 January 2026, 1 April 2026)
CVR = "29189846"
P_NUMBER = "1003388394"
#: The CPR numbers of the citizens below: none may appear in a log, stderr or a page.
CPRS = ("0101901234", "0202852345", "0303753456", "0404654567", "0505551239")


@dataclass
class DstWorld:
    shelter: Shelter
    leader: User
    worker: User
    citizens: dict[str, Citizen]
    stays: dict[str, Stay]


def citizen(worker: User, name: str, cpr: str = "", alias: str = "") -> Citizen:
    return citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.STREET,
        situation_start=date(2025, 1, 1),
        today=factories.TODAY,
        cpr=cpr,
        alias=alias,
        first_name=name,
        last_name="Dst" if name else "",
    )


def admit(world: DstWorld, who: str, admitted: date, **fields: Any) -> Stay:
    return stay_admit(
        actor=world.worker,
        citizen=world.citizens[who],
        shelter=world.shelter,
        admitted=admitted,
        today=factories.TODAY,
        **fields,
    )


def discharge(world: DstWorld, stay: Stay, on: date, reason: str, destination: str) -> Stay:
    stay_discharge(
        actor=world.worker,
        stay=stay,
        discharged=on,
        today=factories.TODAY,
        exit_reason=reason,
        exit_destination=destination,
    )
    stay.refresh_from_db()
    return stay


def dst_world() -> DstWorld:
    """One shelter with its identifiers and leader, and stays in, around and across Q1 2026.

    - ``admitted``: Anna, admitted 10.01.2026 from the street, still there.
    - ``discharged``: Bo, admitted 01.12.2025, discharged 15.02.2026 by agreement to own home.
    - ``spanning``: Carl, 01.11.2025–01.05.2026: neither admitted nor discharged in the quarter.
    - ``aftercare``: Dina, efterforsorg 01.03.2026–20.03.2026, nothing told: »uoplyst«.
    - ``later``: Emil, admitted 01.02.2026, discharged 10.04.2026 (after the quarter).
    - ``alias``: »Søren fra havnen«, no CPR number, admitted 05.03.2026.
    """
    if not Municipality.objects.exists():
        factories.ensure_municipalities()  # a transactional (browser) test flushed them
    shelter = factories.shelter("Herberget Kvartal")
    shelter.cvr_number, shelter.p_number = CVR, P_NUMBER
    leader = factories.user("forstander", Role.SHELTER_STAFF, shelter=shelter)
    shelter.leader = leader
    shelter.save()
    worker = factories.user("sagsbehandler-dst", Role.CASE_WORKER)
    names = ("Anna", "Bo", "Carl", "Dina", "Emil")
    citizens = {name: citizen(worker, name, cpr) for name, cpr in zip(names, CPRS, strict=True)}
    citizens["alias"] = citizen(worker, "", alias="Søren fra havnen")
    world = DstWorld(shelter, leader, worker, citizens, {})
    street = {"prior_residence": PriorResidence.STREET}
    world.stays["admitted"] = admit(world, "Anna", date(2026, 1, 10), **street)
    world.stays["discharged"] = discharge(
        world,
        admit(world, "Bo", date(2025, 12, 1), prior_residence=PriorResidence.HOSPITAL),
        date(2026, 2, 15),
        ExitReason.AGREEMENT,
        ExitDestination.OWN_HOME,
    )
    world.stays["spanning"] = discharge(
        world,
        admit(world, "Carl", date(2025, 11, 1), **street),
        date(2026, 5, 1),
        ExitReason.AGREEMENT,
        ExitDestination.OWN_HOME,
    )
    world.stays["aftercare"] = discharge(
        world,
        admit(world, "Dina", date(2026, 3, 1), stay_type=Type.AFTERCARE),
        date(2026, 3, 20),
        ExitReason.UNKNOWN,
        ExitDestination.UNKNOWN,
    )
    world.stays["later"] = discharge(
        world,
        admit(world, "Emil", date(2026, 2, 1), prior_residence=PriorResidence.PRISON),
        date(2026, 4, 10),
        ExitReason.EXPELLED,
        ExitDestination.STREET,
    )
    world.stays["alias"] = admit(world, "alias", date(2026, 3, 5), **street)
    return world

"""A municipality to follow up in, built through the services as users build it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import citizen_assign_case_worker
from hjemvej.followup.services import (
    ParticipantInput,
    TransitionData,
    action_plan_create,
    transition_create,
)
from hjemvej.followup.task_services import task_create
from hjemvej.housing.services import tenancy_create, tenancy_risk_add
from hjemvej.shelters.models import Shelter
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import SupportCourse
from hjemvej.support.services import contact_add, course_create
from tests import factories

# The browser tests here drive the same Chromium as tests/browser (its launch and context).
from tests.browser.conftest import browser_context_args, browser_type_launch_args

__all__ = ["browser_context_args", "browser_type_launch_args"]

TODAY = factories.TODAY  # Saturday 21 November 2026


@dataclass
class World:
    """The people, shelters and citizens of the tests; ``citizens`` by first name."""

    users: dict[str, User]
    inside: Shelter
    outside: Shelter
    citizens: dict[str, Citizen] = field(default_factory=dict)
    courses: dict[str, SupportCourse] = field(default_factory=dict)

    def pk(self, name: str) -> int:
        return self.citizens[name].pk


def _user(username: str, role: str, *, team: str = "", **kwargs: object) -> User:
    made = factories.user(username, role, **kwargs)  # type: ignore[arg-type]
    if team:
        made.team = team
        made.save(update_fields=["team"])
    return made


def plan(actor: User, citizen: Citizen, *, review_by: date, meeting_on: date) -> None:
    action_plan_create(
        actor=actor,
        citizen=citizen,
        meeting_on=meeting_on,
        goals="At få min egen bolig.",
        review_by=review_by,
        participants=[ParticipantInput("Søster")],
        today=TODAY,
    )


def build_world() -> World:
    """Build the citizens whose tasks the tests know by heart (see each one's comment)."""
    cache.clear()  # the § 177 memo: every test starts from its own data
    inside = factories.shelter("Herberget Inde", code="751")
    outside = factories.shelter("Herberget Ude", code="101")
    users = {
        "sara": _user("sara", Role.CASE_WORKER, team="Hjemløseteamet"),
        "carl": _user("carl", Role.CASE_WORKER, team="Hjemløseteamet"),
        "bo": _user("bo", Role.SUPPORT_WORKER, team="CTI-teamet"),
        "ulla": _user("ulla", Role.SHELTER_STAFF, shelter=outside, code="101"),
        "inge": _user("inge", Role.SHELTER_STAFF, shelter=inside),
        "lene": _user("lene", Role.MANAGER),
        "oskar": _user("oskar", Role.ECONOMIST),
        "adam": _user("adam", Role.ADMIN),
        "fremmed": _user("fremmed", Role.CASE_WORKER, code="101"),
    }
    sara, bo = users["sara"], users["bo"]
    world = World(users, inside, outside)

    def citizen(
        name: str, situation: str = Situation.STREET, start: date = date(2026, 1, 1)
    ) -> Citizen:
        made = factories.citizen(
            sara, first_name=name, last_name="Testesen", situation=situation, start=start
        )
        # Registered by Sara, so hers; the world's citizens have no case worker unless a
        # comment below gives them one.
        citizen_assign_case_worker(actor=sara, citizen=made, case_worker=None)
        world.citizens[name] = made
        return made

    # Anna: on a shelter outside the municipality since Monday 16.11, not notified, one contact
    # on 18.11; Sara is her case worker; a hand-written task for Carl; on the list since 01.01.
    anna = citizen("Anna")
    citizen_assign_case_worker(actor=sara, citizen=anna, case_worker=sara)
    stay_admit(actor=sara, citizen=anna, shelter=outside, admitted=date(2026, 11, 16), today=TODAY)
    contact_add(actor=sara, citizen=anna, on=date(2026, 11, 18), kind="phone", today=TODAY)
    task_create(
        actor=sara,
        citizen=anna,
        title="Ring til boformen",
        due=TODAY,
        today=TODAY,
        assignee=users["carl"],
    )

    # Bent: CTI with Bo, phase 1 from 15.05, so phase 3 began 15.11; a current plan; last
    # contact 01.11 (no contact for 30 days on 01.12).
    bent = citizen("Bent")
    world.courses["bent"] = course_create(
        actor=sara,
        citizen=bent,
        kind="cti",
        decided_on=date(2026, 5, 1),
        start=date(2026, 5, 1),
        worker=bo,
        phase1_start=date(2026, 5, 15),
        monthly_cost=Decimal("9000"),
    )
    plan(sara, bent, meeting_on=date(2026, 6, 1), review_by=date(2027, 6, 1))
    contact_add(actor=bo, citizen=bent, on=date(2026, 11, 1), kind="visit", today=TODAY)

    # Carla: to be released from prison 31.01.2027, the municipality notified 01.11.
    carla = citizen("Carla", Situation.SOFA, date(2026, 11, 1))
    plan(sara, carla, meeting_on=date(2026, 10, 1), review_by=date(2027, 10, 1))
    transition_create(
        actor=sara,
        citizen=carla,
        data=TransitionData(
            kind="prison_release", expected_on=date(2027, 1, 31), notified_on=date(2026, 11, 1)
        ),
        today=TODAY,
    )

    # Dorte: housed (off the list) with an eviction warning, deadline 30.11.
    dorte = citizen("Dorte")
    tenancy = tenancy_create(
        actor=sara,
        citizen=dorte,
        lease_signed_on=date(2026, 6, 1),
        move_in=date(2026, 6, 1),
        today=TODAY,
        address="Vestergade 1, 8000 Aarhus C",
        rent_monthly=Decimal("4200"),
    )
    tenancy_risk_add(
        actor=sara,
        tenancy=tenancy,
        kind="eviction_warning",
        noted_on=date(2026, 11, 10),
        deadline=date(2026, 11, 30),
        today=TODAY,
    )

    # Fie: on a shelter in the municipality since 03.08 (110 nights): 10 days with § 177
    # reimbursement left, the last on 30.11. Notified in time; a plan.
    fie = citizen("Fie")
    stay_admit(
        actor=sara,
        citizen=fie,
        shelter=inside,
        admitted=date(2026, 8, 3),
        today=TODAY,
        notified_on=date(2026, 8, 3),
    )
    plan(sara, fie, meeting_on=date(2026, 8, 10), review_by=date(2027, 8, 1))
    contact_add(actor=sara, citizen=fie, on=date(2026, 11, 20), kind="visit", today=TODAY)

    # Gert: discharged 15.02.2025 to his own home after ICM was decided: § 176 a ends
    # 14.02.2027; ICM review 01.12.
    gert = citizen("Gert", start=date(2024, 12, 1))
    stay = stay_admit(
        actor=sara,
        citizen=gert,
        shelter=inside,
        admitted=date(2025, 1, 1),
        today=TODAY,
        notified_on=date(2025, 1, 2),
    )
    world.courses["gert"] = course_create(
        actor=sara,
        citizen=gert,
        kind="icm",
        decided_on=date(2025, 2, 1),
        start=date(2025, 2, 1),
        worker=bo,
        next_review=date(2026, 12, 1),
        monthly_cost=Decimal("7900"),
    )
    tenancy_create(
        actor=sara,
        citizen=gert,
        lease_signed_on=date(2025, 2, 10),
        move_in=date(2025, 2, 15),
        today=TODAY,
        address="Østergade 2, 8000 Aarhus C",
        rent_monthly=Decimal("3900"),
    )
    stay_discharge(actor=sara, stay=stay, discharged=date(2025, 2, 15), today=TODAY)

    # Ude: a citizen of another municipality on Ulla's shelter; not notified.
    ude = factories.citizen(users["fremmed"], first_name="Ude", code="101")
    citizen_assign_case_worker(actor=users["fremmed"], citizen=ude, case_worker=None)
    world.citizens["Ude"] = ude
    stay_admit(
        actor=users["fremmed"],
        citizen=ude,
        shelter=outside,
        admitted=date(2026, 11, 19),
        today=TODAY,
    )
    return world


@pytest.fixture
def world(db: None) -> World:
    return build_world()

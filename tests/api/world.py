"""The API tests' world: a citizen every citizen-facing role sees, another's citizen, tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client

from hjemvej.accounts.models import Role, User
from hjemvej.api.tokens import api_token_create
from hjemvej.citizens.models import Citizen
from hjemvej.core import dates
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.shelters.services import stay_admit
from hjemvej.support.services import course_create
from tests import factories

ROLES = [r.value for r in Role]


@dataclass
class World:
    users: dict[str, User]
    tokens: dict[str, str]
    shelter: Shelter
    other_shelter: Shelter
    citizen: Citizen
    stay: Stay
    outside: Citizen
    outside_stay: Stay
    outside_token: str


class Api:
    """A client for the API with a token (or none)."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get(f"/api/v1/{path}", query, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            f"/api/v1/{path}", body, content_type="application/json", headers=self.headers
        )


def make_world() -> World:
    today = dates.today()
    shelter = factories.shelter()
    other_shelter = factories.shelter("Herberget Andetsteds")
    users = {
        role: factories.user(role, role, shelter=shelter if role == Role.SHELTER_STAFF else None)
        for role in ROLES
    }
    case_worker = users[Role.CASE_WORKER]
    citizen = factories.citizen(case_worker, first_name="Søren", last_name="Hansen")
    stay = stay_admit(
        actor=case_worker,
        citizen=citizen,
        shelter=shelter,
        admitted=today - timedelta(days=10),
        today=today,
    )
    course_create(
        actor=case_worker,
        citizen=citizen,
        kind="cti",
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
        worker=users[Role.SUPPORT_WORKER],
        monthly_cost=Decimal("9000"),
    )
    stranger = factories.user("fremmed", Role.CASE_WORKER, code="101")
    outside = factories.citizen(stranger, first_name="Ude", last_name="Fremmed", code="101")
    far_shelter = factories.shelter("Forsorgshjemmet København", code="101")
    outside_stay = stay_admit(
        actor=stranger,
        citizen=outside,
        shelter=far_shelter,
        admitted=today - timedelta(days=5),
        today=today,
    )
    tokens = {role: api_token_create(user=user, name=role)[1] for role, user in users.items()}
    return World(
        users=users,
        tokens=tokens,
        shelter=shelter,
        other_shelter=other_shelter,
        citizen=citizen,
        stay=stay,
        outside=outside,
        outside_stay=outside_stay,
        outside_token=api_token_create(user=stranger)[1],
    )


def api(world: World, role: str) -> Api:
    return Api(world.tokens[role])

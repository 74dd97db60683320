"""/statistik/: who may open it, and the menu that leads there."""

from __future__ import annotations

import pytest
from django.test import Client

from hjemvej.accounts.models import Role
from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 200),
        (Role.ECONOMIST, 200),
        (Role.CASE_WORKER, 200),
        (Role.SHELTER_STAFF, 403),
        (Role.SUPPORT_WORKER, 403),
        (Role.ADMIN, 403),
    ],
)
def test_who_sees_the_statistics(client: Client, role: str, status: int) -> None:
    client.force_login(factories.user("bruger", role))
    assert client.get("/statistik/").status_code == status
    menu = client.get("/").content.decode()
    assert ('href="/statistik/"' in menu) == (status == 200)

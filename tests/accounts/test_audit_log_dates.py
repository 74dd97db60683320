"""The audit log's date filter: any date typed gets a page, never a 500 (issue 12, 8b)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        {"date_to": "9999-12-31"},
        {"date_from": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
    ],
)
def test_an_absurd_date_is_refused_in_danish(client: Client, query: dict[str, str]) -> None:
    client.force_login(factories.user("adam", Role.ADMIN))
    response = client.get(reverse("accounts:audit"), query)
    assert response.status_code == 200
    assert isinstance(response, HttpResponse)
    assert "Kontrollér årstallet" in response.content.decode()

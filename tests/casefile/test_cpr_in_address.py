"""The by-name list's name search: a CPR number however written is taken out of the address."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from hjemvej.core.cpr_text import INPUT_PATTERN
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("number", ["01.01.80-5678", "010180\u20135678", "01 01 80 56 78"])
def test_a_cpr_number_in_the_name_search_is_sent_away(client: Client, number: str) -> None:
    client.force_login(factories.user("sara", Role.CASE_WORKER))
    response = client.get(reverse("citizens:list"), {"q": number, "on_list": "all"})
    assert response.status_code == 302
    assert "q=" not in response["Location"]
    assert "on_list=all" in response["Location"]
    page = client.get(response["Location"])
    assert isinstance(page, HttpResponse)
    body = page.content.decode()
    assert "Søgningen på navn indeholdt noget, der ligner et CPR-nummer" in body
    assert "5678" not in body
    assert "010180" not in body


def test_the_browser_pattern_refuses_what_the_server_refuses() -> None:
    import re

    pattern = re.compile(INPUT_PATTERN)
    for refused in ["0101805678", "010180", "01.01.80", "01 01 80 56 78", "010180\u20135678"]:
        assert not pattern.fullmatch(refused), refused
    for allowed in ["Søren Hansen", "Søren 12", "", "B12 34"]:
        assert pattern.fullmatch(allowed), allowed

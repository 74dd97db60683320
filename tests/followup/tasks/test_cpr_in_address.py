"""A CPR number typed into the task list's citizen search never stays in an address or a page."""

from __future__ import annotations

import pytest
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.urls import reverse

from hjemvej.core.errors import DomainError
from hjemvej.followup import task_services
from tests.followup.tasks.conftest import TODAY, World

pytestmark = pytest.mark.django_db

TASKS = reverse("followup:task_list")
WRITTEN = ["0101901234", "010190-1234", "010190\u20131234", "01.01.90-1234", "01 01 90 12 34"]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


def text(response: HttpResponseBase) -> str:
    assert isinstance(response, HttpResponse)
    return response.content.decode()


def digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


@pytest.mark.parametrize("number", WRITTEN)
def test_a_cpr_search_is_sent_away_without_the_number(
    client: Client, world: World, number: str
) -> None:
    client.force_login(world.users["lene"])
    response = client.get(TASKS, {"borger": number, "status": "overdue", "page": "2"})
    assert response.status_code == 302
    location = response["Location"]
    assert "borger" not in location
    assert "status=overdue" in location  # the other filters stay
    assert "page" not in location
    assert number not in text(response)
    assert digits(number) not in text(response)
    page = client.get(location)
    body = text(page)
    assert "Søg ikke på CPR-nummer her; brug navn eller pseudonym." in body
    assert digits(number)[:6] not in body  # not in the field, a hidden next nor a page link
    assert 'name="borger"' in body


def test_the_search_fields_refuse_a_cpr_number_before_it_is_sent(
    client: Client, world: World
) -> None:
    client.force_login(world.users["lene"])
    body = text(client.get(TASKS))
    assert 'data-no-cpr="' in body  # app.js sets the Danish message on the pattern
    body = text(client.get(reverse("citizens:list")))
    assert 'data-no-cpr="' in body


@pytest.mark.parametrize(
    "title", ["Ring om 010190\u20131234", "CPR 01.01.90-1234", "01 01 90 12 34"]
)
def test_a_task_refuses_a_cpr_number_however_it_is_written(world: World, title: str) -> None:
    citizen = world.citizens["Dorte"]
    with pytest.raises(DomainError, match="CPR-nummer"):
        task_services.task_create(
            actor=world.users["carl"], citizen=citizen, title=title, due=TODAY, today=TODAY
        )

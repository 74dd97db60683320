"""Plausible values through the forms: a stay's agreed rate asks for confirmation, a reduced own
payment and a birth date are refused at the field, and nothing is half-written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.shelters.models import Stay
from tests.casefile.forms.world import World, as_user, url

pytestmark = pytest.mark.django_db


def admit_data(world: World, **kw: str) -> dict[str, Any]:
    world.away_stay.discharged = date(2026, 11, 1)
    world.away_stay.save()
    return {
        "shelter": world.home.pk,
        "admitted": "2026-11-10",
        "stay_type": "stay",
        "prior_residence": "unknown",
        "own_payment": "statutory",
        **kw,
    }


def test_an_agreed_rate_over_the_usual_bound_is_confirmed_at_the_field(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    data = admit_data(world, agreed_daily_rate="5.000,01")
    first = client.get(url("stay_admit", world)).content.decode()
    assert "Jeg bekræfter beløbet" not in first  # only once the service asks
    asked = client.post(url("stay_admit", world), data)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "mere end sædvanligt" in page
    assert 'name="confirmed"' in page
    assert "Jeg bekræfter beløbet" in page
    assert page.index('name="agreed_daily_rate"') < page.index('name="confirmed"')
    assert not Stay.objects.filter(citizen=world.citizen, admitted=date(2026, 11, 10)).exists()
    done = client.post(url("stay_admit", world), {**data, "confirmed": "on"})
    assert done.status_code == 302
    stay = Stay.objects.get(citizen=world.citizen, admitted=date(2026, 11, 10))
    assert stay.agreed_daily_rate == Decimal("5000.01")
    entry = AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="shelters.Stay", object_id=str(stay.pk)
    ).get()
    assert entry.detail["confirmed_outside_bounds"] == [
        {"field": "agreed_daily_rate", "bound": "bounds.shelter.daily_rate.usual"}
    ]
    assert "5000" not in str(entry.detail)  # the bound's name, never the value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("agreed_daily_rate", "9.999.999", "kan højst være 25.000,00 kr."),
        ("own_payment_reduced", "96,72", "højst være den lovbestemte egenbetaling"),
    ],
)
def test_implausible_payment_is_refused_at_the_field(
    client: Client, world: World, field: str, value: str, message: str
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    extra = {"own_payment": "reduced"} if field == "own_payment_reduced" else {}
    data = admit_data(world, **{field: value, **extra, "confirmed": "on"})
    response = client.post(url("stay_admit", world), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Stay.objects.filter(citizen=world.citizen, admitted=date(2026, 11, 10)).exists()


def test_the_shelters_own_admission_asks_too_and_creates_nobody(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.SHELTER_STAFF)
    data = {
        "first_name": "Helt",
        "last_name": "Ny",
        "acting_municipality": world.citizen.acting_municipality_id,
        "shelter": world.home.pk,
        "admitted": "2026-11-10",
        "stay_type": "stay",
        "prior_residence": "unknown",
        "own_payment": "statutory",
        "agreed_daily_rate": "6000",
    }
    response = client.post(url("admit_new", world), data)
    assert response.status_code == 200
    assert "Jeg bekræfter beløbet" in response.content.decode()
    assert not Citizen.objects.filter(first_name="Helt").exists()
    assert client.post(url("admit_new", world), {**data, "confirmed": "on"}).status_code == 302
    assert Citizen.objects.filter(first_name="Helt").exists()


# --- Birth dates ----------------------------------------------------------------------------------


def create_data(world: World, birth_date: str) -> dict[str, Any]:
    return {
        "first_name": "Ny",
        "last_name": "Borger",
        "birth_date": birth_date,
        "gender": "female",
        "acting_municipality": world.citizen.acting_municipality_id,
        "situation": Situation.SOFA,
        "situation_start": "2026-11-01",
        "source": "outreach",
    }


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [
        ("2031-01-01", "Fødselsdatoen kan ikke ligge i fremtiden."),
        ("2026-11-22", "Fødselsdatoen kan ikke ligge i fremtiden."),
        ("1916-11-20", "Fødselsdatoen giver en alder over 110 år."),
        ("2026-11-21", ""),
        ("1916-11-21", ""),
    ],
)
def test_a_birth_date_is_neither_future_nor_too_long_ago(
    client: Client, world: World, birth_date: str, message: str
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(url("create", world), create_data(world, birth_date))
    if not message:
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Citizen.objects.filter(first_name="Ny").exists()


def test_editing_refuses_a_birth_date_in_the_future(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    data = {
        "cpr": "",
        "first_name": "Søren",
        "last_name": "Hansen",
        "alias": "",
        "birth_date": "2031-05-01",
        "gender": "male",
        "phone": "",
        "email": "",
        "contact_note": "",
        "acting_municipality": world.citizen.acting_municipality_id,
        "residence_municipality": "",
    }
    response = client.post(url("edit", world), data)
    assert response.status_code == 200
    assert "Fødselsdatoen kan ikke ligge i fremtiden." in response.content.decode()
    world.citizen.refresh_from_db()
    assert world.citizen.birth_date == date(1990, 1, 1)

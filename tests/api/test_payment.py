"""The admission takes the stay's payment as the admission form does, and the stay shows it.

Every role that may admit (the case worker, the shelter's staff) has the form's payment fields;
the API takes the same, kroner with øre as a JSON number or a string, and a rate above the usual
bound only confirmed. The payment goes out to the roles that may correct the stay.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from hjemvej.accounts.models import Role
from hjemvej.core import dates
from hjemvej.core.bounds import bound_oere
from hjemvej.shelters.models import OwnPayment, Stay
from tests.api.world import World, api


def _admission(world: World, **extra: object) -> dict[str, object]:
    return {
        "shelter": world.shelter.pk,
        "admitted": str(dates.today()),
        "first_name": "Betalende",
        "last_name": "Beboer",
        **extra,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SHELTER_STAFF, Role.CASE_WORKER])
def test_the_payment_of_the_admission_form_is_taken_and_shown(world: World, role: str) -> None:
    client = api(world, role)
    response = client.post(
        "ophold/",
        _admission(
            world,
            agreed_daily_rate="1234.50",
            own_payment="reduced",
            own_payment_reduced=50,
            own_payment_decided_on=str(dates.today()),
        ),
    )
    assert response.status_code == 201, response.content
    stay = Stay.objects.get(pk=response.json()["id"])
    assert stay.agreed_daily_rate == Decimal("1234.50")
    assert stay.own_payment == OwnPayment.REDUCED
    assert stay.own_payment_reduced == Decimal("50.00")
    assert stay.own_payment_decided_on == dates.today()
    assert response.json()["payment"] == {
        "agreed_daily_rate": "1234.50",
        "own_payment": "reduced",
        "own_payment_reduced": "50.00",
        "own_payment_decided_on": str(dates.today()),
    }


@pytest.mark.django_db
def test_a_rate_above_the_usual_bound_needs_confirmed(world: World) -> None:
    client = api(world, Role.SHELTER_STAFF)
    usual = Decimal(bound_oere("bounds.shelter.daily_rate.usual", dates.today())) / 100
    high = str(usual + 1)
    refused = client.post("ophold/", _admission(world, agreed_daily_rate=high))
    assert refused.status_code == 422, refused.content
    [item] = refused.json()["detail"]
    assert item["field"] == "agreed_daily_rate"
    assert 'send "confirmed": true' in item["msg"]
    assert "kryds" not in item["msg"]
    assert not Stay.objects.filter(citizen__first_name="Betalende").exists()
    done = client.post("ophold/", _admission(world, agreed_daily_rate=high, confirmed=True))
    assert done.status_code == 201, done.content
    assert done.json()["payment"]["agreed_daily_rate"] == f"{usual + 1:.2f}"


@pytest.mark.django_db
def test_bad_amounts_are_named_in_danish(world: World) -> None:
    client = api(world, Role.SHELTER_STAFF)
    cases = {
        "12.345": "Højst to decimaler (øre).",
        "mange": "Skal være et beløb i kroner, fx 1234.50.",
        "-1": "Skal mindst være 0.",
    }
    for sent, message in cases.items():
        response = client.post("ophold/", _admission(world, agreed_daily_rate=sent))
        assert response.status_code == 422, (sent, response.content)
        assert response.json()["detail"] == [{"field": "agreed_daily_rate", "msg": message}]
    missing = client.post("ophold/", _admission(world, own_payment="reduced"))
    assert missing.json()["detail"] == [
        {"field": "own_payment_reduced", "msg": "Angiv den nedsatte egenbetaling."}
    ]


@pytest.mark.django_db
def test_the_payment_is_shown_only_to_the_roles_that_may_correct_the_stay(world: World) -> None:
    for role, shown in ((Role.CASE_WORKER, True), (Role.SUPPORT_WORKER, False)):
        page = api(world, role).get(f"borgere/{world.citizen.pk}/ophold").json()
        [stay] = page["items"]
        assert (stay["payment"] is not None) is shown, role
    listed = api(world, Role.MANAGER).get("ophold/").json()["items"]
    assert listed
    assert all(stay["payment"] is None for stay in listed)

"""A shelter's system admits, discharges and reports the notice, through the shelters' services."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.services import citizen_by_cpr
from hjemvej.core import dates
from hjemvej.shelters.models import Stay
from tests.api.world import World, api

CPR = "0101901234"


def _admission(world: World, **extra: object) -> dict[str, object]:
    return {
        "shelter": world.shelter.pk,
        "admitted": str(dates.today() - timedelta(days=1)),
        **extra,
    }


@pytest.mark.django_db
def test_shelter_staff_admit_a_new_citizen_by_cpr_and_the_number_is_never_echoed(
    world: World,
) -> None:
    client = api(world, Role.SHELTER_STAFF)
    response = client.post(
        "ophold/", _admission(world, cpr=CPR, first_name="Ny", last_name="Borger")
    )
    assert response.status_code == 201, response.content
    body = response.content.decode()
    assert CPR not in body
    assert "010190" not in body
    stay = Stay.objects.get(pk=response.json()["id"])
    assert stay.shelter == world.shelter
    assert stay.created_by == world.users[Role.SHELTER_STAFF]
    citizen = citizen_by_cpr(CPR)
    assert citizen is not None
    assert citizen.pk == response.json()["citizen"]
    assert citizen.acting_municipality == world.shelter.municipality
    # The look-up is logged, found or not; the admission by the service as on the page.
    search = AuditEntry.objects.filter(action=AuditAction.SEARCH).order_by("-id").first()
    assert search is not None
    assert search.detail == {"page": "api:stay_admit", "by": "cpr", "found": False}
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="shelters.Stay", object_id=str(stay.pk)
    ).exists()
    # The same CPR number (and name) again finds the citizen rather than making a second one.
    stay_done = client.post(f"ophold/{stay.pk}/udskrivning", {"discharged": str(dates.today())})
    assert stay_done.status_code == 200, stay_done.content
    again = client.post(
        "ophold/",
        _admission(
            world, cpr=CPR, first_name="Ny", last_name="Borger", admitted=str(dates.today())
        ),
    )
    assert again.status_code == 201, again.content
    assert again.json()["citizen"] == citizen.pk
    assert Citizen.objects.filter(first_name="Ny").count() == 1


@pytest.mark.django_db
def test_shelter_staff_admit_only_at_their_own_shelter(world: World) -> None:
    client = api(world, Role.SHELTER_STAFF)
    response = client.post(
        "ophold/", _admission(world, shelter=world.other_shelter.pk, alias="Den lange")
    )
    assert response.status_code == 403
    assert not Citizen.objects.filter(alias="Den lange").exists()
    # The case worker may admit at any shelter.
    case_worker = api(world, Role.CASE_WORKER)
    done = case_worker.post(
        "ophold/", _admission(world, shelter=world.other_shelter.pk, alias="Den lange")
    )
    assert done.status_code == 201, done.content


@pytest.mark.django_db
def test_shelter_staff_discharge_and_report_the_notice_only_at_their_shelter(
    world: World,
) -> None:
    client = api(world, Role.SHELTER_STAFF)
    today = str(dates.today())
    notice = client.post(f"ophold/{world.stay.pk}/underretning", {"notified_on": today})
    assert notice.status_code == 200, notice.content
    assert notice.json()["notified_on"] == today
    done = client.post(
        f"ophold/{world.stay.pk}/udskrivning",
        {"discharged": today, "exit_reason": "agreement", "exit_destination": "own_home"},
    )
    assert done.status_code == 200, done.content
    world.stay.refresh_from_db()
    assert world.stay.discharged == dates.today()
    assert world.stay.exit_destination == "own_home"
    # A stay at another shelter of the municipality: the case worker's, not theirs.
    other = api(world, Role.CASE_WORKER).post(
        "ophold/", _admission(world, shelter=world.other_shelter.pk, first_name="Anden")
    )
    assert other.status_code == 201
    refused = client.post(f"ophold/{other.json()['id']}/udskrivning", {"discharged": today})
    assert refused.status_code == 404  # outside their scope: not found, as on the pages


@pytest.mark.django_db
def test_a_rule_of_the_service_comes_back_naming_its_field(world: World) -> None:
    client = api(world, Role.SHELTER_STAFF)
    future = str(dates.today() + timedelta(days=3))
    response = client.post(f"ophold/{world.stay.pk}/udskrivning", {"discharged": future})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "discharged", "msg": "Udskrivningsdatoen kan ikke ligge i fremtiden."}]
    }


@pytest.mark.django_db
def test_bad_input_is_answered_in_danish_naming_the_field_without_its_value(
    world: World,
) -> None:
    client = api(world, Role.SHELTER_STAFF)
    response = client.post(
        "ophold/",
        {"shelter": "x", "admitted": "31-02-2026", "stay_type": "hotel", "cpr": "12345"},
    )
    assert response.status_code == 422
    items = {item["field"]: item["msg"] for item in response.json()["detail"]}
    assert items["shelter"] == "Skal være et helt tal."
    assert items["admitted"] == "Ugyldig dato: skriv den som ÅÅÅÅ-MM-DD."
    assert items["stay_type"].startswith("Ugyldig værdi: vælg mellem")
    wrong_cpr = client.post("ophold/", _admission(world, cpr="3213901234"))
    assert wrong_cpr.status_code == 422
    [item] = wrong_cpr.json()["detail"]
    assert item["field"] == "cpr"
    assert "3213901234" not in wrong_cpr.content.decode()
    missing = client.post("ophold/", {"admitted": "2026-11-01"})
    assert missing.json()["detail"] == [{"field": "shelter", "msg": "Feltet skal udfyldes."}]
    nobody = client.post("ophold/", _admission(world))
    assert nobody.status_code == 422
    assert nobody.json()["detail"][0]["field"] == "citizen"
    broken = client.client.post(
        "/api/v1/ophold/", "{ikke json", content_type="application/json", headers=client.headers
    )
    assert broken.status_code in (400, 422)
    assert "detail" in broken.json()
    huge = client.get("borgere/99999999999")
    assert huge.status_code == 422
    assert huge.json()["detail"][0]["field"] == "pk"
    paging = client.get("borgere/", limit=201, offset=-1)
    assert {i["field"] for i in paging.json()["detail"]} == {"limit", "offset"}


@pytest.mark.django_db
def test_the_rate_limit_per_token(world: World, settings: object) -> None:
    settings.API_RATE = "2/min"  # type: ignore[attr-defined]
    client = api(world, Role.CASE_WORKER)
    assert [client.get("mig").status_code for _ in range(2)] == [200, 200]
    third = client.get("mig")
    assert third.status_code == 429
    assert int(third.headers["Retry-After"]) > 0
    assert "For mange forespørgsler" in third.json()["detail"][0]["msg"]
    # Another token counts on its own.
    assert api(world, Role.MANAGER).get("mig").status_code == 200


@pytest.mark.django_db
def test_pagination_is_bounded_and_counts_all(world: World) -> None:
    client = api(world, Role.CASE_WORKER)
    for name in ("Et", "To", "Tre"):
        client.post("ophold/", _admission(world, shelter=world.other_shelter.pk, first_name=name))
    page = client.get("borgere/", limit=2, offset=1).json()
    assert page["count"] == 4
    assert len(page["items"]) == 2


@pytest.mark.django_db
def test_a_method_the_path_does_not_take_is_405_in_danish(world: World) -> None:
    client = api(world, Role.CASE_WORKER)
    response = client.client.delete("/api/v1/ophold/", headers=client.headers)
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert response.json() == {
        "detail": [{"field": None, "msg": "Metoden bruges ikke her; brug GET, POST."}]
    }

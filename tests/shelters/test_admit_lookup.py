"""Admission by CPR number: every look-up leaves a trace and tells only the name to confirm.

Issue 12, finding 1: shelter staff typing the CPR number of another municipality's citizen, who
is in a shelter now, learned that the person exists and is staying somewhere, got the number back
in the field, and left no audit entry (the refusal was raised inside a rolled-back transaction).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.core import dates
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.shelters.services import stay_admit
from tests import factories

pytestmark = pytest.mark.django_db

STAYING = "0101801234"  # another municipality's citizen, in a shelter now
FREE = "0202802345"  # another municipality's citizen, in no shelter
UNKNOWN = "0303803456"


def _all_forms(number: str) -> list[str]:
    return [number, f"{number[:6]}-{number[6:]}", f"{number[:6]} {number[6:]}"]


@pytest.fixture
def havnely() -> dict[str, object]:
    own = factories.shelter("Havnely")
    far = factories.shelter("Fjernhjemmet", code="101")
    staff = factories.user("havnely", Role.SHELTER_STAFF, shelter=own)
    far_worker = factories.user("fjern", Role.CASE_WORKER, code="101")
    staying = factories.citizen(
        far_worker, first_name="Sten", last_name="Ophold", cpr=STAYING, code="101"
    )
    stay_admit(
        actor=far_worker,
        citizen=staying,
        shelter=far,
        admitted=date(2026, 11, 1),
        today=date(2026, 11, 1),
    )
    free = factories.citizen(far_worker, first_name="Frida", last_name="Fri", cpr=FREE, code="101")
    return {"own": own, "far": far, "staff": staff, "staying": staying, "free": free}


def _admission(shelter: Shelter, cpr: str, **extra: str) -> dict[str, str]:
    return {
        "cpr": cpr,
        "first_name": "Skrevet",
        "last_name": "Navn",
        "alias": "",
        "acting_municipality": str(shelter.municipality_id),
        "shelter": str(shelter.pk),
        "admitted": dates.today().isoformat(),
        "stay_type": "stay",
        "prior_residence": "street",
        "own_payment": "statutory",
        **extra,
    }


def _lookups(staff: User) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(user=staff, action=AuditAction.SEARCH, detail__by="cpr").order_by(
            "id"
        )
    )


def test_a_known_number_first_shows_only_the_name_to_confirm(
    client: Client, havnely: dict[str, object]
) -> None:
    staff, own, staying = havnely["staff"], havnely["own"], havnely["staying"]
    assert isinstance(staff, User)
    assert isinstance(own, Shelter)
    assert isinstance(staying, Citizen)
    client.force_login(staff)
    response = client.post(reverse("citizens:admit_new"), _admission(own, STAYING))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sten Ophold" in html  # the name to confirm with the person in front of them
    assert "Bekræft" in html
    assert "Fjernhjemmet" not in html
    assert "allerede indskrevet" not in html
    for shown in _all_forms(STAYING):
        assert shown not in html
    assert not Stay.objects.filter(shelter=own).exists()  # nothing admitted before confirming
    entries = _lookups(staff)
    assert [(e.citizen_id, e.detail.get("found")) for e in entries] == [(staying.pk, True)]


def test_the_confirmed_admission_of_a_citizen_staying_elsewhere_is_refused_neutrally(
    client: Client, havnely: dict[str, object]
) -> None:
    staff, own, staying = havnely["staff"], havnely["own"], havnely["staying"]
    assert isinstance(staff, User)
    assert isinstance(own, Shelter)
    assert isinstance(staying, Citizen)
    client.force_login(staff)
    first = client.post(reverse("citizens:admit_new"), _admission(own, STAYING))
    token = first.context["carried_token"]
    confirmed = client.post(
        reverse("citizens:admit_new"),
        _admission(own, "", opslag=token, confirm_cpr_match="1"),
    )
    html = confirmed.content.decode()
    assert confirmed.status_code == 200
    assert "Fjernhjemmet" not in html
    assert "allerede indskrevet" not in html
    assert "samme periode" not in html
    assert "Kontakt" in html  # what to do next
    for shown in _all_forms(STAYING):
        assert shown not in html
    assert not Stay.objects.filter(shelter=own).exists()
    # Both look-ups are in the log, though the refused admission wrote nothing else.
    entries = _lookups(staff)
    assert [(e.citizen_id, e.detail.get("found")) for e in entries] == [
        (staying.pk, True),
        (staying.pk, True),
    ]


def test_a_confirmed_known_citizen_is_admitted(client: Client, havnely: dict[str, object]) -> None:
    staff, own, free = havnely["staff"], havnely["own"], havnely["free"]
    assert isinstance(staff, User)
    assert isinstance(own, Shelter)
    assert isinstance(free, Citizen)
    client.force_login(staff)
    first = client.post(reverse("citizens:admit_new"), _admission(own, FREE))
    assert "Frida Fri" in first.content.decode()
    response = client.post(
        reverse("citizens:admit_new"),
        _admission(own, "", opslag=first.context["carried_token"], confirm_cpr_match="1"),
    )
    assert response.status_code == 302
    assert free.stays.get().shelter == own
    free.refresh_from_db()
    assert free.first_name == "Frida"  # the typed name does not overwrite the record


def test_an_unknown_number_is_logged_too_and_never_echoed(
    client: Client, havnely: dict[str, object]
) -> None:
    staff, own = havnely["staff"], havnely["own"]
    assert isinstance(staff, User)
    assert isinstance(own, Shelter)
    client.force_login(staff)
    count = Citizen.objects.count()
    response = client.post(
        reverse("citizens:admit_new"), _admission(own, UNKNOWN, admitted="2000-01-01x")
    )
    html = response.content.decode()
    assert response.status_code == 200  # an invalid date: the form comes back
    for shown in _all_forms(UNKNOWN):
        assert shown not in html
    response = client.post(reverse("citizens:admit_new"), _admission(own, UNKNOWN))
    assert response.status_code == 302
    assert Citizen.objects.count() == count + 1
    entries = _lookups(staff)
    assert [(e.citizen_id, e.detail.get("found")) for e in entries] == [(None, False)]


def test_known_and_unknown_answers_differ_only_by_the_name_step(
    client: Client, havnely: dict[str, object]
) -> None:
    """A number in a shelter now and a number in no shelter get the same first answer."""
    staff, own = havnely["staff"], havnely["own"]
    assert isinstance(staff, User)
    assert isinstance(own, Shelter)
    client.force_login(staff)
    staying = client.post(reverse("citizens:admit_new"), _admission(own, STAYING)).content.decode()
    free = client.post(reverse("citizens:admit_new"), _admission(own, FREE)).content.decode()
    import re

    def plain(html: str) -> str:
        html = html.replace("Sten Ophold", "X").replace("Frida Fri", "X")
        html = re.sub(r'name="opslag" value="[^"]*"', "", html)
        html = re.sub(r"[A-Za-z0-9]{64}", "", html)  # the CSRF tokens
        return re.sub(r"010180|020280", "D", html)

    assert plain(staying) == plain(free)

"""A shelter's identifiers for Danmarks Statistik (CVR and P-number) and its leader."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from hjemvej.accounts.models import Role, User
from hjemvej.shelters.models import Shelter
from tests import factories
from tests.shelters.test_admin import change_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser() -> User:
    user = factories.user("admin", Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def errors(shelter: Shelter) -> dict[str, list[str]]:
    try:
        shelter.full_clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


@pytest.mark.parametrize("cvr", ["13585628", "29189846", ""])
def test_a_cvr_number_with_the_right_check_digit_is_accepted(cvr: str) -> None:
    shelter = factories.shelter()
    shelter.cvr_number = cvr
    assert "cvr_number" not in errors(shelter)


@pytest.mark.parametrize(
    ("cvr", "message"),
    [
        ("13585627", "CVR-nummeret er ikke gyldigt: kontrolcifferet passer ikke (modulus 11)."),
        ("1358562", "CVR-nummeret skal have 8 cifre."),
        ("135856288", "CVR-nummeret skal have 8 cifre."),
        ("1358562a", "CVR-nummeret skal have 8 cifre."),
        ("03585628", "Et CVR-nummer begynder aldrig med 0."),
    ],
)
def test_a_wrong_cvr_number_is_refused_in_danish(cvr: str, message: str) -> None:
    shelter = factories.shelter()
    shelter.cvr_number = cvr
    assert message in errors(shelter)["cvr_number"]


@pytest.mark.parametrize(
    ("p_number", "message"),
    [
        ("1003388394", None),
        ("", None),
        ("100338839", "P-nummeret skal have 10 cifre."),
        ("10033883945", "P-nummeret skal have 10 cifre."),
        ("10033-8839", "P-nummeret skal have 10 cifre."),
    ],
)
def test_a_p_number_has_ten_digits(p_number: str, message: str | None) -> None:
    shelter = factories.shelter()
    shelter.p_number = p_number
    found = errors(shelter).get("p_number", [])
    assert (message in found) if message else found == []


def test_two_shelters_cannot_share_a_p_number() -> None:
    first = factories.shelter("Første")
    first.p_number = "1003388394"
    first.save()
    second = factories.shelter("Anden")
    second.p_number = "1003388394"
    # A conditional unique constraint is the form's error, not the field's (Django's rule).
    assert errors(second)["__all__"] == ["En anden boform har allerede dette P-nummer."]
    second.p_number = ""
    third = factories.shelter("Tredje")
    assert errors(second) == {}
    assert errors(third) == {}


def test_the_leader_is_a_member_of_the_shelters_staff() -> None:
    shelter = factories.shelter()
    other = factories.shelter("Andet herberg")
    staff = factories.user("forstander", Role.SHELTER_STAFF, shelter=shelter)
    elsewhere = factories.user("fremmed", Role.SHELTER_STAFF, shelter=other)
    manager = factories.user("leder", Role.MANAGER)
    shelter.leader = staff
    assert "leader" not in errors(shelter)
    for wrong in (elsewhere, manager):
        shelter.leader = wrong
        assert errors(shelter)["leader"] == [
            "Lederen skal være en medarbejder på boformen (rollen »Medarbejder på boform« "
            "med denne boform)."
        ]


def test_the_admin_edits_the_identifiers_and_the_leader(client: Client, superuser: User) -> None:
    shelter = factories.shelter()
    first = shelter.rates.get()
    staff = factories.user("forstander", Role.SHELTER_STAFF, shelter=shelter)
    client.force_login(superuser)
    data: dict[str, Any] = change_data(shelter, [(first.pk, "2018-01-01", "1500.00")])
    data.update(cvr_number="29189846", p_number="1003388394", leader=staff.pk)
    response = client.post(url(shelter), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    shelter.refresh_from_db()
    assert (shelter.cvr_number, shelter.p_number, shelter.leader) == (
        "29189846",
        "1003388394",
        staff,
    )


def test_the_admin_refuses_a_wrong_cvr_number_and_keeps_the_old(
    client: Client, superuser: User
) -> None:
    shelter = factories.shelter()
    first = shelter.rates.get()
    client.force_login(superuser)
    data: dict[str, Any] = change_data(shelter, [(first.pk, "2018-01-01", "1500.00")])
    data.update(cvr_number="29189847", p_number="", leader="")
    response = client.post(url(shelter), data)
    assert response.status_code == 200
    assert "kontrolcifferet passer ikke" in response.content.decode()
    shelter.refresh_from_db()
    assert shelter.cvr_number == ""


def test_the_shelters_page_shows_its_identifiers(client: Client) -> None:
    shelter = factories.shelter()
    client.force_login(factories.user("okonom", Role.ECONOMIST))
    page = client.get(f"/boformer/{shelter.pk}/").content.decode()
    assert "CVR-nummer" in page
    assert "mangler" in page
    Shelter.objects.filter(pk=shelter.pk).update(cvr_number="29189846", p_number="1003388394")
    page = client.get(f"/boformer/{shelter.pk}/").content.decode()
    assert "29189846" in page
    assert "1003388394" in page

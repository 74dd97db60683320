"""The Django admin for shelters: rates are set through the service, and stays are not there."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client

from hjemvej.accounts.models import Role, User
from hjemvej.shelters.models import Shelter, ShelterRate, Stay
from tests import factories


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db: None) -> User:
    user = factories.user("admin", Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def change_data(shelter: Shelter, rates: list[tuple[int | None, str, str]]) -> dict[str, Any]:
    """Return the admin change form's POST data with the given inline rate rows."""
    existing = [r for r in rates if r[0] is not None]
    data: dict[str, Any] = {
        "name": shelter.name,
        "municipality": shelter.municipality_id,
        "operator": shelter.operator,
        "on_tilbudsportalen": "on",
        "places": shelter.places,
        "rates-TOTAL_FORMS": len(rates),
        "rates-INITIAL_FORMS": len(existing),
        "rates-MIN_NUM_FORMS": 0,
        "rates-MAX_NUM_FORMS": 1000,
    }
    for i, (pk, valid_from, rate) in enumerate(rates):
        data[f"rates-{i}-id"] = pk or ""
        data[f"rates-{i}-shelter"] = shelter.pk
        data[f"rates-{i}-valid_from"] = valid_from
        data[f"rates-{i}-daily_rate"] = rate
    return data


def url(shelter: Shelter) -> str:
    return f"/admin/shelters/shelter/{shelter.pk}/change/"


def test_a_rate_added_in_the_admin_records_who_set_it(client: Client, superuser: User) -> None:
    shelter = factories.shelter()
    first = shelter.rates.get()
    client.force_login(superuser)
    response = client.post(
        url(shelter),
        change_data(shelter, [(first.pk, "2018-01-01", "1500.00"), (None, "2026-07-01", "1650")]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rate = ShelterRate.objects.get(shelter=shelter, valid_from=date(2026, 7, 1))
    assert rate.daily_rate == Decimal("1650.00")
    assert rate.changed_by == superuser


def test_a_changed_rate_records_who_changed_it(client: Client, superuser: User) -> None:
    shelter = factories.shelter()
    first = shelter.rates.get()
    ShelterRate.objects.filter(pk=first.pk).update(changed_by=None)
    client.force_login(superuser)
    response = client.post(url(shelter), change_data(shelter, [(first.pk, "2018-01-01", "1555")]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.daily_rate == Decimal("1555.00")
    assert first.changed_by == superuser


@pytest.mark.parametrize(
    ("valid_from", "rate", "message"),
    [
        ("2019-01-01", "1500.00", "Datoen for en gemt takst kan ikke ændres"),
        ("2018-01-01", "-1", "Taksten kan ikke være negativ"),
    ],
)
def test_a_rate_keeps_its_date_and_is_never_negative(
    client: Client, superuser: User, valid_from: str, rate: str, message: str
) -> None:
    shelter = factories.shelter()
    first = shelter.rates.get()
    client.force_login(superuser)
    response = client.post(url(shelter), change_data(shelter, [(first.pk, valid_from, rate)]))
    assert response.status_code == 200
    assert message in response.content.decode()
    first.refresh_from_db()
    assert (first.valid_from, first.daily_rate) == (date(2018, 1, 1), Decimal("1500.00"))


def test_rates_cannot_be_deleted_in_the_admin(superuser: User) -> None:
    from hjemvej.shelters.admin import ShelterRateInline

    assert ShelterRateInline.can_delete is False


def test_stays_are_not_in_the_admin(client: Client, superuser: User) -> None:
    assert Stay not in admin.site._registry
    assert Shelter in admin.site._registry
    client.force_login(superuser)
    assert client.get("/admin/shelters/stay/").status_code == 404
    page = client.get("/admin/").content.decode()
    assert "/admin/shelters/shelter/" in page
    assert "/admin/shelters/stay/" not in page

"""The Django admin holds reference data only: no case data, no way to change the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client

from hjemvej.accounts.models import AuditEntry, Municipality, Role, User
from tests import factories

CASE_APPS = ("citizens", "support")
CASE_MODELS = ("Stay",)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db: None) -> User:
    user = factories.user("admin", Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_no_case_data_is_registered() -> None:
    registered = {model._meta.label for model in admin.site._registry}
    for app in CASE_APPS:
        for model in apps.get_app_config(app).get_models():
            assert model._meta.label not in registered, model._meta.label
    assert "shelters.Stay" not in registered
    assert "accounts.AuditEntry" not in registered
    assert {"accounts.Municipality", "accounts.User", "shelters.Shelter"} <= registered


def test_the_admin_index_lists_reference_data_only(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    page = client.get("/admin/").content.decode()
    for path in ("/admin/accounts/user/", "/admin/accounts/municipality/", "/admin/shelters/"):
        assert path in page
    for path in ("/admin/citizens/", "/admin/support/", "/admin/accounts/auditentry/"):
        assert path not in page
    for path in ("/admin/citizens/citizen/", "/admin/accounts/auditentry/"):
        assert client.get(path).status_code == 404


def test_municipalities_are_never_added_or_deleted(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    listing = client.get("/admin/accounts/municipality/")
    assert listing.status_code == 200
    assert "Aarhus" in listing.content.decode()
    aarhus = Municipality.objects.get(code="751")
    assert client.get("/admin/accounts/municipality/add/").status_code == 403
    assert client.post(f"/admin/accounts/municipality/{aarhus.pk}/delete/").status_code == 403
    assert Municipality.objects.filter(code="751").exists()


def sender_form(**overrides: str) -> dict[str, str]:
    data = {
        "code": "999",
        "name": "Ændret",
        "sender_name": "Aarhus Kommune, Socialforvaltningen, Hjemløseenheden",
        "address": "Rådhuspladsen 2",
        "postal_code": "8000",
        "city": "Aarhus C",
        "phone": "+45 89 40 20 00",
        "email": "hjemloese@aarhus.example",
        "website": "https://aarhus.example",
        "started_on": "",
    }
    data.update(overrides)
    return data


def test_an_administrator_fills_in_the_municipality_as_a_letters_sender(
    client: Client, superuser: User
) -> None:
    client.force_login(superuser)
    aarhus = Municipality.objects.get(code="751")
    change = f"/admin/accounts/municipality/{aarhus.pk}/change/"
    page = client.get(change).content.decode()
    for field in ("sender_name", "address", "postal_code", "city", "phone", "email", "website"):
        assert f'id="id_{field}"' in page
    for field in ("code", "name"):
        assert f'id="id_{field}"' not in page  # shipped as data: shown, never changed
    response = client.post(change, sender_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    aarhus.refresh_from_db()
    assert (aarhus.code, aarhus.name) == ("751", "Aarhus")
    assert aarhus.sender_name == "Aarhus Kommune, Socialforvaltningen, Hjemløseenheden"
    assert (aarhus.address, aarhus.postal_code, aarhus.city) == (
        "Rådhuspladsen 2",
        "8000",
        "Aarhus C",
    )
    assert aarhus.phone == "89 40 20 00"  # written the Danish way
    assert (aarhus.email, aarhus.website) == ("hjemloese@aarhus.example", "https://aarhus.example")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"postal_code": "800"}, "Skriv postnummeret med 4 cifre"),
        ({"postal_code": "80OO"}, "Skriv postnummeret med 4 cifre"),
        ({"phone": "1234"}, "Skriv telefonnummeret med 8 cifre"),
        ({"phone": "+46 89 40 20 00"}, "Skriv telefonnummeret med 8 cifre"),
        ({"email": "ikke en adresse"}, "gyldig e-mail-adresse"),
    ],
)
def test_the_senders_postal_code_and_phone_are_checked(
    client: Client, superuser: User, overrides: dict[str, str], message: str
) -> None:
    client.force_login(superuser)
    aarhus = Municipality.objects.get(code="751")
    response = client.post(
        f"/admin/accounts/municipality/{aarhus.pk}/change/", sender_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    aarhus.refresh_from_db()
    assert aarhus.address == ""


def test_only_administrators_change_municipalities(client: Client, superuser: User) -> None:
    clerk = factories.user("kontor", Role.CASE_WORKER)
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    aarhus = Municipality.objects.get(code="751")
    response = client.post(f"/admin/accounts/municipality/{aarhus.pk}/change/", sender_form())
    assert response.status_code == 403
    aarhus.refresh_from_db()
    assert aarhus.address == ""


def test_audit_entries_cannot_be_changed_through_the_admin(client: Client, superuser: User) -> None:
    factories.citizen(superuser)
    entry = AuditEntry.objects.first()
    assert entry is not None
    client.force_login(superuser)
    assert client.get(f"/admin/accounts/auditentry/{entry.pk}/change/").status_code == 404
    assert client.post(f"/admin/accounts/auditentry/{entry.pk}/delete/").status_code == 404


def user_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "username": "ny",
        "password1": "en-lang-adgangskode-42",
        "password2": "en-lang-adgangskode-42",
        "usable_password": "true",
        "role": Role.CASE_WORKER,
        "municipality": Municipality.objects.get(code="751").pk,
        "shelter": "",
    }
    data.update(overrides)
    return data


def test_a_user_is_created_with_role_and_municipality(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    page = client.get("/admin/accounts/user/add/").content.decode()
    for field in ("id_role", "id_municipality", "id_shelter"):
        assert f'id="{field}"' in page
    response = client.post("/admin/accounts/user/add/", user_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="ny")
    assert created.role == Role.CASE_WORKER
    assert created.municipality is not None
    assert created.municipality.code == "751"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"role": Role.SHELTER_STAFF}, "skal knyttes til sin boform"),
        ({"role": Role.CASE_WORKER, "municipality": ""}, "skal have en kommune"),
    ],
)
def test_the_role_needs_its_scope(
    client: Client, superuser: User, overrides: dict[str, Any], message: str
) -> None:
    client.force_login(superuser)
    response = client.post("/admin/accounts/user/add/", user_form(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="ny").exists()


def test_only_shelter_staff_have_a_shelter(client: Client, superuser: User) -> None:
    shelter = factories.shelter()
    client.force_login(superuser)
    response = client.post("/admin/accounts/user/add/", user_form(shelter=shelter.pk))
    assert response.status_code == 200
    assert "Kun medarbejdere på en boform" in response.content.decode()
    staff = user_form(username="boform", role=Role.SHELTER_STAFF, shelter=shelter.pk)
    assert client.post("/admin/accounts/user/add/", staff).status_code == 302
    assert User.objects.get(username="boform").shelter == shelter


def test_the_administrator_maps_a_group_to_a_role_with_its_scope(
    client: Client, superuser: User
) -> None:
    from hjemvej.accounts.models import IdentityMapping

    client.force_login(superuser)
    aarhus = Municipality.objects.get(code="751")
    add = "/admin/accounts/identitymapping/add/"
    base = {"claim": "groups", "value": "hjemvej-havnely", "priority": "100"}
    refused = client.post(
        add, {**base, "role": Role.SHELTER_STAFF, "municipality": aarhus.pk, "shelter": ""}
    )
    assert refused.status_code == 200
    assert "skal knyttes til sin boform" in refused.content.decode()
    shelter = factories.shelter("Herberget Havnely")
    saved = client.post(
        add, {**base, "role": Role.SHELTER_STAFF, "municipality": aarhus.pk, "shelter": shelter.pk}
    )
    assert saved.status_code == 302
    row = IdentityMapping.objects.get()
    assert (row.role, row.shelter, row.municipality) == (Role.SHELTER_STAFF, shelter, aarhus)
    assert "hjemvej-havnely" in client.get("/admin/accounts/identitymapping/").content.decode()

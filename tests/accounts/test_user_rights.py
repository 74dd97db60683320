"""Administrators cannot raise their own rights, and every change of a user's rights is audited.

Role, municipality, shelter, the admin flags and passwords change only through the services in
``hjemvej.accounts.services``, which refuse one's own account and write to the audit log; the
Django admin's own user form shows these fields but cannot change them.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hjemvej.accounts import services
from hjemvej.accounts.models import AuditAction, AuditEntry, Municipality, Role, User
from tests import factories

NEW_PASSWORD = "en-helt-ny-adgangskode-77"


@pytest.fixture
def superuser(db: None) -> User:
    user = factories.user("admin", Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def access_form(**overrides: Any) -> dict[str, Any]:
    data = {
        "role": Role.CASE_WORKER,
        "municipality": Municipality.objects.get(code="751").pk,
        "shelter": "",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def user_entries(user: User) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="accounts.User", object_id=str(user.pk)))


def test_the_service_refuses_a_change_of_ones_own_role(superuser: User) -> None:
    with pytest.raises(services.AccessRefused, match="din egen"):
        services.user_set_access(
            actor=superuser,
            user=superuser,
            access=services.Access(
                role=Role.CASE_WORKER,
                municipality=superuser.municipality,
                shelter=None,
                is_active=True,
                is_staff=True,
                is_superuser=True,
            ),
        )
    superuser.refresh_from_db()
    assert superuser.role == Role.ADMIN


def test_the_service_refuses_ones_own_password(superuser: User) -> None:
    with pytest.raises(services.AccessRefused, match="din egen"):
        services.user_set_password(actor=superuser, user=superuser, password=NEW_PASSWORD)
    superuser.refresh_from_db()
    assert superuser.check_password("test-adgangskode-1")


def test_the_admins_change_form_no_longer_changes_role_or_flags(
    client: Client, superuser: User
) -> None:
    worker = factories.user("rita", Role.SUPPORT_WORKER)
    client.force_login(superuser)
    for target in (superuser, worker):
        change = f"/admin/accounts/user/{target.pk}/change/"
        page = client.get(change).content.decode()
        for field in ("role", "municipality", "shelter", "is_superuser", "is_staff", "groups"):
            assert f'name="{field}"' not in page, field
        response = client.post(
            change,
            {
                "username": target.username,
                "first_name": "Nyt",
                "last_name": "Navn",
                "email": "",
                "role": Role.CASE_WORKER,
                "municipality": target.municipality_id,
                "is_active": "on",
                "is_staff": "on",
                "is_superuser": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    superuser.refresh_from_db()
    worker.refresh_from_db()
    assert superuser.role == Role.ADMIN
    assert (worker.role, worker.is_staff, worker.is_superuser) == (
        Role.SUPPORT_WORKER,
        False,
        False,
    )
    assert worker.first_name == "Nyt"  # the name is still the admin's to change, and audited
    assert user_entries(worker)[0].detail == {"fields": ["first_name", "last_name"]}


def test_self_elevation_through_the_admin_is_refused(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    access = f"/admin/accounts/user/{superuser.pk}/adgang/"
    page = client.get(access)
    assert page.status_code == 200
    assert "din egen" in page.content.decode()
    response = client.post(access, access_form(), follow=True)
    assert "din egen" in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.role == Role.ADMIN
    assert client.get("/borgere/").status_code == 403
    password = client.post(
        f"/admin/accounts/user/{superuser.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
        follow=True,
    )
    assert "din egen" in password.content.decode()
    superuser.refresh_from_db()
    assert superuser.check_password("test-adgangskode-1")


def test_another_users_role_is_changed_through_the_service_and_audited(
    client: Client, superuser: User
) -> None:
    worker = factories.user("rita", Role.SUPPORT_WORKER)
    client.force_login(superuser)
    access = f"/admin/accounts/user/{worker.pk}/adgang/"
    page = client.get(access).content.decode()
    assert 'name="role"' in page
    response = client.post(access, access_form(is_staff="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    worker.refresh_from_db()
    assert (worker.role, worker.is_staff) == (Role.CASE_WORKER, True)
    [entry] = user_entries(worker)
    assert (entry.user, entry.action) == (superuser, AuditAction.UPDATE)
    assert entry.detail == {"fields": ["role", "is_staff"]}
    refused = client.post(access, access_form(role=Role.SHELTER_STAFF))
    assert "skal knyttes til sin boform" in refused.content.decode()
    log = client.get("/adgang/log/").content.decode()
    assert "Ændrede bruger" in log
    assert "rolle" in log


def test_a_password_set_by_an_administrator_is_audited_and_must_be_changed(
    client: Client, superuser: User
) -> None:
    worker = factories.user("rita", Role.CASE_WORKER)
    client.force_login(superuser)
    response = client.post(
        f"/admin/accounts/user/{worker.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    worker.refresh_from_db()
    assert worker.check_password(NEW_PASSWORD)
    [entry] = user_entries(worker)
    assert (entry.user, entry.action, entry.detail) == (
        superuser,
        AuditAction.UPDATE,
        {"fields": ["password"]},
    )
    assert NEW_PASSWORD not in str(entry.detail)
    log = client.get("/adgang/log/").content.decode()
    assert "Ændrede bruger" in log
    assert "adgangskode" in log
    assert NEW_PASSWORD not in log
    # The administrator who knows the password cannot use it silently: the first login asks for a
    # new one before any page opens, and the user notices theirs no longer works.
    other = Client()
    other.post("/login/", {"username": "rita", "password": NEW_PASSWORD})
    blocked = other.get("/borgere/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith("/adgangskode/")
    chosen = other.post(
        "/adgangskode/",
        {
            "old_password": NEW_PASSWORD,
            "new_password1": "min-egen-hemmelighed-99",
            "new_password2": "min-egen-hemmelighed-99",
        },
    )
    assert chosen.status_code == 302
    assert other.get("/borgere/").status_code == 200


def test_a_user_created_in_the_admin_is_audited_and_chooses_their_own_password(
    client: Client, superuser: User
) -> None:
    client.force_login(superuser)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "ny",
            "password1": "en-lang-adgangskode-42",
            "password2": "en-lang-adgangskode-42",
            "usable_password": "true",
            "role": Role.CASE_WORKER,
            "municipality": Municipality.objects.get(code="751").pk,
            "shelter": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="ny")
    assert created.password_change_required
    [entry] = user_entries(created)
    assert (entry.action, entry.user) == (AuditAction.CREATE, superuser)
    assert set(entry.detail["fields"]) >= {"role", "municipality", "password"}


@pytest.mark.django_db
def test_the_first_administrator_made_on_the_command_line_has_the_role() -> None:
    # No administrator can give themselves a role in the admin, so createsuperuser gives it.
    first = User.objects.create_superuser("forste", None, "en-lang-adgangskode-42")
    assert (first.role, first.is_staff, first.is_superuser) == (Role.ADMIN, True, True)

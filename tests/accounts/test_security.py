"""Login, lockout, sessions, CSRF and security headers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditEntry, Role
from tests import factories

PASSWORD = "test-adgangskode-1"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_login_leads_every_role_to_a_page_it_may_open(client: Client, role: str) -> None:
    factories.user("rita", role)
    response = client.post(
        reverse("login"), {"username": "rita", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == reverse("start")


@pytest.mark.django_db
def test_wrong_password_gives_a_danish_message(client: Client) -> None:
    factories.user("rita", Role.CASE_WORKER)
    response = client.post(reverse("login"), {"username": "rita", "password": "forkert"})
    assert response.status_code == 200
    assert "Forkert brugernavn eller adgangskode" in response.content.decode()


@pytest.mark.django_db
def test_five_failures_lock_the_user_out_even_with_the_right_password(client: Client) -> None:
    factories.user("rita", Role.CASE_WORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "rita", "password": "forkert"})
    response = client.post(reverse("login"), {"username": "rita", "password": PASSWORD})
    assert response.status_code == 429
    assert "midlertidigt spærret" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.argon2
@pytest.mark.django_db
def test_passwords_are_stored_with_argon2() -> None:
    user = factories.user("rita", Role.CASE_WORKER)
    assert user.password.startswith("argon2")


@pytest.mark.django_db
def test_csrf_is_enforced_on_posts() -> None:
    factories.user("rita", Role.CASE_WORKER)
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "rita", "password": PASSWORD})
    assert response.status_code == 403


@pytest.mark.django_db
def test_logout_needs_post(client: Client) -> None:
    client.force_login(factories.user("rita", Role.CASE_WORKER))
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_sessions_expire() -> None:
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_security_headers(client: Client) -> None:
    response = client.get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_audit_log_is_append_only_on_postgresql() -> None:
    from django.db import DatabaseError, connection, transaction

    user = factories.user("rita", Role.CASE_WORKER)
    citizen = factories.citizen(user)
    entry = AuditEntry.objects.filter(citizen=citizen).first()
    assert entry is not None
    if connection.vendor != "postgresql":
        pytest.skip("the database trigger exists on PostgreSQL only")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="view")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()

"""The Django project starts, migrates and serves the rules in force."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client


@pytest.mark.django_db
def test_the_rules_page_shows_the_rules_in_force_today(client: Client) -> None:
    from hjemvej.accounts.models import Role
    from tests import factories

    assert client.get("/regler/").status_code == 302  # signed-in users only
    assert client.get("/").status_code == 302  # the start page too: to the login page
    for role in Role:
        client.force_login(factories.user(f"bruger-{role.value}", role))
        start = client.get("/").content.decode()
        assert 'href="/regler/"' in start  # linked from the footer of every page
        assert "shelter.reimbursement.day_cap" not in start  # no longer on the start page
    response = client.get("/regler/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "shelter.reimbursement.day_cap" in page
    assert "politisk aftale" in page  # the 120-day cap after 2026-04-01 is not yet law
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_admin_asks_for_login(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.headers["Location"]


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration() -> None:
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2() -> None:
    from django.conf import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")

"""Shared test setup."""

import os

import pytest
from django.conf import LazySettings
from django.db import connection

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.fixture(scope="session", autouse=True)
def _require_postgres() -> None:
    """Fail, never skip, when a PostgreSQL run was asked for and another database is in use."""
    if os.environ.get("HJEMVEJ_REQUIRE_POSTGRES") == "1":
        assert connection.vendor == "postgresql", (
            "HJEMVEJ_REQUIRE_POSTGRES=1 men databasen er ikke PostgreSQL"
        )


@pytest.fixture(autouse=True)
def _fast_passwords(request: pytest.FixtureRequest, settings: LazySettings) -> None:
    """Hash test passwords fast; tests marked ``argon2`` keep the real hasher."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", ARGON2]

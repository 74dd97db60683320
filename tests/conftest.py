"""Shared test setup."""

import os

import pytest
from django.db import connection


@pytest.fixture(scope="session", autouse=True)
def _require_postgres() -> None:
    """Fail, never skip, when a PostgreSQL run was asked for and another database is in use."""
    if os.environ.get("HJEMVEJ_REQUIRE_POSTGRES") == "1":
        assert connection.vendor == "postgresql", (
            "HJEMVEJ_REQUIRE_POSTGRES=1 men databasen er ikke PostgreSQL"
        )

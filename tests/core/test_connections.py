"""A restarted PostgreSQL costs no user a 500: connections are checked before they are reused."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory

from hjemvej.accounts.models import Role
from tests import factories


def terminate_connections(database: str) -> int:
    """End every server connection to the database from a second connection, as a restart would."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return len(rows)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_request_after_the_connections_were_ended_succeeds() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("kræver PostgreSQL (DATABASE_URL)")
    assert (settings.DATABASES["default"]["CONN_MAX_AGE"] or 0) > 0  # connections are kept …
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    worker = factories.user("raadgiver", Role.CASE_WORKER)
    client = Client()
    client.force_login(worker)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    # The production path: Django's WSGI handler with its request signals (the test Client turns
    # off the connection handling between requests that this is about).
    handler = WSGIHandler()

    def get() -> str:
        environ = RequestFactory(HTTP_COOKIE=cookie).get("/borgere/").environ
        statuses: list[str] = []

        def start_response(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            statuses.append(status)

        body = handler(environ, start_response)
        b"".join(body)
        body.close()  # sends request_finished, as a server does
        return statuses[0]

    assert get() == "200 OK"
    database = connection.settings_dict["NAME"]
    assert terminate_connections(database) >= 1  # … so the kept one is ended here …
    assert get() == "200 OK"  # … and checked before reuse

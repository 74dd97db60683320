"""The health endpoints: alive, and ready (database answers, migrations applied); nothing else."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hjemvej.accounts.policy import Action
from hjemvej.core import health
from tests.processes import KEY_A, ROOT, SECRET, environment, free_port


@pytest.mark.django_db
def test_live_answers_ok_without_the_database(client: Client) -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/helbred/live")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert len(queries) == 0
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_ready_answers_ok_when_the_database_answers_and_is_migrated(client: Client) -> None:
    response = client.get("/helbred/klar")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_ready_is_503_with_a_migration_not_applied(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "_migrated", False)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'citizens'")
    response = client.get("/helbred/klar")
    assert response.status_code == 503
    assert response.content == b"ikke klar"


def test_ready_is_503_when_the_database_does_not_answer() -> None:
    # A real server address where nothing listens: not a mocked database.
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/helbred/klar'); print(r.status_code, r.content.decode())"
    )
    env = environment(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/hjemvej_ingen",
        HJEMVEJ_SECRET_KEY=SECRET,
        HJEMVEJ_CPR_KEY=KEY_A,
        HJEMVEJ_ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="hjemvej.settings",
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "503 ikke klar", done.stderr


def test_health_endpoints_are_public() -> None:
    assert health.live.policy_action is Action.PUBLIC  # type: ignore[attr-defined]
    assert health.ready.policy_action is Action.PUBLIC  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_health_endpoints_reveal_nothing_else(client: Client) -> None:
    for url in ("/helbred/live", "/helbred/klar"):
        response = client.get(url)
        assert len(response.content) <= len(b"ikke klar")
        assert "Server" not in response.headers
        assert "Set-Cookie" not in response.headers

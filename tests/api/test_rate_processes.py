"""The rate limit counts a token's requests across processes, as gunicorn's workers serve them.

Two real Python processes, each with its own Django and its own database connection, send their
requests with the same token to the same database the test made (as two workers would): together
they get the rate once, not once each. On SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from django.db import connection

from hjemvej.accounts.models import Role
from hjemvej.api.tokens import api_token_create
from tests import factories
from tests.processes import KEY_A, ROOT, SECRET, environment

#: One process of the web server, reduced to what counts: Django, the API and its own connection.
WORKER = """
import sys
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="localhost")
token, times = sys.argv[1], int(sys.argv[2])
codes = [
    client.get("/api/v1/mig", headers={"Authorization": f"Bearer {token}"}).status_code
    for _ in range(times)
]
print(" ".join(str(code) for code in codes))
"""


def _database_url() -> str:
    settings: dict[str, Any] = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    user = settings.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{settings['NAME']}"


def _worker(token: str, times: int) -> subprocess.Popen[str]:
    env = environment(
        DJANGO_SETTINGS_MODULE="hjemvej.settings",
        DATABASE_URL=_database_url(),
        HJEMVEJ_SECRET_KEY=SECRET,
        HJEMVEJ_CPR_KEY=KEY_A,  # the worker reads no CPR number
        HJEMVEJ_API_RATE="6/hour",
        HJEMVEJ_LOG_FORMAT="text",
    )
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, token, str(times)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_a_tokens_rate() -> None:
    factories.ensure_municipalities()
    user = factories.user("sagsbehandler", Role.CASE_WORKER)
    _, token = api_token_create(user=user, name="to processer")
    workers = [_worker(token, 5), _worker(token, 5)]
    codes: list[int] = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        codes += [int(code) for code in out.split()]
    assert len(codes) == 10
    assert codes.count(200) == 6, codes
    assert codes.count(429) == 4, codes

"""Schemathesis against the schema the app serves: no server error, every answer as documented.

The schema is fetched from the running app (``/api/v1/openapi.json`` through its WSGI handler),
and for every operation schemathesis generates requests, valid and invalid, that are sent with
a real token of a case worker, a shelter's staff and an economist, in a world where each has
citizens, stays and figures to read (tests/api/world.py); half the valid ones use that world's
ids, so the answers cover 200 and 201 as well as 403, 404 and 422. Checks: not a server error,
a status code the schema documents, a body that conforms to the schema.

Bounded so that it runs in the ordinary suite on two cores: ``EXAMPLES`` generated cases per
operation, mode and role, no per-example deadline, derandomised (the same cases every run), on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from hjemvej.accounts.models import Role
from tests.api.world import World, make_world

#: Generated cases per operation, mode and role: enough to meet each error path, small for CI.
EXAMPLES = 6
ROLES = [Role.CASE_WORKER, Role.SHELTER_STAFF, Role.ECONOMIST]
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """Keep the test's database connection open across the WSGI requests (as Django's Client).

    Django closes the connection at the end of each request it serves; the test's transaction,
    and the rows the tokens stand on, would go with it.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _run(operation: Any, strategy: Any, token: str) -> None:
    @given(case=strategy)
    @BOUNDED
    def holds(case: Any) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

    holds()


@pytest.mark.django_db
@pytest.mark.usefixtures("_connection_kept")
@pytest.mark.parametrize("role", ROLES)
def test_the_served_schema_holds(role: str, settings: Any) -> None:
    settings.API_RATE = "100000/min"  # the run is no attack
    world: World = make_world()
    token = world.tokens[role]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    ids = {"pk": world.citizen.pk, "stay_pk": world.stay.pk}
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == 13
    for operation in operations:
        known = {p.name: ids[p.name] for p in operation.path_parameters if p.name in ids}
        _run(operation, operation.as_strategy(GenerationMode.POSITIVE), token)
        _run(operation, operation.as_strategy(GenerationMode.NEGATIVE), token)
        if known:
            _run(operation, operation.as_strategy(path_parameters=known), token)

"""Health endpoints for a load balancer or monitoring: alive, and ready to serve.

They answer ``ok`` (200) or ``ikke klar`` (503) and nothing else: no version, no counts, no names.
Public (no login), never cached.
"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from hjemvej.accounts.policy import Action, policy

#: Once every migration of this code is applied it stays so until the code changes (a restart).
_migrated = False


def _text(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")


@policy(Action.PUBLIC)
@never_cache
def live(request: HttpRequest) -> HttpResponse:
    """Answer ``ok``: the process serves requests (no database)."""
    return _text("ok")


def _all_migrated() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


@policy(Action.PUBLIC)
@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    """Answer ``ok`` when the database answers and every migration is applied, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        ok = _all_migrated()
    except DatabaseError:
        ok = False
    return _text("ok") if ok else _text("ikke klar", status=503)

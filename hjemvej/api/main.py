"""The API object: ``/api/v1/``, its OpenAPI 3 schema at ``/api/v1/openapi.json`` and its docs.

Built with django-ninja (docs/api.md says why). The URL patterns are marked for the middleware
(``urls``): Hjemvej's pages are refused without a ``@policy`` declaration and want a session;
the API's operations authenticate a token each and declare their action with ``needs`` (a
session opens nothing here, and no CSRF token is asked for, as no cookie is used).
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from hjemvej.accounts.policy import Action
from hjemvej.api import errors
from hjemvej.api.auth import UNDECLARED, TokenRateThrottle
from hjemvej.api.routes import citizens, figures, stays

VERSION = "1"
NAMESPACE = "api"

api = NinjaAPI(
    title="Hjemvej API",
    version=VERSION,
    description=(
        "Hjemvejs API: boformers egne systemer melder indskrivninger, udskrivninger og "
        "underretninger; kommunens sagssystem læser borgeres status, situation, ophold og støtte; "
        "BI-værktøjer læser økonomiens tal og statistikken (uden borgere). Hver nøgle handler som "
        "sin bruger, med samme adgang som brugerens sider, og alt logges. Se docs/api.md."
    ),
    auth=UNDECLARED,
    throttle=[TokenRateThrottle()],
    urls_namespace=NAMESPACE,
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)
api.add_router("", citizens.router)
api.add_router("", stays.router)
api.add_router("", figures.router)


def _mark(entries: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for entry in entries:
        if isinstance(entry, URLPattern):
            # The URL level is open (no session, no second factor): each operation checks its
            # token and its action itself, and the schema and the docs hold no personal data.
            entry.callback.policy_action = Action.PUBLIC  # type: ignore[union-attr]
            entry.callback.api_token_only = True  # type: ignore[union-attr]
    return entries


def urls() -> tuple[list[Any], str, str]:
    """Return the API's URL patterns for ``include``, marked for the middleware."""
    patterns, app_name, namespace = api.urls
    return _mark(list(patterns)), app_name, namespace

"""The API object: ``/api/v1/``, its OpenAPI 3 schema at ``/api/v1/openapi.json`` and its docs.

Built with django-ninja (docs/api.md says why). The URL patterns are marked for the middleware
(``urls``): Hjemvej's pages are refused without a ``@policy`` declaration and want a session;
the API's operations authenticate a token each and declare their action with ``needs`` (a
session opens nothing here, and no CSRF token is asked for, as no cookie is used).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponseBase, JsonResponse
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


def _json_405(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Answer a method the path does not take (ninja: an empty 405) as the API's other errors."""

    @wraps(view)
    def answered(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        allowed = ", ".join(sorted(m.strip() for m in response.get("Allow", "").split(",")))
        refused = JsonResponse(
            errors.error_body((None, f"Metoden bruges ikke her; brug {allowed}.")), status=405
        )
        refused["Allow"] = allowed
        return refused

    return answered


def _mark(entries: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for entry in entries:
        if isinstance(entry, URLPattern):
            view = _json_405(entry.callback)
            # The URL level is open (no session, no second factor): each operation checks its
            # token and its action itself, and the schema and the docs hold no personal data.
            view.policy_action = Action.PUBLIC  # type: ignore[attr-defined]
            view.api_token_only = True  # type: ignore[attr-defined]
            view.csrf_exempt = True  # type: ignore[attr-defined]  # no cookie is used
            entry.callback = view
    return entries


def urls() -> tuple[list[Any], str, str]:
    """Return the API's URL patterns for ``include``, marked for the middleware."""
    patterns, app_name, namespace = api.urls
    return _mark(list(patterns)), app_name, namespace

"""Deny by default: a view that has not declared its policy is refused."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseForbidden

logger = logging.getLogger(__name__)

# Views that carry their own checks: the admin site and the admin views Django keeps elsewhere
# (the user admin, "view on site"), all staff only; and static files.
EXEMPT_MODULES = (
    "django.contrib.admin",
    "django.contrib.auth.admin",
    "django.contrib.contenttypes.views",
    "django.contrib.staticfiles",
    "django.views.static",
)


class PolicyMiddleware:
    """Refuse every view without ``policy_action`` (see ``hjemvej.accounts.policy.policy``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if getattr(view_func, "policy_action", None) is not None:
            return None
        module = getattr(view_func, "__module__", "") or ""
        if module.startswith(EXEMPT_MODULES):
            return None
        logger.error("View uden adgangspolitik afvist: %s", getattr(view_func, "__name__", "?"))
        return HttpResponseForbidden("Adgang nægtet.")

"""Deny by default (a view that has not declared its policy is refused), and sessions that end."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseForbidden
from django.utils import timezone

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


# Session keys: when the user signed in, and when they were last seen (seconds since the epoch).
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# Last activity is written at most once a minute, so that not every request writes the session.
LAST_SEEN_STEP = 60


def now() -> datetime:
    """The clock the session limits read (tests set their own)."""
    return timezone.now()


class SessionLimitMiddleware:
    """End a session 8 hours after login whatever happens in between, and after an idle period.

    The limits are the settings ``SESSION_ABSOLUTE_SECONDS`` and ``SESSION_IDLE_SECONDS`` (from
    ``HJEMVEJ_IDLE_MINUTES``).
    A session past either is logged out and sent to the login page with a Danish message; the
    request that found it expired does nothing else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            expired = self._expired(request, now().timestamp())
            if expired:
                logger.info("Session udløbet (%s): bruger %s", expired, request.user.pk)
                logout(request)
                messages.info(request, expiry_message(expired))
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            # Just signed in (through any login): the clock starts now.
            stamp = now().timestamp()
            request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = stamp
        return response

    @staticmethod
    def _expired(request: HttpRequest, stamp: float) -> str:
        session = request.session
        signed_in = session.get(SIGNED_IN_AT)
        if signed_in is None:
            return ""  # stamped after this request
        if stamp - signed_in >= settings.SESSION_ABSOLUTE_SECONDS:
            return "absolute"
        if stamp - session.get(LAST_SEEN_AT, signed_in) >= settings.SESSION_IDLE_SECONDS:
            return "idle"
        if stamp - session.get(LAST_SEEN_AT, signed_in) >= LAST_SEEN_STEP:
            session[LAST_SEEN_AT] = stamp
        return ""


def expiry_message(kind: str) -> str:
    """The Danish message for a session that ended (``absolute`` or ``idle``)."""
    if kind == "absolute":
        hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
        return f"Du er blevet logget ud, fordi der er gået {hours} timer, siden du loggede ind."
    minutes = settings.SESSION_IDLE_SECONDS // 60
    return f"Du er blevet logget ud, fordi du ikke har brugt Hjemvej i {minutes} minutter."

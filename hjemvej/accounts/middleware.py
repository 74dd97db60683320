"""Deny by default (a view that has not declared its policy is refused), and sessions that end."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseForbidden
from django.utils import timezone

logger = logging.getLogger(__name__)

# Views that carry their own checks: the admin site and the admin views Django keeps elsewhere
# (the user admin, "view on site"), all staff only; and static files.
EXEMPT_MODULES = (
    "django.contrib.admin",
    "django_otp.plugins.otp_totp.admin",  # the admin's pages of a TOTP device (staff only)
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


# The session key of the time of login (seconds since the epoch), set when any login succeeds.
SIGNED_IN_AT = "signed_in_at"
# The time of the last request, in a signed cookie bound to the session: so that no request has to
# write the session (one database write per request) to keep it.
SEEN_COOKIE = "hjemvej_seen"
SEEN_SALT = "hjemvej.accounts.seen"


def now() -> datetime:
    """The clock the session limits read (tests set their own)."""
    return timezone.now()


def stamp_login(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """Start the session's clock at login (``user_logged_in``; every way of signing in sends it)."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = now().timestamp()


def _session_tag(request: HttpRequest) -> str:
    key = request.session.session_key or ""
    return hashlib.sha256(key.encode()).hexdigest()[:32] if key else ""


def _seen_at(request: HttpRequest) -> float | None:
    """The time of the session's last request, from the cookie, if it is this session's."""
    try:
        value = request.get_signed_cookie(SEEN_COOKIE, salt=SEEN_SALT)
    except (KeyError, signing.BadSignature):
        return None
    tag, _, stamp = (value or "").partition(":")
    if not tag or tag != _session_tag(request):
        return None
    try:
        return float(stamp)
    except ValueError:
        return None


class SessionLimitMiddleware:
    """End a session 8 hours after login whatever happens in between, and after an idle period.

    The limits are the settings ``SESSION_ABSOLUTE_SECONDS`` and ``SESSION_IDLE_SECONDS`` (from
    ``HJEMVEJ_IDLE_MINUTES``). A session past either is logged out and sent to the login page with a
    Danish message; the request that found it expired does nothing else. Without the last-request
    cookie (dropped, or from another session) the idle time counts from login.
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
                to_login = redirect_to_login(request.get_full_path())
                to_login.delete_cookie(SEEN_COOKIE)
                return to_login
        response = self.get_response(request)
        tag = _session_tag(request) if request.user.is_authenticated else ""
        if tag:
            response.set_signed_cookie(
                SEEN_COOKIE,
                f"{tag}:{now().timestamp()}",
                salt=SEEN_SALT,
                httponly=True,
                secure=settings.SESSION_COOKIE_SECURE,
                samesite="Lax",
            )
        elif SEEN_COOKIE in request.COOKIES:
            response.delete_cookie(SEEN_COOKIE)
        return response

    @staticmethod
    def _expired(request: HttpRequest, stamp: float) -> str:
        signed_in = request.session.get(SIGNED_IN_AT)
        if signed_in is None or stamp - signed_in >= settings.SESSION_ABSOLUTE_SECONDS:
            return "absolute"  # (a session from before the limits has no clock: it ends too)
        seen = max(signed_in, _seen_at(request) or signed_in)
        if stamp - seen >= settings.SESSION_IDLE_SECONDS:
            return "idle"
        return ""


def expiry_message(kind: str) -> str:
    """The Danish message for a session that ended (``absolute`` or ``idle``)."""
    if kind == "absolute":
        hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
        return f"Du er blevet logget ud, fordi der er gået {hours} timer, siden du loggede ind."
    minutes = settings.SESSION_IDLE_SECONDS // 60
    return f"Du er blevet logget ud, fordi du ikke har brugt Hjemvej i {minutes} minutter."

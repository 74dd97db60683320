"""Every request gets an id and one log line; no cache keeps a page sent to a signed-in user."""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

from hjemvej.core.logs import hide_long_numbers, request_id

logger = logging.getLogger("hjemvej.request")

#: The request being served in this thread or task, for an error report's user id and role
#: (hjemvej.core.errorreport); None between requests.
current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "current_request", default=None
)

#: An X-Request-ID from the proxy is kept when it is this plain; otherwise a new one is made.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


class RequestLogMiddleware:
    """Give the request an id (echoed as X-Request-ID) and log one line when it is answered.

    The line holds the method, the path without its query string (a query may hold a CPR number),
    the status, the duration and the user's id and role: never a name, CPR number or free text.
    A server error is logged at level ERROR.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        given = request.headers.get("X-Request-ID", "")
        rid = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]  # for Django's own log lines
        token = request_id.set(rid)
        serving = current_request.set(request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            user = getattr(request, "user", None)
            user_id, role = None, None
            if user is not None and user.is_authenticated:
                user_id, role = user.pk, getattr(user, "role", None)
            path = hide_long_numbers(request.path)  # the query string is never logged
            logger.log(
                logging.ERROR if response.status_code >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                path,
                response.status_code,
                extra={
                    "request_id": rid,
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": user_id,
                    "role": role,
                },
            )
            return response
        finally:
            current_request.reset(serving)
            request_id.reset(token)


class NoStoreMiddleware:
    """Mark every response to a signed-in user ``Cache-Control: no-store`` (and private).

    One rule rather than one per view: any page a signed-in user gets may carry personal data, and
    no browser or proxy cache may keep it. Static files are answered before this (WhiteNoise).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response

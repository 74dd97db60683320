"""Who a request acts as: the token's user, under the one policy; and how often it may ask.

Every operation declares what it needs with ``auth=needs(Action.X)``, as every page declares
``@policy(Action.X)``: the token is checked first (unknown, revoked or its user inactive: 401),
then the user's role (``accounts.policy.allowed``: 403). The API's default, for an operation
that declares nothing, refuses everyone (deny by default). A session cookie opens nothing here:
only a token does, so no CSRF token is needed and none is checked.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, allowed
from hjemvej.api.tokens import token_in_use

if TYPE_CHECKING:
    from hjemvej.api.models import ApiToken


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: the token's user, if the role may do ``action``."""

    openapi_description = (
        "En API-nøgle fra `hjemvej apitoken create --user BRUGERNAVN`. Nøglen handler som sin "
        "bruger: samme rolle, kommune, boform og adgang som brugerens sider."
    )

    def __init__(self, action: Action | None) -> None:
        super().__init__()
        self.action = action

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        """Return the token's user; raise PermissionDenied when the role may not do this."""
        found = token_in_use(token.strip())
        if found is None:
            return None
        user = found.user
        # The request acts as the token's user: the request log, the no-store rule and the
        # audit entries name them (the session, if any, is not used).
        request.user = user
        request.api_token = found  # type: ignore[attr-defined]
        if self.action is None or not allowed(user, self.action):
            raise PermissionDenied
        return user


def needs(action: Action) -> TokenAuth:
    """Declare what an operation needs (the API's ``@policy``)."""
    return TokenAuth(action)


#: The default of the API: an operation that declares nothing is refused (403) for every token.
UNDECLARED = TokenAuth(None)


def acting_user(request: HttpRequest) -> User:
    """Return the user the request's token acts as (set by ``TokenAuth``)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # pragma: no cover - every operation has a TokenAuth
        raise PermissionDenied
    return user


#: The periods of ``HJEMVEJ_API_RATE`` (the settings check its form), in seconds.
PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def rate(text: str) -> tuple[int, timedelta]:
    """Return the requests and the period of a rate such as ``120/min``."""
    count, period = text.split("/", 1)
    return int(count), timedelta(seconds=PERIODS[period])


class TokenRateThrottle(BaseThrottle):
    """At most ``settings.API_RATE`` requests per token and period (``HJEMVEJ_API_RATE``).

    Counted in the database (``RateCount``), so every process of the web server counts the same
    requests: with four workers a token still gets the rate once. The rate is read at each
    request, so a changed setting (or a test's) takes effect at once. A token's window starts at
    its first request after the previous window ended; over the rate the answer is 429 with
    ``Retry-After``, the seconds until the window ends.
    """

    def __init__(self) -> None:
        self._waits = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        """Count the request against its token's rate (no token: not counted, refused anyway)."""
        token: ApiToken | None = getattr(request, "api_token", None)
        if token is None:
            return True
        limit, period = rate(settings.API_RATE)
        count, ends = _counted(token.pk, period)
        self._waits.seconds = max((ends - timezone.now()).total_seconds(), 0.0)
        return count <= limit

    def wait(self) -> float | None:
        """Return the seconds until the refused request's window ends."""
        seconds: float | None = getattr(self._waits, "seconds", None)
        return seconds


def _counted(token_pk: int, period: timedelta) -> tuple[int, datetime]:
    """Add one request to the token's window; return its count and when the window ends.

    Each step is one statement, so processes counting at once lose no request: the count goes up
    in the window still open; else one process starts a new window (the others then count in it);
    else the token's first request makes its row (a process that loses that race counts again).
    """
    from hjemvej.api.models import RateCount

    now = timezone.now()
    rows = RateCount.objects.filter(token_id=token_pk)
    for _ in range(3):
        if rows.filter(since__gt=now - period).update(count=F("count") + 1):
            break
        if rows.filter(since__lte=now - period).update(since=now, count=1):
            break
        try:
            with transaction.atomic():
                RateCount.objects.create(token_id=token_pk, since=now, count=1)
            break
        except IntegrityError:
            continue
    since, count = rows.values_list("since", "count").get()
    return count, since + period

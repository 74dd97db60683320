"""Who a request acts as: the token's user, under the one policy; and how often it may ask.

Every operation declares what it needs with ``auth=needs(Action.X)``, as every page declares
``@policy(Action.X)``: the token is checked first (unknown, revoked or its user inactive: 401),
then the user's role (``accounts.policy.allowed``: 403). The API's default, for an operation
that declares nothing, refuses everyone (deny by default). A session cookie opens nothing here:
only a token does, so no CSRF token is needed and none is checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

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


class TokenRateThrottle(SimpleRateThrottle):
    """At most ``settings.API_RATE`` requests per token and period (``HJEMVEJ_API_RATE``).

    The rate is read at each request, so a changed setting (or a test's) takes effect at once.
    """

    scope = "api_token"

    def __init__(self) -> None:
        super().__init__(rate=settings.API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        """Count the request against its token's rate."""
        self.rate = settings.API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        """Return the token's key in the cache (no token: not counted here, refused anyway)."""
        token: ApiToken | None = getattr(request, "api_token", None)
        if token is None:
            return None
        return f"hjemvej_api_rate_{token.pk}"

"""The two steps of signing in through the municipality's login: away to the provider, and back."""

from __future__ import annotations

import logging

from authlib.integrations.base_client import OAuthError
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from joserfc.errors import JoseError
from requests import RequestException

from hjemvej.accounts import oidc
from hjemvej.accounts.policy import Action, policy

logger = logging.getLogger(__name__)

# Session keys: where to go after login, and the ID token that logout hands back to the provider.
NEXT_KEY = "oidc_next"
ID_TOKEN_KEY = "oidc_id_token"  # noqa: S105 (a session key, not a secret)


def _safe_next(request: HttpRequest, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else reverse("start")


@policy(Action.PUBLIC)
@require_GET
def oidc_login(request: HttpRequest) -> HttpResponseBase:
    """Send the user to the municipality's login (the local login page when none is configured)."""
    if not oidc.configured():
        return redirect("login")
    if request.user.is_authenticated:
        return redirect("start")
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next", ""))
    try:
        return oidc.client().authorize_redirect(  # type: ignore[no-untyped-call,no-any-return]
            request, request.build_absolute_uri(reverse("oidc_callback"))
        )
    except RequestException:
        logger.exception("Kommunens login svarer ikke (discovery)")
        return _failed(request)


@policy(Action.PUBLIC)
@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponseBase:
    """Take the user back from the provider: validate, map to a role, and sign in or refuse."""
    if not oidc.configured():
        return redirect("login")
    app = oidc.client()
    try:
        token = app.authorize_access_token(request)  # type: ignore[no-untyped-call]
        claims = oidc.claims_of(app, token)
    except (OAuthError, JoseError, RequestException, KeyError) as error:
        # A refused consent, a replayed or forged answer, an ID token that fails validation
        # (signature, issuer, audience, expiry, nonce), or a provider that does not answer.
        logger.warning("Login via kommunens login mislykkedes: %s", type(error).__name__)
        return _failed(request)
    user = oidc.user_from_claims(claims)
    if user is None:
        auth_logout(request)  # whoever this browser was signed in as, it is no one now
        return render(request, "accounts/oidc_refused.html", status=403)
    target = request.session.pop(NEXT_KEY, "") or reverse("start")
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[ID_TOKEN_KEY] = token.get("id_token", "")
    logger.info("Login via kommunens login: bruger %s", user.pk)
    return HttpResponseRedirect(_safe_next(request, target))


def _failed(request: HttpRequest) -> HttpResponseBase:
    return render(request, "accounts/oidc_failed.html", status=400)


def provider_logout_url(request: HttpRequest, id_token: str) -> str | None:
    """Return the provider's logout address for a user who signed in there, if it has one."""
    if not (oidc.configured() and id_token):
        return None
    app = oidc.client()
    try:
        if not app.load_server_metadata().get("end_session_endpoint"):
            return None
        result = app.create_logout_url(
            post_logout_redirect_uri=request.build_absolute_uri(reverse("login")),
            id_token_hint=id_token,
            client_id=app.client_id,
        )
    except RequestException:
        logger.warning("Kommunens login svarer ikke: logget ud af Hjemvej alene")
        return None
    return str(result["url"])

"""Signing in through the municipality's identity provider (OpenID Connect, with Authlib).

The relying party is Authlib's Django client: it discovers the provider from its issuer, sends the
user there with state, nonce and PKCE, exchanges the code, and validates the ID token (signature
against the provider's keys, issuer, audience, expiry, nonce). Here we only turn the validated
claims into a user through the administrator's mapping (``IdentityMapping``): a user whom no
mapping row matches is refused.

Configured entirely by the environment (``settings.OIDC``, see docs/access.md); ``None`` when no
identity provider serves, and then only local accounts sign in.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.db import transaction

from hjemvej.accounts.models import IdentityMapping, User

logger = logging.getLogger(__name__)

# The name the client is registered under (it prefixes Authlib's state keys in the session).
CLIENT_NAME = "kommune"
# Seconds Hjemvej waits for the identity provider before giving up on one request.
TIMEOUT = 10


def configured() -> bool:
    """Return whether an identity provider is configured."""
    return bool(getattr(settings, "OIDC", None))


def client() -> DjangoOAuth2App:
    """Return the relying-party client for the configured provider (one per configuration).

    The provider's metadata (from the issuer's discovery document) is fetched on first use and kept
    for the life of the process.
    """
    config: Mapping[str, str] = settings.OIDC or {}
    return _client(tuple(sorted((k, v) for k, v in config.items() if v)))


@lru_cache(maxsize=4)
def _client(config: tuple[tuple[str, str], ...]) -> DjangoOAuth2App:
    values = dict(config)
    issuer = values.get("issuer", "").rstrip("/")
    # Endpoints given by hand (a provider without discovery) are used as given; otherwise the
    # issuer's discovery document names them all.
    given = "authorization_endpoint" in values and "token_endpoint" in values
    discovery = None if given else f"{issuer}/.well-known/openid-configuration"
    options: dict[str, Any] = {
        key: values[key]
        for key in ("issuer", "jwks_uri", "userinfo_endpoint", "end_session_endpoint")
        if key in values
    }  # the provider's metadata, when it is given rather than discovered
    options.update(
        client_id=values["client_id"],
        client_secret=values.get("client_secret"),
        server_metadata_url=discovery,
        authorize_url=values.get("authorization_endpoint"),
        access_token_url=values.get("token_endpoint"),
        client_kwargs={
            "scope": values.get("scopes", "openid"),
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT,
        },
    )
    app: DjangoOAuth2App = OAuth().register(CLIENT_NAME, **options)
    return app


def claims_of(app: DjangoOAuth2App, token: dict[str, Any]) -> dict[str, Any]:
    """Return the ID token's validated claims, with the userinfo endpoint's for the same subject.

    Some providers send groups only in the ID token (Entra ID), others only from userinfo.
    """
    claims = dict(token["userinfo"])
    if app.load_server_metadata().get("userinfo_endpoint"):
        extra = dict(app.userinfo(token=token))
        if extra.get("sub") == claims.get("sub"):
            claims = {**extra, **claims}
    return claims


def _values(claims: Mapping[str, Any], name: str) -> set[str]:
    value = claims.get(name)
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


def mapping_for(claims: Mapping[str, Any]) -> IdentityMapping | None:
    """Return the first mapping row (lowest priority number) that the claims match, if any."""
    for row in IdentityMapping.objects.select_related("municipality", "shelter"):
        if row.value in _values(claims, row.claim):
            return row
    return None


def _username(claims: Mapping[str, Any], subject: str, user: User | None) -> str:
    """The username shown in the audit log: the configured claim, or the subject when taken."""
    config: Mapping[str, str] = settings.OIDC or {}
    wanted = str(claims.get(config.get("username_claim") or "preferred_username") or subject)[:150]
    others = User.objects.exclude(pk=user.pk) if user else User.objects.all()
    taken = others.filter(username=wanted).exists()
    return f"oidc-{subject}"[:150] if taken else wanted


@transaction.atomic
def user_from_claims(claims: Mapping[str, Any]) -> User | None:
    """Create or update the user from the provider's claims through the mapping.

    Returns ``None`` when no mapping row matches or the user has been deactivated in Hjemvej: then
    the caller refuses access. Only what Hjemvej needs is kept: the subject, a username, the name
    for display, and the role, municipality and shelter from the mapping.
    """
    subject = str(claims.get("sub") or "")
    if not subject:
        return None
    row = mapping_for(claims)
    if row is None:
        logger.warning("Login via kommunens login afvist: ingen rolle for bruger-id %s", subject)
        return None
    user = User.objects.select_for_update().filter(oidc_subject=subject).first()
    if user is not None and not user.is_active:
        logger.warning("Login via kommunens login afvist: bruger-id %s er deaktiveret", subject)
        return None
    if user is None:
        user = User(oidc_subject=subject)
        user.set_unusable_password()
    user.username = _username(claims, subject, user if user.pk else None)
    user.first_name = str(claims.get("given_name") or "")[:150]
    user.last_name = str(claims.get("family_name") or "")[:150]
    if not (user.first_name or user.last_name) and claims.get("name"):
        user.first_name = str(claims["name"])[:150]
    user.role = row.role
    user.municipality = row.municipality
    user.shelter = row.shelter
    user.save()
    return user

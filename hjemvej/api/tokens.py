"""Making, finding and revoking API tokens (services: one transaction, audited).

A token is ``hv_`` and 43 URL-safe characters (256 random bits from ``secrets``). It is shown
once, when it is made; the database keeps its SHA-256 only. A token acts as its user: the same
role, municipality, shelter and scope as the user's pages (``accounts.policy``). A revoked
token, or the token of a user who is no longer active, opens nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hjemvej.accounts.audit_detail import checked
from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.api.models import ApiToken
from hjemvej.core.errors import DomainError

#: Every token begins so (a secret scanner can recognise one in a leaked file).
TOKEN_PREFIX = "hv_"  # noqa: S105 (a prefix, not a secret)
#: How many characters of the token the lists show.
SHOWN_CHARACTERS = 8
#: ``last_used_at`` is written at most this often per token (one write, not one per request).
LAST_USED_EVERY = timedelta(minutes=1)
NAME_MAX = 100


def token_hash(raw: str) -> str:
    """Return the stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _log(*, actor: User | None, username: str, action: AuditAction, token: ApiToken) -> None:
    """Write the audit entry of a change to a token (by a user or on the command line)."""
    AuditEntry.objects.create(
        user=actor,
        username=actor.get_username() if actor is not None else username,
        action=action,
        object_type=ApiToken._meta.label,
        object_id=str(token.pk),
        detail=checked(str(action), ApiToken._meta.label, {"fields": ["revoked_at"]})
        if action == AuditAction.UPDATE
        else checked(str(action), ApiToken._meta.label, {}),
    )


def api_token_create(
    *, user: User, name: str = "", actor: User | None = None, actor_name: str = ""
) -> tuple[ApiToken, str]:
    """Make a token for ``user``; return it and the token itself (shown once, never stored).

    ``actor`` is the user who made it, or None on the command line (``actor_name`` names who).
    """
    name = name.strip()
    if len(name) > NAME_MAX:
        raise DomainError(f"Navnet må højst have {NAME_MAX} tegn.", field="name")
    if not user.is_active:
        raise DomainError("Brugeren er deaktiveret og kan ikke få en API-nøgle.", field="user")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=raw[: len(TOKEN_PREFIX) + SHOWN_CHARACTERS],
            token_hash=token_hash(raw),
            created_by=actor.get_username() if actor is not None else actor_name,
        )
        _log(actor=actor, username=actor_name, action=AuditAction.CREATE, token=token)
    return token, raw


def api_token_revoke(
    *, token: ApiToken, actor: User | None = None, actor_name: str = ""
) -> ApiToken:
    """Revoke the token: from now on it opens nothing (401). Revoking twice changes nothing."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise DomainError("API-nøglen er allerede tilbagekaldt.", field="token")
        locked.revoked_at = timezone.now()
        locked.revoked_by = actor.get_username() if actor is not None else actor_name
        locked.save(update_fields=["revoked_at", "revoked_by"])
        _log(actor=actor, username=actor_name, action=AuditAction.UPDATE, token=locked)
    return locked


def token_in_use(raw: str) -> ApiToken | None:
    """Return the live token (not revoked, its user active) with this value, or None.

    Marks it used (``last_used_at``, at most once a minute).
    """
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user", "user__municipality", "user__shelter")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_administered_by(user: User) -> QuerySet[ApiToken]:
    """Return the tokens an administrator may list and revoke: their municipality's users'."""
    if user.municipality_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user__municipality_id=user.municipality_id).select_related(
        "user"
    )

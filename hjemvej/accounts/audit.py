"""The audit log: every read and change of a citizen's data, by whom and when."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from hjemvej.accounts.models import AuditAction, AuditEntry

if TYPE_CHECKING:
    from hjemvej.accounts.models import User


def record(
    *,
    actor: User,
    action: AuditAction,
    citizen: models.Model | None = None,
    obj: models.Model | None = None,
    detail: dict[str, object] | None = None,
) -> AuditEntry:
    """Write one audit entry. ``detail`` names fields and ids, never sensitive values.

    ``citizen`` is the citizen the entry concerns (a ``citizens.Citizen``; typed as a model so that
    the audit log, below every room, names none of them).
    """
    return AuditEntry.objects.create(
        user=actor,
        username=actor.get_username(),
        action=action,
        citizen_id=citizen.pk if citizen is not None else None,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
    )


def record_many(
    *, actor: User, action: AuditAction, citizen_ids: list[int], detail: dict[str, object]
) -> None:
    """Write one entry per citizen, in one query (exports and list reads)."""
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=actor,
            username=actor.get_username(),
            action=action,
            citizen_id=citizen_id,
            detail=detail,
        )
        for citizen_id in citizen_ids
    )

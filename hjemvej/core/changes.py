"""Write a record's changed fields and audit their names: what every update service does."""

from __future__ import annotations

from django.db import models, transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User


def changed_fields(instance: object, values: dict[str, object]) -> list[str]:
    """Return the names whose value differs from the instance's, sorted."""
    return sorted(name for name, value in values.items() if getattr(instance, name) != value)


def save_changes(
    *,
    actor: User,
    instance: models.Model,
    values: dict[str, object],
    citizen: models.Model | None = None,
    also: dict[str, object] | None = None,
    detail: dict[str, object] | None = None,
) -> list[str]:
    """Write the values that changed, with ``also`` when any did, and audit their names.

    ``detail`` is added to the audit entry (a confirmation outside a bound, ``core.bounds``).

    Return the changed field names (empty: nothing was written, nothing was logged).
    """
    changed = changed_fields(instance, values)
    if not changed:
        return changed
    with transaction.atomic():
        for name, value in {**values, **(also or {})}.items():
            setattr(instance, name, value)
        instance.save()
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            citizen=citizen,
            obj=instance,
            detail={"fields": changed, **(detail or {})},
        )
    return changed

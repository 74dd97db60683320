"""What the housing services share: checks of money and dates with Danish messages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models, transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.core.errors import DomainError

if TYPE_CHECKING:
    from hjemvej.citizens.models import Citizen

#: Amounts at or above this many kroner are typing errors, not money (the columns hold 14 digits).
TOO_LARGE = Decimal("1e10")


def check_money(
    value: Decimal | None, field: str, label: str, *, required: bool = False, positive: bool = False
) -> None:
    """Raise when an amount is missing (if required), negative, zero (if positive) or too large."""
    if value is None:
        if required:
            raise DomainError(f"Skriv {label}.", field=field)
        return
    if value < 0:
        raise DomainError(f"{label.capitalize()} kan ikke være negativ.", field=field)
    if positive and value == 0:
        raise DomainError(f"{label.capitalize()} skal være større end 0 kr.", field=field)
    if value >= TOO_LARGE:
        raise DomainError(f"{label.capitalize()} er for stor.", field=field)


def check_not_future(day: date, today: date, field: str, what: str) -> None:
    """Raise when the date lies after today."""
    if day > today:
        raise DomainError(f"{what} kan ikke ligge i fremtiden.", field=field)


def changed_fields(instance: object, values: dict[str, object]) -> list[str]:
    """Return the names whose value differs from the instance's, sorted."""
    return sorted(name for name, value in values.items() if getattr(instance, name) != value)


def save_changes(
    *,
    actor: User,
    instance: models.Model,
    values: dict[str, object],
    citizen: Citizen | None = None,
    also: dict[str, object] | None = None,
) -> list[str]:
    """Write the values that changed, with ``also`` when any did, and audit their names.

    Return the changed field names (empty: nothing was written).
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
            detail={"fields": changed},
        )
    return changed

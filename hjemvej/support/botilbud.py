"""Temporary § 107 botilbud stays: record, change and end them (checked, audited).

A stay is ``[start, end)``; the decision may follow the start (an acute placement), as for support
courses, but not the end, and it cannot lie in the future. A citizen's stays do not overlap. What
§ 176 a makes of them is the law engine's (``support.rules_rows.rules_botilbud``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.changes import save_changes
from hjemvej.core.errors import DomainError
from hjemvej.core.formatting import period_text
from hjemvej.support.models import BotilbudStay
from hjemvej.support.services import check_monthly_cost

#: The fields a stay is recorded with (its audit entry names them, never their values).
FIELDS = ("provider", "decided_on", "start", "end", "monthly_cost", "note")


def overlapping_botilbud(
    *, citizen: Citizen, start: date, end: date | None, stay: BotilbudStay | None = None
) -> BotilbudStay | None:
    """Return the citizen's first § 107 stay that overlaps ``[start, end)`` (not ``stay``)."""
    others = BotilbudStay.objects.filter(citizen=citizen).filter(
        Q(end__isnull=True) | Q(end__gt=start)
    )
    if end is not None:
        others = others.filter(start__lt=end)
    if stay is not None:
        others = others.exclude(pk=stay.pk)
    return others.order_by("start").first()


def _check(
    *,
    citizen: Citizen,
    provider: str,
    decided_on: date,
    start: date,
    end: date | None,
    monthly_cost: Decimal,
    today: date,
    stay: BotilbudStay | None = None,
) -> None:
    """Check a stay's values; ``stay`` is the stay being changed (not an overlap with itself)."""
    if not provider:
        raise DomainError("Skriv navnet på botilbuddet.", field="provider")
    if end is not None and end <= start:
        # Closed-open: the end is the first day without the stay, so a stay has at least a day.
        raise DomainError(
            "Opholdet skal slutte efter det begynder (slut er den første dag uden ophold).",
            field="end",
        )
    if decided_on > today:
        raise DomainError("Afgørelsen kan ikke ligge i fremtiden.", field="decided_on")
    if end is not None and decided_on > end:
        raise DomainError("Afgørelsen kan ikke ligge efter opholdets slut.", field="decided_on")
    check_monthly_cost(monthly_cost, on=start, maximum="bounds.support.botilbud.monthly_cost.max")
    clash = overlapping_botilbud(citizen=citizen, start=start, end=end, stay=stay)
    if clash is not None:
        raise DomainError(
            f"Borgeren har allerede et ophold i midlertidigt botilbud "
            f"{period_text(clash.start, clash.end)}; ophold kan ikke overlappe.",
            field="start",
        )


def botilbud_stay_add(
    *,
    actor: User,
    citizen: Citizen,
    provider: str,
    decided_on: date,
    start: date,
    end: date | None,
    monthly_cost: Decimal,
    today: date,
    note: str = "",
) -> BotilbudStay:
    """Record a temporary § 107 botilbud stay (``end`` None while it lasts)."""
    name = provider.strip()
    _check(
        citizen=citizen,
        provider=name,
        decided_on=decided_on,
        start=start,
        end=end,
        monthly_cost=monthly_cost,
        today=today,
    )
    stay = BotilbudStay(
        citizen=citizen,
        provider=name,
        decided_on=decided_on,
        start=start,
        end=end,
        monthly_cost=monthly_cost,
        note=note.strip(),
        created_by=actor,
    )
    with transaction.atomic():
        stay.save(force_insert=True)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=stay,
            detail={"fields": sorted(FIELDS)},
        )
    return stay


def botilbud_stay_update(
    *,
    actor: User,
    stay: BotilbudStay,
    provider: str,
    decided_on: date,
    start: date,
    end: date | None,
    monthly_cost: Decimal,
    note: str,
    today: date,
) -> BotilbudStay:
    """Change a § 107 stay; only the changed fields are written and their names audited."""
    name = provider.strip()
    _check(
        citizen=stay.citizen,
        provider=name,
        decided_on=decided_on,
        start=start,
        end=end,
        monthly_cost=monthly_cost,
        today=today,
        stay=stay,
    )
    values: dict[str, object] = {
        "provider": name,
        "decided_on": decided_on,
        "start": start,
        "end": end,
        "monthly_cost": monthly_cost,
        "note": note.strip(),
    }
    save_changes(actor=actor, instance=stay, values=values, citizen=stay.citizen)
    return stay


def botilbud_stay_end(*, actor: User, stay: BotilbudStay, end: date, today: date) -> BotilbudStay:
    """End a § 107 stay on ``end`` (the first day without it), checked as a change."""
    return botilbud_stay_update(
        actor=actor,
        stay=stay,
        provider=stay.provider,
        decided_on=stay.decided_on,
        start=stay.start,
        end=end,
        monthly_cost=stay.monthly_cost,
        note=stay.note,
        today=today,
    )

"""Temporary § 107 botilbud stays: record, change and end them (checked, audited).

A stay is ``[start, end)``; the decision may follow the start (an acute placement), as for support
courses, but not the end, and it cannot lie in the future. A citizen's stays do not overlap. What
§ 176 a makes of them is the law engine's (``support.rules_rows.rules_botilbud``).

``botilbud_stay_add`` records one; ``botilbud_stays_add_many`` (the import) records many with the
same records and audit entries, each checked first by the same ``botilbud_build`` and the overlap
rule checked for all of them in one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.changes import save_changes
from hjemvej.core.errors import DomainError
from hjemvej.core.formatting import period_text
from hjemvej.support.models import BotilbudStay
from hjemvej.support.services import check_monthly_cost

#: The fields a stay is recorded with (its audit entry names them, never their values).
FIELDS = ("provider", "decided_on", "start", "end", "monthly_cost", "note")
BATCH = 1000


class BotilbudRefused(DomainError):
    """``botilbud_stays_add_many`` refused the stay at ``index``; nothing was written."""

    def __init__(self, index: int, error: DomainError) -> None:
        super().__init__(error.message, field=error.field)
        self.index = index


def share_a_day(one: BotilbudStay, other: BotilbudStay) -> bool:
    """Return whether two stays ``[start, end)`` share a day."""
    return (other.end is None or one.start < other.end) and (
        one.end is None or other.start < one.end
    )


def botilbud_clashes(
    new: Sequence[BotilbudStay], recorded: Sequence[BotilbudStay]
) -> list[BotilbudStay | None]:
    """Return, for each new stay, one of its citizen's it overlaps (recorded, or new before it)."""
    earlier: dict[int, list[BotilbudStay]] = defaultdict(list)
    for stay in recorded:
        earlier[stay.citizen_id].append(stay)
    found: list[BotilbudStay | None] = []
    for stay in new:
        own = earlier[stay.citizen_id]
        found.append(next((s for s in own if share_a_day(s, stay)), None))
        own.append(stay)
    return found


def _overlap_problem(clash: BotilbudStay) -> DomainError:
    return DomainError(
        f"Borgeren har allerede et ophold i midlertidigt botilbud "
        f"{period_text(clash.start, clash.end)}; ophold kan ikke overlappe.",
        field="start",
    )


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


def _check_values(
    *,
    provider: str,
    decided_on: date,
    start: date,
    end: date | None,
    monthly_cost: Decimal,
    today: date,
) -> None:
    """Check a stay's own values (all but the overlap with the citizen's other stays)."""
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
    _check_values(
        provider=provider,
        decided_on=decided_on,
        start=start,
        end=end,
        monthly_cost=monthly_cost,
        today=today,
    )
    clash = overlapping_botilbud(citizen=citizen, start=start, end=end, stay=stay)
    if clash is not None:
        raise _overlap_problem(clash)


def botilbud_build(
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
    """Check a new stay's values as ``botilbud_stay_add`` does; return it unsaved.

    The overlap with the citizen's other stays is checked when it is written
    (``botilbud_stays_add_many``).
    """
    name = provider.strip()
    _check_values(
        provider=name,
        decided_on=decided_on,
        start=start,
        end=end,
        monthly_cost=monthly_cost,
        today=today,
    )
    return BotilbudStay(
        citizen=citizen,
        provider=name,
        decided_on=decided_on,
        start=start,
        end=end,
        monthly_cost=monthly_cost,
        note=note.strip(),
        created_by=actor,
    )


def botilbud_stays_add_many(*, actor: User, stays: Sequence[BotilbudStay]) -> list[BotilbudStay]:
    """Record stays checked by ``botilbud_build`` as ``botilbud_stay_add`` would each.

    All or nothing: a stay that overlaps another of the citizen's (recorded, or earlier in
    ``stays``) raises ``BotilbudRefused`` with its index. The stays and their audit entries (one
    each, chained in order) are inserted in bulk.
    """
    if not stays:
        return []
    recorded = list(BotilbudStay.objects.filter(citizen_id__in={s.citizen_id for s in stays}))
    for index, clash in enumerate(botilbud_clashes(stays, recorded)):
        if clash is not None:
            raise BotilbudRefused(index, _overlap_problem(clash))
    with transaction.atomic():
        if len(stays) == 1:
            stays[0].save(force_insert=True)
        else:
            BotilbudStay.objects.bulk_create(stays, batch_size=BATCH)
        AuditEntry.objects.bulk_create(
            [
                audit.unsaved(
                    actor=actor,
                    action=AuditAction.CREATE,
                    citizen=stay.citizen,
                    obj=stay,
                    detail={"fields": sorted(FIELDS)},
                )
                for stay in stays
            ],
            batch_size=BATCH,
        )
    return list(stays)


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
    stay = botilbud_build(
        actor=actor,
        citizen=citizen,
        provider=provider,
        decided_on=decided_on,
        start=start,
        end=end,
        monthly_cost=monthly_cost,
        today=today,
        note=note,
    )
    try:
        return botilbud_stays_add_many(actor=actor, stays=[stay])[0]
    except BotilbudRefused as exc:
        raise DomainError(exc.message, field=exc.field) from None


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

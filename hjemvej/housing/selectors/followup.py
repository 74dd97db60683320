"""Reads other apps call: the current tenancy, open risks, and when citizens moved in.

They take citizen ids (a list or a queryset of ids, used as a subquery) and make one query each,
so a caller can ask for many citizens at once. The caller is responsible for scope: pass ids that
came from ``citizens_for(user)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from hjemvej.citizens.models import Citizen
from hjemvej.housing.models import Tenancy, TenancyRisk

CitizenIds = Iterable[int] | QuerySet[Any, Any]


def _living(today: date, prefix: str = "") -> Q:
    """Return the condition "the tenancy runs on ``today``": move_in ≤ today < move_out."""
    return Q(**{f"{prefix}move_in__lte": today}) & (
        Q(**{f"{prefix}move_out__isnull": True}) | Q(**{f"{prefix}move_out__gt": today})
    )


def current_tenancy(citizen: Citizen | int, today: date) -> Tenancy | None:
    """Return the tenancy the citizen lives in on ``today`` (the latest move-in), or None."""
    citizen_id = citizen if isinstance(citizen, int) else citizen.pk
    return (
        Tenancy.objects.filter(_living(today), citizen_id=citizen_id)
        .select_related("dwelling")
        .order_by("-move_in", "-id")
        .first()
    )


def open_tenancy_risks(citizen_ids: CitizenIds, *, today: date | None = None) -> list[TenancyRisk]:
    """Return the unresolved risks of the citizens' tenancies, oldest first per citizen.

    A risk is open while it is not resolved and its tenancy has not ended: with ``today``, a
    tenancy with a move-out after today still counts (an eviction ahead); without it, only
    tenancies without a move-out. Each risk has its tenancy loaded (``risk.tenancy.citizen_id``).
    """
    running = Q(tenancy__move_out__isnull=True)
    if today is not None:
        running |= Q(tenancy__move_out__gt=today)
    return list(
        TenancyRisk.objects.filter(
            running, resolved_on__isnull=True, tenancy__citizen_id__in=citizen_ids
        )
        .select_related("tenancy")
        .order_by("tenancy__citizen_id", "noted_on", "id")
    )


def tenancies_moved_in(citizen_ids: CitizenIds, *, today: date | None = None) -> list[Tenancy]:
    """Return the citizens' tenancies in move-in order per citizen (with ``today``: moved in by it).

    Ended tenancies are included (``move_out``, ``end_reason``): a move-out for eviction is a
    return risk, and the first move-in after a date is what "support started before the move"
    needs.
    """
    tenancies = Tenancy.objects.filter(citizen_id__in=citizen_ids)
    if today is not None:
        tenancies = tenancies.filter(move_in__lte=today)
    return list(tenancies.order_by("citizen_id", "move_in", "id"))


def moves_ahead(citizen_ids: CitizenIds, *, today: date, until: date) -> list[Tenancy]:
    """Return the tenancies the citizens move into in ``[today, until)``, the soonest first."""
    return list(
        Tenancy.objects.filter(citizen_id__in=citizen_ids, move_in__gte=today, move_in__lt=until)
        .select_related("citizen")
        .order_by("move_in", "id")
    )

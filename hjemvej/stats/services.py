"""Changes the statistics store: the municipality's targets for its by-name list.

A target is no citizen's data, so its audit entry names no citizen: who set, changed or removed
which measure's target, and which fields changed (as budgets and caseload limits are logged).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.accounts.policy import Action, allowed
from hjemvej.core.bounds import date_problem
from hjemvej.core.errors import DomainError
from hjemvej.stats.models import ListTarget, TargetMeasure

#: The largest target Hjemvej takes: more than any municipality's list (a typing error above it).
MAX_TARGET = 100_000


def list_target_set(
    *,
    actor: User,
    municipality: Municipality,
    measure: str,
    target: int | None,
    by_date: date | None,
    today: date,
) -> ListTarget | None:
    """Set the municipality's target for a measure; no number and no date remove it.

    Return the target now in force (None when removed). Nothing is written when it is unchanged.
    """
    if not allowed(actor, Action.MANAGE_LIST_TARGETS) or actor.municipality_id != municipality.pk:
        raise DomainError("Du kan kun sætte mål for din egen kommunes liste.")
    if measure not in TargetMeasure.values:
        raise DomainError("Vælg, hvad målet tæller.", field="measure")
    if target is None and by_date is not None:
        raise DomainError("Skriv, hvor mange borgere målet er.", field="target")
    if by_date is None and target is not None:
        raise DomainError("Skriv datoen, hvor målet senest skal være nået.", field="by_date")
    if target is not None and not 0 <= target <= MAX_TARGET:
        raise DomainError(
            f"Målet skal være et helt tal fra 0 til {MAX_TARGET:,}.".replace(",", "."),
            field="target",
        )
    if by_date is not None and (problem := date_problem(by_date, today=today)):
        raise DomainError(problem, field="by_date")
    with transaction.atomic():
        current = (
            ListTarget.objects.select_for_update()
            .filter(municipality=municipality, measure=measure)
            .first()
        )
        if target is None or by_date is None:
            if current is not None:
                audit.record(
                    actor=actor,
                    action=AuditAction.UPDATE,
                    obj=current,
                    detail={"measure": measure, "deleted": "stats.ListTarget"},
                )
                current.delete()
            return None
        if current is None:
            created = ListTarget.objects.create(
                municipality=municipality,
                measure=measure,
                target=target,
                by_date=by_date,
                updated_by=actor,
            )
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=created,
                detail={"measure": measure, "fields": ["target", "by_date"]},
            )
            return created
        changed = [
            name
            for name, value in (("target", target), ("by_date", by_date))
            if getattr(current, name) != value
        ]
        if not changed:
            return current
        current.target, current.by_date = target, by_date
        current.updated_by, current.updated_at = actor, timezone.now()
        current.save(update_fields=[*changed, "updated_by", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=current,
            detail={"measure": measure, "fields": changed},
        )
        return current


def list_targets_set(
    *,
    actor: User,
    municipality: Municipality,
    targets: Mapping[str, tuple[int | None, date | None]],
    today: date,
) -> list[ListTarget]:
    """Set several measures' targets at once (all or none); return the targets now in force.

    A refusal names its field as ``<measure>_<field>`` (``long_term_target``), as the form does.
    """
    with transaction.atomic():
        for measure, (target, by_date) in targets.items():
            try:
                list_target_set(
                    actor=actor,
                    municipality=municipality,
                    measure=measure,
                    target=target,
                    by_date=by_date,
                    today=today,
                )
            except DomainError as exc:
                field = f"{measure}_{exc.field}" if exc.field else None
                raise DomainError(exc.message, field=field) from None
        return list(ListTarget.objects.filter(municipality=municipality))

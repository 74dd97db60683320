"""What a per-row service and its bulk variant wrote, without ids: to compare the two paths."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction

from hjemvej.accounts import audit_chain
from hjemvej.accounts.models import AuditEntry
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.models import Citizen

SKIPPED = {"id", "pseudonym", "created_at", "updated_at", "at", "hash", "settled_on"}


class _Undo(Exception):
    """Raised to roll one path's writes back."""


def _rows(model: type[models.Model], names: dict[int, int], **where: Any) -> list[dict[str, Any]]:
    """The model's rows as dicts, citizens named by their place in the input, in id order."""
    found = []
    for row in model._default_manager.filter(**where).order_by("pk").values():
        shown = {}
        for name, value in row.items():
            if name in SKIPPED:
                continue
            if name == "cpr_token" and value:  # encrypted with a fresh nonce each time
                value = cpr_codec.decrypt(value)
            if name in ("citizen_id", "citizen") or (model is Citizen and name == "merged_into_id"):
                value = names.get(value, value)
            shown[name] = value
        found.append(shown)
    return found


def written(
    write: Callable[[], list[Citizen]], models_: tuple[type[models.Model], ...]
) -> dict[str, list[dict[str, Any]]]:
    """Run ``write`` in a transaction rolled back afterwards; return what it wrote.

    ``write`` returns the citizens it concerns, in input order; the rows of ``models_`` naming
    them and the audit entries it added are returned (ids replaced by the citizen's place), and
    the chain of the entries it added must verify.
    """
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        with transaction.atomic():
            citizens = write()
            names = {c.pk: i for i, c in enumerate(citizens)}
            ids = list(names)
            for model in models_:
                where = {"pk__in": ids} if model is Citizen else {"citizen_id__in": ids}
                found[model._meta.label] = _rows(model, names, **where)
            entries = AuditEntry.objects.filter(pk__gt=before).order_by("pk")
            shown = []
            for entry in entries:
                shown.append(
                    (
                        entry.action,
                        entry.username,
                        names.get(entry.citizen_id or 0),
                        entry.object_type,
                        names.get(int(entry.object_id))
                        if entry.object_type == Citizen._meta.label
                        else None,
                        entry.detail,
                    )
                )
            found["audit"] = shown  # type: ignore[assignment]
            broken, _count = audit_chain.first_break(iter(AuditEntry.objects.order_by("pk")), "")
            found["chain_broken"] = [] if broken is None else [{"at": broken}]
            raise _Undo
    except _Undo:
        pass
    return found

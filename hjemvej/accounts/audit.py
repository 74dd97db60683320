"""The audit log: every read and change of a citizen's data, by whom and when.

Every entry's ``detail`` is checked against the allow-list (``audit_detail``: ids, counts,
formats, page names, field names; never a value that reveals a kind of transition, a health
matter, an eviction or a conviction) and chained to the entry before (``audit_chain``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from hjemvej.accounts.audit_detail import checked
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
    the audit log, below every room, names none of them). A detail the allow-list does not allow
    raises ``audit_detail.AuditDetailRefused`` and nothing is written.
    """
    entry = unsaved(actor=actor, action=action, citizen=citizen, obj=obj, detail=detail)
    entry.save(force_insert=True)
    return entry


def unsaved(
    *,
    actor: User,
    action: AuditAction,
    citizen: models.Model | None = None,
    obj: models.Model | None = None,
    detail: dict[str, object] | None = None,
) -> AuditEntry:
    """Return the entry ``record`` would write, unsaved: for a bulk writer's one chained insert.

    The caller stores the entries with ``AuditEntry.objects.bulk_create`` (chained in order, like
    single inserts); an object not saved yet has its ``object_id`` set by the caller once it is.
    """
    object_type = obj._meta.label if obj is not None else ""
    return AuditEntry(
        user=actor,
        username=actor.get_username(),
        action=action,
        citizen_id=citizen.pk if citizen is not None else None,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None else "",
        detail=checked(str(action), object_type, detail),
    )


def record_many(
    *,
    actor: User | None,
    action: AuditAction,
    citizen_ids: list[int],
    detail: dict[str, object],
    username: str = "",
) -> AuditEntry | None:
    """Write ONE entry naming every citizen shown or exported (list reads and exports).

    The entry names one citizen in ``citizen`` and several in ``citizen_ids``; ``entries_about``
    finds a citizen either way. ``username`` names an actor who is no user (the command line).
    Nothing is written for no citizens.
    """
    ids = sorted({int(pk) for pk in citizen_ids})
    if not ids:
        checked(str(action), "", detail)  # a wrong detail is wrong whether or not anyone is shown
        return None
    return AuditEntry.objects.create(
        user=actor,
        username=actor.get_username() if actor is not None else username,
        action=action,
        citizen_id=ids[0] if len(ids) == 1 else None,
        citizen_ids=ids if len(ids) > 1 else [],
        detail=checked(str(action), "", detail),
    )


def entries_about(citizen_id: int) -> QuerySet[AuditEntry]:
    """Return every entry about the citizen: about them alone, or naming them among others.

    On PostgreSQL ``citizen_ids @> [id]`` uses the GIN index on ``citizen_ids``; SQLite (the
    trial) looks through ``json_each``.
    """
    pk = int(citizen_id)
    if connection.vendor == "postgresql":
        listed = Q(citizen_ids__contains=[pk])
    else:
        listed = Q(
            pk__in=RawSQL(
                "SELECT e.id FROM accounts_auditentry e, json_each(e.citizen_ids) j "
                "WHERE j.value = %s",
                [pk],
            )
        )
    return AuditEntry.objects.filter(Q(citizen_id=pk) | listed)


def purge_month(month: date, *, batch: int = 10_000) -> tuple[int, str]:
    """Delete the log up to the end of ``month``, oldest first; return how many and the anchor.

    For the retention run as the database's owner role only: on PostgreSQL the append-only
    trigger refuses every DELETE unless ``hjemvej.audit_purge`` is set for the transaction by the
    table's owner (docs/access.md, "The audit log"), and only the owner may drop a partition.
    What goes is a prefix of the chain: every entry up to the last one written in the month (by
    id, the chain's order), so the rest still verifies. On PostgreSQL the months' partitions are
    dropped whole (``audit_partitions``); the few entries outside them (in the default partition,
    or written a moment after midnight but numbered before the month's last) go in batches. The
    anchor (the last deleted entry's hash) is where the remaining chain starts: keep it, and give
    it to ``hjemvej audit verify --anker``.
    """
    from hjemvej.accounts import audit_partitions

    start = date(month.year, month.month, 1)
    end = audit_partitions.next_month(start)
    last = (
        AuditEntry.objects.filter(at__date__lt=end)
        .order_by("-id")
        .values_list("id", "hash")
        .first()
    )
    if last is None:
        return 0, ""
    last_id, anchor = last
    deleted = 0
    if audit_partitions.is_partitioned(connection):
        with transaction.atomic():
            with connection.cursor() as cursor:  # a table with pending checks cannot be dropped
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            deleted += audit_partitions.drop_through(start, connection)
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL hjemvej.audit_purge = 'on'")
            rows = list(
                AuditEntry.objects.filter(id__lte=last_id).order_by("id").values_list("id")[:batch]
            )
            if not rows:
                return deleted, anchor
            AuditEntry.objects.filter(id__in=[pk for (pk,) in rows]).delete()
            deleted += len(rows)

"""Merging two records of one citizen, and undoing it: every room's rows follow the citizen.

The case file sits above every room that holds a citizen's rows, so the merge may name them all.
Keyword-only, one transaction, Danish ``DomainError``s, an audit entry on both records. The
merged record keeps one open homelessness situation; the others end, and undo reopens them.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens.borders import acting_history_merge, acting_history_unmerge
from hjemvej.citizens.models import Citizen, HomelessnessSituation, Merge, Situation
from hjemvej.citizens.state import citizen_state_refresh
from hjemvej.core.errors import DomainError
from hjemvej.shelters.services import overlapping_stay
from hjemvej.support.botilbud import overlapping_botilbud

#: Models whose rows follow a citizen in a merge, by their foreign key to the citizen.
MERGED_MODELS = (
    "citizens.HomelessnessSituation",
    "citizens.Consent",
    "citizens.ByNameListEvent",
    "citizens.RiskOfHomelessness",
    "shelters.Stay",
    "support.SupportCourse",
    "support.BotilbudStay",
    "support.Contact",
    "housing.HousingOffer",
    "housing.Tenancy",
    "housing.IncomeSource",
    "housing.Grant",
    "followup.Transition",
    "followup.ActionPlan",
    "followup.Letter",
    "followup.Task",
)
#: The key in ``Merge.moved`` of the open situations the merge ended (not a model label):
#: ``{"kept": pk, "ended": {"pk": "end date"}}``; undo opens them again.
RECONCILED = "reconciled"
#: The key in ``Merge.moved`` of the target's first period as acting municipality before the
#: merge reached it back (``citizens.borders.acting_history_merge``); undo restores it.
ACTING_HISTORY = "acting_history"


def _reconcile_situations(citizen: Citizen) -> dict[str, Any]:
    """Leave the merged record one open situation, and return what was ended (empty: nothing).

    Kept: the shelter situation while a stay is open, otherwise the one begun most recently.
    The others end the day the kept one began (the day they began, if later: an empty period),
    so that no two periods overlap.
    """
    running = list(citizen.situations.filter(end__isnull=True).order_by("-start", "-pk"))
    if len(running) < 2:
        return {}
    kept = running[0]
    if citizen.stays.filter(discharged__isnull=True).exists():
        kept = next((s for s in running if s.situation == Situation.SHELTER), kept)
    ended: dict[str, str] = {}
    for situation in running:
        if situation.pk != kept.pk:
            situation.end = max(kept.start, situation.start)
            situation.save(update_fields=["end"])
            ended[str(situation.pk)] = situation.end.isoformat()
    return {"kept": kept.pk, "ended": ended}


def citizen_merge(*, actor: User, source: Citizen, target: Citizen) -> Merge:
    """Merge two records of one citizen: ``source``'s rows move to ``target``; can be undone."""
    if source.pk == target.pk:
        raise DomainError("En borger kan ikke lægges sammen med sig selv.")
    if source.merged_into_id or target.merged_into_id:
        raise DomainError("Den ene borger er allerede lagt sammen med en anden.")
    if source.cpr_hash and target.cpr_hash and source.cpr_hash != target.cpr_hash:
        raise DomainError("Borgerne har forskellige CPR-numre og kan ikke være samme person.")
    with transaction.atomic():
        for stay in source.stays.all():
            clash = overlapping_stay(
                citizen=target, admitted=stay.admitted, discharged=stay.discharged
            )
            if clash is not None:
                raise DomainError(
                    f"Opholdet fra {stay.admitted:%d.%m.%Y} overlapper et ophold hos den anden "
                    f"borger fra {clash.admitted:%d.%m.%Y}; ret opholdene først."
                )
        for placed in source.botilbud_stays.all():
            other = overlapping_botilbud(citizen=target, start=placed.start, end=placed.end)
            if other is not None:
                raise DomainError(
                    f"Opholdet i midlertidigt botilbud fra {placed.start:%d.%m.%Y} overlapper et "
                    f"ophold hos den anden borger fra {other.start:%d.%m.%Y}; ret opholdene først."
                )
        moved: dict[str, Any] = {}
        for label in MERGED_MODELS:
            model = apps.get_model(label)
            rows = model.objects.filter(citizen=source)
            moved[label] = list(rows.values_list("pk", flat=True))
            rows.update(citizen=target)
        # One household per citizen: the source's goes along only when the target has none.
        household = apps.get_model("housing.Household")
        if not household.objects.filter(citizen=target).exists():
            rows = household.objects.filter(citizen=source)
            moved["housing.Household"] = list(rows.values_list("pk", flat=True))
            rows.update(citizen=target)
        reconciled = _reconcile_situations(target)
        if reconciled:
            moved[RECONCILED] = reconciled
        acting = acting_history_merge(source=source, target=target)
        if acting:
            moved[ACTING_HISTORY] = acting
        moved_cpr = bool(source.cpr_hash and not target.cpr_hash)
        if moved_cpr:
            target.cpr_token, target.cpr_hash = source.cpr_token, source.cpr_hash
            source.cpr_token, source.cpr_hash = "", None
        source.merged_into = target
        source.save(update_fields=["merged_into", "cpr_token", "cpr_hash"])
        target.save(update_fields=["cpr_token", "cpr_hash"])
        merge = Merge.objects.create(
            source=source, target=target, moved=moved, moved_cpr=moved_cpr, merged_by=actor
        )
        citizen_state_refresh(source, target)
        ended = sorted(int(pk) for pk in reconciled.get("ended", {}))
        for citizen in (source, target):
            audit.record(
                actor=actor,
                action=AuditAction.MERGE,
                citizen=citizen,
                obj=merge,
                detail={"source": source.pk, "target": target.pk}
                | ({"ended_situations": ended} if ended else {}),
            )
    return merge


def citizen_unmerge(*, actor: User, merge: Merge) -> None:
    """Undo a merge: the rows that moved go back, and both records live again."""
    if merge.undone_at is not None:
        raise DomainError("Sammenlægningen er allerede fortrudt.")
    with transaction.atomic():
        source, target = merge.source, merge.target
        moved = dict(merge.moved)
        reconciled = moved.pop(RECONCILED, None)
        acting_history_unmerge(moved.pop(ACTING_HISTORY, {}))
        if reconciled:
            reopened = [int(pk) for pk in reconciled["ended"]]
            HomelessnessSituation.objects.filter(pk__in=reopened).update(end=None)
        for label, ids in moved.items():
            apps.get_model(label).objects.filter(pk__in=ids).update(citizen=source)
        if merge.moved_cpr:
            source.cpr_token, source.cpr_hash = target.cpr_token, target.cpr_hash
            target.cpr_token, target.cpr_hash = "", None
            target.save(update_fields=["cpr_token", "cpr_hash"])
        source.merged_into = None
        source.save(update_fields=["merged_into", "cpr_token", "cpr_hash"])
        merge.undone_at = timezone.now()
        merge.save(update_fields=["undone_at"])
        citizen_state_refresh(source, target)
        for citizen in (source, target):
            audit.record(
                actor=actor,
                action=AuditAction.UNMERGE,
                citizen=citizen,
                obj=merge,
                detail={"source": source.pk, "target": target.pk},
            )

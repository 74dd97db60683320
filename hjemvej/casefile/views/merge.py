"""Two records of the same citizen: merge them, and undo a merge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, citizens_for, policy
from hjemvej.casefile import services as casefile_services
from hjemvej.casefile.forms import MergeSearchForm
from hjemvej.citizens.models import Citizen, HomelessnessSituation, Merge, Situation
from hjemvej.citizens.views.common import scoped_citizen
from hjemvej.core.errors import DomainError
from hjemvej.core.pages import FORM_METHODS, current_user


def _reconciled(merge: Merge) -> str:
    """Return, in Danish, which open situation the merge kept and which it ended ("": none)."""
    reconciled = merge.moved.get(casefile_services.RECONCILED)
    if not reconciled:
        return ""
    ended = {int(pk) for pk in reconciled["ended"]}
    rows = HomelessnessSituation.objects.filter(pk__in={reconciled["kept"], *ended})
    by_pk = {s.pk: s for s in rows}
    kept = by_pk[reconciled["kept"]]

    def named(situation: HomelessnessSituation) -> str:
        return f"{situation.get_situation_display().lower()} fra {situation.start:%d.%m.%Y}"

    why = (
        "fordi borgeren er indskrevet på en boform"
        if merge.target.stays.filter(discharged__isnull=True).exists()
        and kept.situation == Situation.SHELTER
        else "fordi den begyndte senest"
    )
    others = "; ".join(
        f"{named(s)} er afsluttet {s.end:%d.%m.%Y}"
        for s in sorted((by_pk[pk] for pk in ended), key=lambda s: (s.start, s.pk))
        if s.end is not None
    )
    return (
        f" Der var {len(ended) + 1} igangværende hjemløshedssituationer: {named(kept)} er "
        f"beholdt, {why}; {others}."
    )


def _moving(source: Citizen) -> dict[str, Any]:
    """Return what moves from the source record in a merge, for the confirmation page."""
    return {
        "situations": list(source.situations.order_by("start")),
        "stays": list(source.stays.select_related("shelter").order_by("admitted")),
        "courses": list(source.courses.order_by("start")),
        "contacts": source.contacts.count(),
        "consents": list(source.consents.order_by("given_on")),
        "list_events": source.list_events.count(),
    }


@policy(Action.MERGE_CITIZENS)
@never_cache
@FORM_METHODS
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge another record of the same citizen into this one: search, review, confirm.

    The search is sent by POST so a name never stands in a URL; nothing moves until the user
    confirms on the page that lists what moves.
    """
    citizen = scoped_citizen(request, pk)
    user = current_user(request)
    candidates = citizens_for(user).exclude(pk=citizen.pk)
    step = request.POST.get("step", "") if request.method == "POST" else ""
    context: dict[str, Any] = {
        "citizen": citizen,
        "title": f"Læg sammen med {citizen.display_name}",
    }
    if step in ("review", "confirm"):
        raw = request.POST.get("other", "")
        other = get_object_or_404(
            candidates.select_related("acting_municipality"), pk=int(raw) if raw.isdigit() else 0
        )
        context |= {"other": other, "moving": _moving(other), "step": "review"}
        if step == "confirm":
            try:
                done = casefile_services.citizen_merge(actor=user, source=other, target=citizen)
            except DomainError as exc:
                context["error"] = exc.message
            else:
                messages.success(
                    request,
                    f"Posterne er lagt sammen.{_reconciled(done)} Sammenlægningen kan fortrydes "
                    f"under »Sammenlægninger« (nr. {done.pk}).",
                )
                return redirect("citizens:detail", pk=citizen.pk)
        else:
            audit.record(
                actor=user,
                action=AuditAction.VIEW,
                citizen=other,
                obj=other,
                detail={"page": "merge"},
            )
        return render(request, "casefile/merge.html", context)
    form = MergeSearchForm(request.POST if step == "search" else None)
    results: list[Citizen] = []
    if step == "search" and form.is_valid():
        words = form.cleaned_data["q"].split()
        query = Q()
        for word in words:
            query &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(alias__icontains=word)
            )
        results = list(candidates.filter(query).order_by("last_name", "first_name", "pk")[:25])
        audit.record_many(
            actor=user,
            action=AuditAction.SEARCH,
            citizen_ids=[c.pk for c in results],
            detail={"page": "merge", "hits": len(results)},
        )
    else:
        audit.record(
            actor=user,
            action=AuditAction.VIEW,
            citizen=citizen,
            obj=citizen,
            detail={"page": "merge"},
        )
    context |= {"form": form, "results": results, "searched": step == "search" and form.is_valid()}
    return render(request, "casefile/merge.html", context)


@policy(Action.MERGE_CITIZENS)
@never_cache
@FORM_METHODS
def unmerge(request: HttpRequest, merge_pk: int) -> HttpResponseBase:
    """Undo a merge (only the merge's target must be in the user's scope)."""
    user = current_user(request)
    done = get_object_or_404(
        Merge.objects.filter(target__in=citizens_for(user)).select_related("source", "target"),
        pk=merge_pk,
    )
    if request.method == "POST":
        try:
            casefile_services.citizen_unmerge(actor=user, merge=done)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("citizens:detail", pk=done.target_id)
        messages.success(request, "Sammenlægningen er fortrudt; de to poster er adskilt igen.")
        return redirect("citizens:detail", pk=done.target_id)
    audit.record(
        actor=user,
        action=AuditAction.VIEW,
        citizen=done.target,
        obj=done,
        detail={"page": "unmerge"},
    )
    moved = dict(done.moved)
    reconciled = moved.pop(casefile_services.RECONCILED, None)
    moved.pop(casefile_services.ACTING_HISTORY, None)
    counts = {label: len(ids) for label, ids in moved.items()}
    return render(
        request,
        "casefile/unmerge.html",
        {
            "merge": done,
            "counts": counts,
            "reopened": len(reconciled["ended"]) if reconciled else 0,
            "citizen": done.target,
            "title": "Fortryd sammenlægning",
        },
    )

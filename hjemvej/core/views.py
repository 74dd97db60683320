"""The rules in force: every parameter's value today, its status and reference; and the values an
administrator should check (assumed or agreed, not enacted law)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hjemvej.accounts.policy import Action, allowed, policy
from hjemvej.core import dates
from hjemvej.core.law import TO_CHECK, current_parameters, values_to_check
from hjemvej.rules.parameters import STATUS_LABELS


@policy(Action.SIGNED_IN)
def rules(request: HttpRequest) -> HttpResponse:
    """Show every parameter's value today, its status and reference."""
    today = dates.today()
    params = current_parameters()
    rows = []
    for param in params:
        if param.first_date > today:
            continue
        value = param.at(today)
        rows.append({"param": param, "value": value})
    return render(
        request,
        "core/rules.html",
        {
            "today": today,
            "rows": rows,
            "fingerprint": params.fingerprint,
            "may_check": allowed(request.user, Action.CHECK_PARAMETERS),
        },
    )


@policy(Action.CHECK_PARAMETERS)
def rules_to_check(request: HttpRequest) -> HttpResponse:
    """List every assumed or agreed value with its note: what the municipality should check.

    ``?status=assumed|agreed`` keeps one status; ``?tidligere=1`` adds the values no longer in
    force. An unknown choice is ignored (the whole list), never an error.
    """
    today = dates.today()
    params = current_parameters()
    chosen = request.GET.get("status", "")
    status = next((s for s in TO_CHECK if s == chosen), None)
    past = request.GET.get("tidligere") == "1"
    found = values_to_check(params, today=today, status=status, past=past)
    counts = {s: sum(1 for row in found if row.value.status == s) for s in TO_CHECK}
    return render(
        request,
        "core/rules_to_check.html",
        {
            "today": today,
            "rows": found,
            "fingerprint": params.fingerprint,
            "status": status or "",
            "past": past,
            "choices": [(s, STATUS_LABELS[s]) for s in TO_CHECK],
            "counts": [(STATUS_LABELS[s], counts[s]) for s in TO_CHECK if status in (None, s)],
        },
    )

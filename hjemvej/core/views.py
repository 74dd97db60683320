"""The rules in force: every parameter's value today, its status and reference."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hjemvej.accounts.policy import Action, policy
from hjemvej.core import dates
from hjemvej.core.law import current_parameters


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
        {"today": today, "rows": rows, "fingerprint": params.fingerprint},
    )

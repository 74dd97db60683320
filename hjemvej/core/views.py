"""The start page: what Hjemvej is and which rules are in force today."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hjemvej.accounts.policy import Action, policy
from hjemvej.rules.parameters import default_parameters

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@policy(Action.PUBLIC)
def start(request: HttpRequest) -> HttpResponse:
    """Show the start page with every parameter's value today, its status and reference."""
    today = datetime.now(COPENHAGEN).date()
    params = default_parameters()
    rows = []
    for param in params:
        if param.first_date > today:
            continue
        value = param.at(today)
        rows.append({"param": param, "value": value})
    return render(
        request,
        "core/start.html",
        {"today": today, "rows": rows, "fingerprint": params.fingerprint},
    )

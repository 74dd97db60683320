"""/statistik/: what the statistics hold, one link per section."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from hjemvej.accounts.policy import Action, policy
from hjemvej.stats.sections import SECTIONS


@policy(Action.VIEW_STATISTICS)
@require_http_methods(["GET", "HEAD"])
def index(request: HttpRequest) -> HttpResponse:
    """List the statistics' sections."""
    return render(request, "stats/index.html", {"sections": SECTIONS})

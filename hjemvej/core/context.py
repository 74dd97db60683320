"""Template context every page gets: the navigation the user's role allows."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from hjemvej.accounts.policy import Action, allowed

NAVIGATION = (
    ("citizens:list", "Borgere", Action.VIEW_CITIZENS),
    ("followup:task_list", "Opgaver", Action.VIEW_TASKS),
    ("housing:dwelling_list", "Boliger", Action.VIEW_HOUSING),
    ("support:caseload", "Sagsstammer", Action.VIEW_CASELOAD),
    ("shelters:list", "Boformer", Action.VIEW_SHELTERS),
    ("economy:dashboard", "Økonomi", Action.VIEW_ECONOMY),
    ("economy:alerts", "Refusionsvarsler", Action.VIEW_ALERTS),
    ("stats:index", "Statistik", Action.VIEW_STATISTICS),
    ("accounts:audit", "Adgangslog", Action.VIEW_AUDIT),
)


def navigation(request: HttpRequest) -> dict[str, object]:
    """Return the menu items of the signed-in user, marking the current section."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for name, label, action in NAVIGATION:
        if allowed(user, action):
            url = reverse(name)
            items.append({"url": url, "label": label, "current": request.path.startswith(url)})
    return {"navigation": items}

"""The tabs of a citizen's pages: overview, housing and money, support, follow-up."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from hjemvej.accounts.policy import Action, allowed

register = template.Library()

TABS = (
    ("overview", "citizens:detail", "Oversigt", Action.VIEW_CITIZEN),
    ("housing", "housing:citizen", "Bolig og økonomi", Action.VIEW_HOUSING),
    ("support", "support:citizen", "Støtte", Action.VIEW_CITIZEN),
    ("followup", "followup:citizen", "Opfølgning", Action.VIEW_FOLLOWUP),
)


@register.inclusion_tag("core/_citizen_tabs.html", takes_context=True)
def citizen_tabs(context: dict[str, Any], citizen: Any, active: str) -> dict[str, Any]:
    """Return the tabs the signed-in user may open for this citizen, marking the active one."""
    user = context["request"].user
    tabs = [
        {"url": reverse(name, kwargs={"pk": citizen.pk}), "label": label, "active": key == active}
        for key, name, label, action in TABS
        if allowed(user, action)
    ]
    return {"tabs": tabs, "citizen": citizen}

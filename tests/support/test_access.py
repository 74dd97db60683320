"""Every support URL as every role gets what the policy says (the project-wide walk, narrowed)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hjemvej.accounts.policy import Action, allowed
from tests.accounts.test_access import ROLES, app_patterns, url_for
from tests.accounts.test_access import world as world

SUPPORT = [(name, p) for name, p in app_patterns() if name.startswith("support:")]


def test_the_support_urls_are_there() -> None:
    assert {name for name, _ in SUPPORT} == {
        "support:citizen",
        "support:review_add",
        "support:assessment",
        "support:botilbud_add",
        "support:botilbud_edit",
        "support:caseload",
        "support:limits",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_support_url_as_every_role(role: str, world: dict[str, Any], client: Client) -> None:
    user = world["users"].get(role)
    if user is not None:
        client.force_login(user)
    failures = []
    for name, pattern in SUPPORT:
        action: Action = getattr(pattern.callback, "policy_action")  # noqa: B009
        status = client.get(url_for(name, pattern, world)).status_code
        if user is None:
            ok = status == 302
        elif allowed(user, action):
            ok = status in (200, 302)
        else:
            ok = status == 403
        if not ok:
            failures.append(f"{name}: {status} ({action})")
    assert failures == []

"""Every page and every form, in a real browser: axe-core finds no WCAG 2.1 A/AA violation at
1280 px and at 360 px, also after an invalid submit (issue 10, "What must hold").

The world is the access test's (``tests/accounts/test_access.py``): one of every kind of record, so
every URL of the project has something to show. Each page is checked once, as the role that works
there (the economist the economy's pages, shelter staff the shelters' …) or else the first role
that may open it; the start page, which differs by role, by every role.
On a page with a form that has required fields, the fields are emptied, the browser's own checks
are switched off, and the form is sent: the server's answer (the error summary and the messages at
the fields) is checked at both widths too.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern
from playwright.sync_api import Page

from hjemvej.accounts.models import Role
from hjemvej.accounts.policy import Action, allowed
from tests import factories
from tests.accounts.test_access import app_patterns, url_for
from tests.accounts.test_access import world as world  # the fixture, shared
from tests.browser.conftest import axe_violations, describe

PASSWORD = "test-adgangskode-1"
WIDTHS = (1280, 360)
ROLES = [
    Role.CASE_WORKER,
    Role.SHELTER_STAFF,
    Role.SUPPORT_WORKER,
    Role.MANAGER,
    Role.ECONOMIST,
    Role.ADMIN,
]
#: Pages that change something when opened (signing out), never visited here.
SKIPPED = {"accounts:logout"}
#: Who works where, by URL namespace: they check those pages.
USERS_OF = {
    "economy": Role.ECONOMIST,
    "shelters": Role.SHELTER_STAFF,
    "support": Role.SUPPORT_WORKER,
    "accounts": Role.ADMIN,
}
#: Pages that differ by role (the start page): every role checks them.
EVERY_ROLE = {"start"}

pytestmark = pytest.mark.django_db(transaction=True)

#: Empty every required field of the form, switch off the browser's own checks, and send it.
SEND_EMPTY = """form => {
    for (const field of form.querySelectorAll('[required]')) {
        if (field.tagName === 'SELECT') {
            const blank = [...field.options].findIndex(o => o.value === '');
            field.selectedIndex = blank;
        } else if (field.type !== 'checkbox' && field.type !== 'radio') {
            field.value = '';
        }
        field.removeAttribute('required');
    }
    form.noValidate = true;
    const send = 'button[type=submit], button:not([type]), input[type=submit]';
    const button = form.querySelector(send);
    button ? button.click() : form.requestSubmit();
}"""


@pytest.fixture(autouse=True)
def _municipalities(transactional_db: None) -> None:
    factories.ensure_municipalities()  # a transactional test before this one flushed them


def checking_role(name: str, action: Action, users: dict[str, Any]) -> str | None:
    """Return the role that checks a page: the one that works there, else the first allowed."""
    preferred = USERS_OF.get(name.split(":")[0])
    if preferred is not None and allowed(users[preferred], action):
        return preferred
    return next((role for role in ROLES if allowed(users[role], action)), None)


def pages_for(role: str, world: dict[str, Any], client: Client) -> list[tuple[str, str]]:
    """Return (name, URL) of the HTML pages this role checks."""
    user = world["users"][role]
    client.force_login(user)
    out = []
    for name, pattern in app_patterns():
        assert isinstance(pattern, URLPattern)
        action: Action = getattr(pattern.callback, "policy_action")  # noqa: B009
        if name in SKIPPED or action is Action.PUBLIC:
            continue
        if name not in EVERY_ROLE and checking_role(name, action, world["users"]) != role:
            continue
        url = url_for(name, pattern, world)
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            out.append((name, url))
    return out


def check(page: Page, label: str) -> list[str]:
    findings = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        violations = axe_violations(page)
        if violations:
            findings.append(f"{label} at {width} px: {describe(violations)}")
    return findings


@pytest.mark.parametrize("role", [r.value for r in ROLES])
def test_every_page_and_every_form_after_an_invalid_submit_passes_axe(
    role: str, world: dict[str, Any], live_server: Any, page: Page, client: Client
) -> None:
    pages = pages_for(role, world, client)
    assert pages, f"{role}: ingen sider at kontrollere"
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brugernavn").fill(world["users"][role].username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_load_state()
    findings: list[str] = []
    forms_sent = 0
    for name, url in pages:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{live_server.url}{url}")
        findings += check(page, name)
        form = page.locator("#main-content form[method=post]:has([required])").first
        if form.count() == 0:
            continue
        with page.expect_navigation():
            form.evaluate(SEND_EMPTY)
        if page.locator(".form-error-summary, [role=alert]").count():
            forms_sent += 1
            findings += check(page, f"{name} after an invalid submit")
    assert findings == []
    if role == Role.CASE_WORKER:  # the forms of the citizen's page are sent empty
        assert forms_sent >= 20, f"kun {forms_sent} formularer sendt tomme"

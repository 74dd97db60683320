"""The API's interactive docs (Swagger UI at /api/v1/docs) work in a browser under Hjemvej's CSP.

The docs are served from our own static files with ``Content-Security-Policy`` 'self' (no CDN,
no inline script or style). The shared browser context bypasses the CSP (for axe-core), so this
test opens its own context that enforces it, and fails on any CSP violation or console error:
the operations render, a token is entered under "Authorize" and "Try it out" reads ``/mig``.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from hjemvej.accounts.models import Role
from hjemvej.api.tokens import api_token_create
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_swagger_ui_renders_the_operations_under_the_csp(
    live_server: Any, browser: Browser
) -> None:
    factories.ensure_municipalities()  # a transactional test before this one flushed them
    user = factories.user("sagsbehandler", Role.CASE_WORKER)
    _, token = api_token_create(user=user, name="docs")
    context = browser.new_context(bypass_csp=False, locale="da-DK")
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
    # Reported by the page itself, whatever the console says (the violations are collected on
    # the document before Swagger UI's own script runs).
    page.add_init_script(
        """window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => {
            window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
        });"""
    )
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response is not None
    assert response.status == 200
    assert "'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock-tag", has_text="ophold")).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/ophold/").first).to_be_visible()
    # The token under "Authorize", then "Try it out" on GET /api/v1/mig (a fetch to 'self').
    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".modal-ux input").fill(token)
    page.locator(".modal-ux button.authorize").click()
    page.locator(".modal-ux button.btn-done").click()
    operation = page.locator(".opblock-get", has=page.locator('[data-path="/api/v1/mig"]'))
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    expect(operation.locator(".live-responses-table tbody .response-col_status")).to_have_text(
        "200"
    )
    expect(operation.locator(".live-responses-table")).to_contain_text("sagsbehandler")
    page.wait_for_load_state("networkidle")
    violations = page.evaluate("window.__csp")
    context.close()
    assert violations == [], violations
    assert problems == [], problems

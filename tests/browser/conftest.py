"""Browser tests: Debian's Chromium driven by Playwright against the live test server.

Without Chromium the browser tests are skipped locally, and fail in CI (``CI`` set) or when
``HJEMVEJ_REQUIRE_BROWSER=1``: in CI a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# between browser steps are plain synchronous calls, so Django's async guard must stand aside.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") or os.environ.get("HJEMVEJ_REQUIRE_BROWSER") == "1":
        return  # the launch fails and says why
    skip = pytest.mark.skip(reason="Chromium er ikke installeret (apt-get install chromium)")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # bypass_csp lets axe-core be injected; the pages' own CSP is tested without a browser.
    return {
        **browser_context_args,
        "bypass_csp": True,
        "locale": "da-DK",
        "viewport": {"width": 1280, "height": 800},
    }


#: What Chromium says when a navigation replaced the document while axe was being put in or run.
NAVIGATED = ("appendChild", "Execution context was destroyed", "detached", "navigat")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core on the page for WCAG 2.0/2.1 A and AA; return the violations.

    A click just before may have started a navigation: on a busy machine the new document can
    arrive while axe is being injected. Then the page that loaded is checked, up to three times.
    """
    for attempt in range(3):
        page.wait_for_load_state()
        try:
            if not page.evaluate("() => typeof axe !== 'undefined'"):
                page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                """async () => await axe.run(document, {runOnly: {type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                    resultTypes: ['violations']})"""
            )
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in NAVIGATED):
                raise
            continue
        return list(result["violations"])
    raise AssertionError("unreachable")


def assert_accessible(page: Any, name: str) -> None:
    """Assert that axe-core finds no WCAG 2.1 A/AA violation on the page named ``name``."""
    violations = axe_violations(page)
    assert violations == [], f"{name}: {describe(violations)}"


def describe(violations: list[dict[str, Any]]) -> str:
    """Return axe violations in a readable form for an assertion message."""
    return json.dumps(
        [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
            for v in violations
        ],
        ensure_ascii=False,
        indent=1,
    )

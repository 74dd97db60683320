"""The page shell (base.html), the login and lockout pages, the start page and the error pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from tests import factories

STATIC = Path(settings.BASE_DIR) / "hjemvej" / "static"


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def page_of(response: Any) -> str:
    return str(response.content.decode())


def assert_csp_clean(page: str) -> None:
    """No inline script, no inline style: the CSP (script-src/style-src 'self') would block them."""
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline <script>"
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page), "style attribute"
    assert not re.search(r"\son[a-z]+=", page), "inline event handler"


# --- The shell ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_login_page_uses_the_shell_and_the_design_system(client: Client) -> None:
    page = page_of(client.get(reverse("login")))
    assert '<html lang="da">' in page
    assert "<title>Log ind – Hjemvej</title>" in page
    assert '<a class="skipnav" href="#main-content">' in page
    assert '<main id="main-content"' in page
    assert "/static/vendor/dkfds/css/dkfds.min.css" in page
    assert "/static/hjemvej/base.css" in page
    assert re.search(r'<script src="/static/vendor/htmx/htmx.min.js" defer>', page)
    assert "<h1>Log ind</h1>" in page
    assert 'class="form-input"' in page
    assert 'class="button button-primary"' in page
    assert "Log af" not in page
    assert 'aria-label="Hovedmenu"' not in page  # no menu before login
    assert_csp_clean(page)


@pytest.mark.django_db
def test_the_login_form_has_labels_and_autofocus(client: Client) -> None:
    page = page_of(client.get(reverse("login")))
    assert '<label class="form-label" for="id_username">Brugernavn</label>' in page
    assert '<label class="form-label" for="id_password">Adgangskode</label>' in page
    username = re.search(r'<input[^>]*id="id_username"[^>]*>', page)
    assert username
    assert "autofocus" in username.group(0)
    assert 'autocomplete="current-password"' in page


@pytest.mark.django_db
def test_a_failed_login_shows_a_danish_alert_and_ties_field_errors(client: Client) -> None:
    factories.user("rita", Role.CASE_WORKER)
    page = page_of(client.post(reverse("login"), {"username": "rita", "password": "forkert"}))
    assert 'class="alert alert-error" role="alert"' in page
    assert "Forkert brugernavn eller adgangskode" in page
    assert 'value="rita"' in page
    assert "forkert" not in page  # the password is never echoed
    empty = page_of(client.post(reverse("login"), {"username": "", "password": ""}))
    assert 'id="id_username-error"' in empty
    assert 'aria-describedby="id_username-error"' in empty
    assert 'aria-invalid="true"' in empty


@pytest.mark.django_db
def test_the_lockout_page_is_danish(client: Client) -> None:
    factories.user("rita", Role.CASE_WORKER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "rita", "password": "forkert"})
    response = client.post(reverse("login"), {"username": "rita", "password": "forkert"})
    page = page_of(response)
    assert response.status_code == 429
    assert "<h1>Brugeren er midlertidigt spærret</h1>" in page
    assert "15 minutter" in page
    assert_csp_clean(page)


NAVIGATION = {
    Role.CASE_WORKER: [
        "Borgere",
        "Opgaver",
        "Boliger",
        "Sagsstammer",
        "Boformer",
        "Refusionsvarsler",
        "Statistik",
    ],
    Role.SUPPORT_WORKER: ["Borgere", "Opgaver", "Boliger", "Sagsstammer"],
    Role.SHELTER_STAFF: ["Borgere", "Opgaver", "Boformer"],
    Role.MANAGER: [
        "Borgere",
        "Opgaver",
        "Boliger",
        "Sagsstammer",
        "Boformer",
        "Økonomi",
        "Refusionsvarsler",
        "Statistik",
    ],
    Role.ECONOMIST: ["Boformer", "Økonomi", "Statistik"],
    Role.ADMIN: ["Boformer", "Adgangslog"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_the_header_shows_the_user_the_role_the_menu_and_log_off(
    client: Client, role: Role
) -> None:
    user = factories.user(
        "rita", role, shelter=factories.shelter() if role == "shelter_staff" else None
    )
    client.force_login(user)
    page = page_of(client.get(reverse("start")))
    assert (
        f'<span class="user-name">Rita</span>, <span class="user-role">{role.label}</span>' in page
    )
    logout = re.search(r'<form method="post" action="/logout/"[^>]*>(.*?)</form>', page, re.S)
    assert logout, "Log af must be a POST form"
    assert "csrfmiddlewaretoken" in logout.group(1)
    assert "Log af</button>" in logout.group(1)
    menu = re.search(r'<nav class="nav" aria-label="Hovedmenu">(.*?)</nav>', page, re.S)
    assert menu
    assert re.findall(r"<span>([^<]+)</span></a>", menu.group(1)) == NAVIGATION[role]
    assert "<footer>" in page
    assert_csp_clean(page)


@pytest.mark.django_db
def test_the_current_section_is_marked_in_the_menu(client: Client) -> None:
    client.force_login(factories.user("rita", Role.ECONOMIST))
    page = page_of(client.get(reverse("shelters:list")))
    assert re.search(r'href="/boformer/" class="nav-link" aria-current="page"', page)


@pytest.mark.django_db
def test_htmx_gets_the_csrf_token_from_the_body_without_inline_script(client: Client) -> None:
    client.force_login(factories.user("rita", Role.ECONOMIST))
    page = page_of(client.get(reverse("start")))
    body = re.search(r"<body hx-headers='([^']*)'>", page)
    assert body
    token = json.loads(body.group(1))["X-CSRFToken"]
    assert len(token) >= 32
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', page)
    assert config
    assert json.loads(config.group(1))["includeIndicatorStyles"] is False  # no injected <style>


@pytest.mark.django_db
def test_messages_are_shown_as_design_system_alerts(client: Client) -> None:
    client.force_login(factories.user("admin", Role.ADMIN))
    response = client.get(reverse("accounts:audit"), {"citizen": "Søren Hansen"}, follow=True)
    page = page_of(response)
    assert re.search(r'<div class="alert alert-error" role="alert">', page)
    assert "alert-icon" in page


# --- The start page and the rules in force ---------------------------------------------------


@pytest.mark.django_db
def test_the_start_page_sends_a_visitor_to_the_login(client: Client) -> None:
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_rules_in_force_sit_in_the_shell(client: Client) -> None:
    client.force_login(factories.user("rita", Role.ECONOMIST))
    start = page_of(client.get(reverse("start")))
    assert "<h1>Forside</h1>" in start
    assert f'href="{reverse("rules")}">Regler i kraft i dag</a>' in start
    assert_csp_clean(start)
    page = page_of(client.get(reverse("rules")))
    assert "<h1>Regler i kraft i dag" in page
    assert "shelter.reimbursement.day_cap" in page
    assert '<table class="table table--zebra">' in page
    assert "<caption" in page
    assert_csp_clean(page)


# --- Error pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_403_is_danish(client: Client) -> None:
    client.force_login(factories.user("rita", Role.ECONOMIST))
    response = client.get(reverse("accounts:audit"))
    assert response.status_code == 403
    page = page_of(response)
    assert "<h1>Du har ikke adgang til denne side</h1>" in page
    assert "Log af" in page  # the shell, with the user
    assert_csp_clean(page)


@pytest.mark.django_db
def test_404_is_danish(client: Client) -> None:
    response = client.get("/findes-ikke/")
    assert response.status_code == 404
    page = page_of(response)
    assert "<h1>Siden findes ikke</h1>" in page
    assert '<html lang="da">' in page
    assert_csp_clean(page)


def test_500_is_danish_and_needs_no_request() -> None:
    page = render_to_string("500.html")
    assert "<h1>Der opstod en fejl</h1>" in page
    assert '<html lang="da">' in page
    assert "/static/vendor/dkfds/css/dkfds.min.css" in page
    assert_csp_clean(page)


# --- Vendored assets ------------------------------------------------------------------------


def test_the_vendored_assets_are_in_the_repository() -> None:
    for path in (
        "vendor/dkfds/css/dkfds.min.css",
        "vendor/dkfds/js/dkfds.min.js",
        "vendor/dkfds/img/all-svg-icons.svg",
        "vendor/htmx/htmx.min.js",
        "vendor/README.md",
        "hjemvej/base.css",
        "hjemvej/app.js",
    ):
        assert (STATIC / path).is_file(), path
    assert (Path(settings.BASE_DIR) / "tests" / "browser" / "vendor" / "axe.min.js").is_file()


def test_every_url_in_the_design_system_css_resolves() -> None:
    css_file = STATIC / "vendor" / "dkfds" / "css" / "dkfds.min.css"
    refs = set(re.findall(r"url\(([^)]+)\)", css_file.read_text()))
    local = {r.strip("'\"").split("?")[0].split("#")[0] for r in refs if "data:" not in r}
    assert local
    missing = [r for r in local if not (css_file.parent / r).resolve().is_file()]
    assert missing == []


def test_the_vendored_files_stay_small() -> None:
    size = sum(f.stat().st_size for f in (STATIC / "vendor").rglob("*") if f.is_file())
    assert size < 4 * 1024 * 1024


def test_no_node_modules_in_the_repository() -> None:
    assert not (Path(settings.BASE_DIR) / "node_modules").exists()

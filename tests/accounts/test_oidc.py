"""Signing in through the municipality's login, against a real OpenID Connect provider.

The provider is django-oauth-toolkit, run as a project of its own (``tests/oidc_provider``) in a
subprocess on 127.0.0.1; Hjemvej runs as pytest-django's live server, so that the provider's
redirects come back to it. A ``requests`` session is the browser: it follows the redirects, keeps
the cookies of both, and posts the provider's real login form.
"""

from __future__ import annotations

import logging
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from hjemvej.accounts import oidc
from hjemvej.accounts.models import IdentityMapping, Role, User
from hjemvej.shelters.models import Shelter
from tests import factories
from tests.oidc_provider.serve import CLIENT_ID, CLIENT_SECRET, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
MUNICIPAL_BUTTON = "Log ind med kommunens login"


@dataclass
class Provider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"


@pytest.fixture(scope="session")
def identity_provider(
    live_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Provider]:
    """Start the provider with Hjemvej's client registered for the live server; stop it after."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    env = {
        **os.environ,
        "OIDC_PROVIDER_DB": str(tmp_path_factory.mktemp("provider") / "provider.sqlite3"),
        "OIDC_PROVIDER_RSA_KEY": pem,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.oidc_provider.serve",
            f"{live_server.url}{reverse('oidc_callback')}",
            f"{live_server.url}{reverse('login')}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 60
        line = ""
        while not line.startswith("PORT ") and time.monotonic() < deadline:
            ready, _, _ = select.select([process.stdout], [], [], 1)
            if ready:
                line = process.stdout.readline()
                assert line, "the identity provider stopped before it served"
        assert line.startswith("PORT "), "the identity provider did not start within 60 s"
        yield Provider(f"http://127.0.0.1:{int(line.split()[1])}")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def municipal_login(
    identity_provider: Provider, settings: Settings, live_server: Any
) -> dict[str, Any]:
    """Hjemvej configured for the provider, and the administrator's mapping of its groups."""
    settings.OIDC = {
        "issuer": identity_provider.issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "scopes": "openid profile groups",
        "username_claim": "preferred_username",
    }
    factories.ensure_municipalities()
    aarhus = factories.municipality("751")
    havnely = factories.shelter("Herberget Havnely")
    IdentityMapping.objects.create(
        claim="groups", value="hjemvej-sagsbehandlere", role=Role.CASE_WORKER, municipality=aarhus
    )
    IdentityMapping.objects.create(
        claim="groups",
        value="hjemvej-havnely",
        role=Role.SHELTER_STAFF,
        municipality=aarhus,
        shelter=havnely,
    )
    return {"url": live_server.url, "provider": identity_provider, "shelter": havnely}


def sign_in(browser: requests.Session, start: str, username: str) -> requests.Response:
    """Follow Hjemvej's button to the provider, post its login form, and follow the way back."""
    form = browser.get(start, timeout=30)
    assert form.status_code == 200
    assert 'name="password"' in form.text, "the provider's login form"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    next_field = re.search(r'name="next" value="([^"]*)"', form.text)
    assert token is not None
    assert next_field is not None
    return browser.post(
        form.url,
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": PASSWORD,
            "next": next_field.group(1).replace("&amp;", "&"),
        },
        timeout=30,
    )


def signed_in(browser: requests.Session, url: str) -> bool:
    """Whether Hjemvej's start page opens, rather than sending the browser to log in."""
    response = browser.get(f"{url}/", timeout=30, allow_redirects=False)
    return response.status_code == 200


def log_out(browser: requests.Session, url: str) -> requests.Response:
    """Press »Log ud« (a form posted with Hjemvej's CSRF token) and follow where it leads."""
    csrf = next(c.value for c in browser.cookies if c.name == "csrftoken")
    return browser.post(f"{url}/logout/", data={"csrfmiddlewaretoken": csrf}, timeout=30)


def test_the_login_page_offers_the_municipal_login(municipal_login: dict[str, Any]) -> None:
    page = requests.get(f"{municipal_login['url']}/login/", timeout=30)
    assert MUNICIPAL_BUTTON in page.text
    assert 'name="password"' in page.text  # local accounts still sign in


def test_a_case_worker_signs_in_through_the_provider(municipal_login: dict[str, Any]) -> None:
    url = municipal_login["url"]
    browser = requests.Session()
    # A bookmarked page asks for login; the municipal login brings the user back to it.
    asked = browser.get(f"{url}/borgere/", timeout=30)
    assert asked.url.startswith(f"{url}/login/?next=")
    landed = sign_in(browser, f"{url}/login/kommune/?next=/borgere/", "anna")
    assert landed.status_code == 200
    assert landed.url == f"{url}/borgere/"
    assert "Anna Andersen" in landed.text
    assert "Sagsbehandler" in landed.text
    user = User.objects.get(username="anna")
    assert (user.role, user.shelter_id) == (Role.CASE_WORKER, None)
    assert user.municipality is not None
    assert user.municipality.code == "751"
    assert not user.has_usable_password()
    assert user.oidc_subject


def test_the_mapping_makes_shelter_staff_of_the_shelters_group(
    municipal_login: dict[str, Any],
) -> None:
    url = municipal_login["url"]
    browser = requests.Session()
    landed = sign_in(browser, f"{url}/login/kommune/", "bo")
    assert landed.status_code == 200
    assert landed.url == f"{url}/"
    assert "Medarbejder på boform" in landed.text
    user = User.objects.get(username="bo")
    shelter: Shelter = municipal_login["shelter"]
    assert (user.role, user.shelter_id) == (Role.SHELTER_STAFF, shelter.pk)
    # The administrator moves the group to another role: the next login follows the mapping.
    IdentityMapping.objects.filter(value="hjemvej-havnely").update(
        role=Role.SUPPORT_WORKER, shelter=None
    )
    log_out(browser, url)
    sign_in(browser, f"{url}/login/kommune/", "bo")
    user.refresh_from_db()
    assert (user.role, user.shelter_id) == (Role.SUPPORT_WORKER, None)


def test_an_unknown_user_is_refused_in_danish_without_a_session(
    municipal_login: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    url = municipal_login["url"]
    browser = requests.Session()
    with caplog.at_level(logging.WARNING, logger="hjemvej.accounts.oidc"):
        refused = sign_in(browser, f"{url}/login/kommune/", "carl")
    assert refused.status_code == 403
    assert "Du har ikke adgang til Hjemvej" in refused.text
    assert "Kontakt kommunens administrator" in refused.text
    assert not signed_in(browser, url)
    assert not User.objects.filter(username="carl").exists()
    lines = [r.getMessage() for r in caplog.records if r.name == "hjemvej.accounts.oidc"]
    assert len(lines) == 1
    assert "ingen rolle" in lines[0]
    assert "carl" not in lines[0].lower()


def test_logout_ends_the_session_here_and_at_the_provider(
    municipal_login: dict[str, Any],
) -> None:
    url, provider = municipal_login["url"], municipal_login["provider"]
    browser = requests.Session()
    sign_in(browser, f"{url}/login/kommune/", "anna")
    assert signed_in(browser, url)
    out = log_out(browser, url)
    assert out.history[1].url.startswith(f"{provider.issuer}/logout/")
    assert out.url.startswith(f"{url}/login/")
    assert out.status_code == 200
    assert not signed_in(browser, url)
    # The provider's session has ended too: the municipal login asks for the password again.
    again = browser.get(f"{url}/login/kommune/", timeout=30)
    assert again.url.startswith(f"{provider.url}/login/")
    assert 'name="password"' in again.text


def test_endpoints_given_by_hand_work_without_discovery(
    municipal_login: dict[str, Any], settings: Settings
) -> None:
    url, provider = municipal_login["url"], municipal_login["provider"]
    settings.OIDC = {
        **settings.OIDC,
        "issuer": provider.issuer,  # checked against the ID token's iss, not discovered
        "authorization_endpoint": f"{provider.issuer}/authorize/",
        "token_endpoint": f"{provider.issuer}/token/",
        "jwks_uri": f"{provider.issuer}/.well-known/jwks.json",
        "userinfo_endpoint": f"{provider.issuer}/userinfo/",
    }
    assert getattr(oidc.client(), "_server_metadata_url", "") is None  # no discovery
    landed = sign_in(requests.Session(), f"{url}/login/kommune/", "anna")
    assert landed.url == f"{url}/"
    assert "Sagsbehandler" in landed.text


def test_an_id_token_from_another_issuer_is_refused(
    municipal_login: dict[str, Any], settings: Settings
) -> None:
    url, provider = municipal_login["url"], municipal_login["provider"]
    settings.OIDC = {
        **settings.OIDC,
        "issuer": "https://idp.another-municipality.example/o",
        "authorization_endpoint": f"{provider.issuer}/authorize/",
        "token_endpoint": f"{provider.issuer}/token/",
        "jwks_uri": f"{provider.issuer}/.well-known/jwks.json",
    }
    browser = requests.Session()
    refused = sign_in(browser, f"{url}/login/kommune/", "anna")
    assert refused.status_code == 400
    assert "Log ind via kommunens login mislykkedes" in refused.text
    assert not signed_in(browser, url)
    assert not User.objects.filter(username="anna").exists()


def test_a_forged_answer_is_refused(municipal_login: dict[str, Any]) -> None:
    url = municipal_login["url"]
    browser = requests.Session()
    response = browser.get(f"{url}/login/kommune/retur/?code=abc&state=forged", timeout=30)
    assert response.status_code == 400
    assert "Log ind via kommunens login mislykkedes" in response.text
    assert not signed_in(browser, url)


@pytest.mark.django_db
def test_without_a_provider_the_login_page_is_local_only(
    client: Client, settings: Settings
) -> None:
    settings.OIDC = None
    page = client.get(reverse("login"))
    assert MUNICIPAL_BUTTON not in page.content.decode()
    assert client.get(reverse("oidc_login"))["Location"] == reverse("login")
    assert client.get(reverse("oidc_callback"))["Location"] == reverse("login")

"""Behind a TLS proxy: the forwarded protocol, trusted origins, HSTS and secure cookies."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from tests import factories
from tests.processes import environment, settings_in

PASSWORD = "test-adgangskode-1"
HOST = "hjemvej.kommune.dk"
NAMES = (
    "ALLOWED_HOSTS",
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


def apply(settings: LazySettings, **env: str) -> dict[str, Any]:
    """Give this process the settings a fresh process reads from ``env``."""
    values = settings_in(environment(**env), *NAMES)
    for name, value in values.items():
        setattr(
            settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" and value else value
        )
    return values


def login_over_https(origin: str) -> tuple[Client, int, str]:
    factories.user("rita", Role.CASE_WORKER)
    client = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_PROTO="https")
    page = client.get(reverse("login"), HTTP_HOST=HOST)
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        {"username": "rita", "password": PASSWORD, "csrfmiddlewaretoken": token},
        HTTP_HOST=HOST,
        HTTP_ORIGIN=origin,
        HTTP_REFERER=f"{origin}/login/",
    )
    return client, response.status_code, response.content.decode()


@pytest.mark.django_db
def test_login_behind_a_tls_proxy_succeeds(settings: LazySettings) -> None:
    apply(settings, HJEMVEJ_ALLOWED_HOSTS=HOST, HJEMVEJ_PROXY_SSL_HEADER="1", HJEMVEJ_HTTPS="1")
    client, status, page = login_over_https(f"https://{HOST}")
    assert "Origin checking failed" not in page
    assert status == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_without_the_forwarded_protocol_the_login_is_refused(settings: LazySettings) -> None:
    # What happened before: Django saw plain HTTP and refused the https:// origin.
    apply(settings, HJEMVEJ_ALLOWED_HOSTS=HOST)
    _, status, _ = login_over_https(f"https://{HOST}")
    assert status == 403


@pytest.mark.django_db
def test_a_trusted_origin_may_post(settings: LazySettings) -> None:
    values = apply(
        settings,
        HJEMVEJ_ALLOWED_HOSTS=HOST,
        HJEMVEJ_PROXY_SSL_HEADER="1",
        HJEMVEJ_CSRF_TRUSTED_ORIGINS="https://portal.kommune.dk, https://hjemvej2.kommune.dk",
    )
    assert values["CSRF_TRUSTED_ORIGINS"] == [
        "https://portal.kommune.dk",
        "https://hjemvej2.kommune.dk",
    ]
    _, status, _ = login_over_https("https://portal.kommune.dk")
    assert status == 302


@pytest.mark.django_db
def test_https_sends_hsts_and_secure_cookies(settings: LazySettings) -> None:
    values = apply(
        settings, HJEMVEJ_ALLOWED_HOSTS=HOST, HJEMVEJ_PROXY_SSL_HEADER="1", HJEMVEJ_HTTPS="1"
    )
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    response = client.get(reverse("login"), HTTP_HOST=HOST)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["csrftoken"]["secure"]
    factories.user("rita", Role.CASE_WORKER)
    client.post(reverse("login"), {"username": "rita", "password": PASSWORD}, HTTP_HOST=HOST)
    assert client.cookies["sessionid"]["secure"]


def test_plain_http_has_no_hsts_and_no_proxy_header() -> None:
    values = settings_in(environment(), *NAMES)
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["SESSION_COOKIE_SECURE"] is False

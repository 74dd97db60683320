"""The sign-in settings come from the environment (read in a fresh process, as at start-up)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from tests.processes import KEY_A, SECRET, environment

PRINT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'oidc': s.OIDC, 'idle': s.SESSION_IDLE_SECONDS, "
    "'totp': s.LOCAL_TOTP_REQUIRED, "
    "'form_action': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']}))"
)


def settings_with(**env: str) -> dict[str, Any]:
    # Without any of Hjemvej's settings but the keys, which a database of its own requires.
    clean = environment(HJEMVEJ_SECRET_KEY=SECRET, HJEMVEJ_CPR_KEY=KEY_A)
    out = subprocess.run(
        [sys.executable, "-c", PRINT],
        env={**clean, "DJANGO_SETTINGS_MODULE": "hjemvej.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def test_no_provider_and_30_idle_minutes_by_default() -> None:
    values = settings_with()
    assert values["oidc"] is None
    assert values["idle"] == 30 * 60
    assert values["form_action"] == ["'self'"]


def test_the_idle_period_comes_from_the_environment() -> None:
    assert settings_with(HJEMVEJ_IDLE_MINUTES="45")["idle"] == 45 * 60


def test_an_issuer_and_a_client_configure_the_municipal_login() -> None:
    values = settings_with(
        HJEMVEJ_OIDC_ISSUER="https://login.microsoftonline.com/abc/v2.0",
        HJEMVEJ_OIDC_CLIENT_ID="hjemvej",
        HJEMVEJ_OIDC_CLIENT_SECRET="hemmelig",
    )
    assert values["oidc"]["issuer"] == "https://login.microsoftonline.com/abc/v2.0"
    assert values["oidc"]["scopes"] == "openid profile"
    assert values["oidc"]["username_claim"] == "preferred_username"
    # Logout posts a form that ends at the provider's logout: the policy lets it.
    assert values["form_action"] == ["'self'", "https://login.microsoftonline.com"]


def test_endpoints_configure_a_provider_without_discovery() -> None:
    values = settings_with(
        HJEMVEJ_OIDC_CLIENT_ID="hjemvej",
        HJEMVEJ_OIDC_AUTHORIZATION_ENDPOINT="https://adfs.kommune.dk/adfs/oauth2/authorize/",
        HJEMVEJ_OIDC_TOKEN_ENDPOINT="https://adfs.kommune.dk/adfs/oauth2/token/",
        HJEMVEJ_OIDC_JWKS_URI="https://adfs.kommune.dk/adfs/discovery/keys",
        HJEMVEJ_OIDC_END_SESSION_ENDPOINT="https://adfs.kommune.dk/adfs/oauth2/logout",
    )
    assert values["oidc"]["token_endpoint"] == "https://adfs.kommune.dk/adfs/oauth2/token/"
    assert values["form_action"] == ["'self'", "https://adfs.kommune.dk"]


def test_a_client_id_alone_configures_nothing() -> None:
    assert settings_with(HJEMVEJ_OIDC_CLIENT_ID="hjemvej")["oidc"] is None


def test_local_accounts_need_a_second_factor_on_a_database_of_their_own() -> None:
    database = "postgres://postgres@127.0.0.1:5432/hjemvej"
    assert settings_with()["totp"] is False  # the embedded SQLite trial
    assert settings_with(HJEMVEJ_LOCAL_TOTP="1")["totp"] is True
    assert settings_with(DATABASE_URL=database)["totp"] is True
    assert settings_with(DATABASE_URL=database, HJEMVEJ_LOCAL_TOTP="0")["totp"] is False

"""Danish pages for a bad request (400) and a body too large (413) (issue 12, 8e)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_upload_limit_is_documented_and_sensible() -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440  # 2,5 MiB
    with open(settings.BASE_DIR / "docs" / "operations.md", encoding="utf-8") as guide:
        assert "DATA_UPLOAD_MAX_MEMORY_SIZE" in guide.read()


def test_a_body_too_large_gets_a_danish_413(client: Client) -> None:
    client.force_login(factories.user("sara", Role.CASE_WORKER))
    body = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        reverse("citizens:list"),
        data=f"cpr={body}",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "Det, du sendte, er for stort" in page
    assert "Bad Request" not in page


def test_a_bad_request_gets_a_danish_400(client: Client) -> None:
    response = client.get("/", HTTP_HOST="ikke gyldig vært")
    assert response.status_code == 400
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "Forespørgslen kunne ikke bruges" in page
    assert "Bad Request" not in page

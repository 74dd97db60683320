"""Every test of the case file's forms runs on a fixed day, with fast password hashing."""

from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings

from tests.casefile.forms.world import TODAY, World, make_world


@pytest.fixture(autouse=True)
def setup(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world() -> World:
    return make_world()

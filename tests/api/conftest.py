"""The API tests' fixtures: the world (tests/api/world.py) and fresh rate limits."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.api.world import World, make_world


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Each test counts its own requests (the rate limit's counts live in the cache)."""
    cache.clear()


@pytest.fixture
def world(db: None) -> World:
    return make_world()

"""The API tests' fixtures: the world (tests/api/world.py).

The rate limit's counts are rows in the database (``api.RateCount``): each test starts without
any, as it starts without tokens.
"""

from __future__ import annotations

import pytest

from tests.api.world import World, make_world


@pytest.fixture
def world(db: None) -> World:
    return make_world()

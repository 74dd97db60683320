"""What the shelter service tests start from: a case worker, a shelter and a citizen."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.shelters.models import Shelter
from tests import factories


@pytest.fixture
def shelter() -> Shelter:
    return factories.shelter("Herberget")


@pytest.fixture
def citizen(worker: User) -> Citizen:
    return factories.citizen(worker, start=date(2025, 1, 1))

"""Plausible values on support courses: a monthly cost above the maximum is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import Role
from hjemvej.core.errors import DomainError
from hjemvej.support.models import CourseKind, SupportCourse
from hjemvej.support.services import course_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("cost", "refused"), [("250000", False), ("250000.01", True)])
def test_a_course_s_monthly_cost_has_a_maximum(cost: str, refused: bool) -> None:
    worker = factories.user("sagsbehandler", Role.CASE_WORKER)
    citizen = factories.citizen(worker)

    def create() -> SupportCourse:
        return course_create(
            actor=worker,
            citizen=citizen,
            kind=CourseKind.ICM,
            decided_on=date(2026, 2, 1),
            start=date(2026, 2, 1),
            monthly_cost=Decimal(cost),
        )

    if not refused:
        assert create().monthly_cost == Decimal(cost)
        return
    with pytest.raises(DomainError) as caught:
        create()
    assert caught.value.field == "monthly_cost"
    assert "250.000,00 kr." in caught.value.message
    assert not SupportCourse.objects.filter(citizen=citizen).exists()

"""The task that § 176 a's reimbursement ends sees the period a § 107 stay opens (stk. 1, nr. 2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import Role
from hjemvej.followup.tasks.rows import municipality_tasks
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.models import CourseKind
from hjemvej.support.services import course_create
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY


def test_a_sel107_stay_after_the_shelter_opens_the_period_the_task_watches() -> None:
    actor = factories.user("sagsbehandler", Role.CASE_WORKER)
    municipality_id = actor.municipality_id
    assert municipality_id is not None
    citizen = factories.citizen(actor, start=date(2023, 6, 1))
    shelter = factories.shelter("Herberget Øst")
    stay = stay_admit(
        actor=actor, citizen=citizen, shelter=shelter, admitted=date(2024, 1, 10), today=TODAY
    )
    stay_discharge(actor=actor, stay=stay, discharged=date(2024, 3, 1), today=TODAY)
    course_create(
        actor=actor,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2024, 6, 4),
        start=date(2024, 6, 4),
        monthly_cost=Decimal(10000),
    )

    def ending() -> list[date]:
        rows = municipality_tasks(municipality_id=municipality_id, today=date(2026, 2, 1))
        return [r.task.due for r in rows if r.task.kind == "sel176a_end"]

    # Decided after the discharge, without a § 107 stay: no period, no task.
    assert ending() == []
    botilbud_stay_add(
        actor=actor,
        citizen=citizen,
        provider="Botilbuddet Åbo",
        decided_on=date(2024, 2, 20),
        start=date(2024, 3, 1),
        end=date(2024, 6, 1),
        monthly_cost=Decimal(30000),
        today=TODAY,
    )
    # Via the § 107 stay the 2 years count from the discharge: the last day is 28.02.2026.
    assert ending() == [date(2026, 2, 28)]

"""The crowd that the by-name list's filters and sort are tested on, by the page and the query."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen, ListEventReason, Situation
from hjemvej.citizens.services import situation_end
from hjemvej.shelters.models import Shelter
from hjemvej.shelters.services import stay_admit
from hjemvej.support.models import CourseKind
from hjemvej.support.services import contact_add, course_create
from tests import factories

TODAY = factories.TODAY  # 21 November 2026


@pytest.fixture
def home_shelter() -> Shelter:
    return factories.shelter("Herberget i Aarhus", code="751")


@pytest.fixture
def away_shelter() -> Shelter:
    return factories.shelter("Forsorgshjemmet i København", code="101")


@pytest.fixture
def crowd(worker: User, home_shelter: Shelter, away_shelter: Shelter) -> dict[str, Citizen]:
    """Five citizens who differ in every filtered fact.

    Anna: street since 1 Jan 2025, ICM, contact 15 Nov 2026. Bo: sofa since 1 Oct 2026, CTI.
    Carl: street since 1 Jun 2026, on the home shelter since 1 Jul, contact 1 Aug. Dina: street
    since 1 Jan 2026, on the away shelter since 1 Mar. Eva: off the list, housed 1 Oct 2026.
    """
    anna = factories.citizen(worker, first_name="Anna", last_name="Ørsted", start=date(2025, 1, 1))
    bo = factories.citizen(
        worker, first_name="Bo", last_name="Berg", situation=Situation.SOFA, start=date(2026, 10, 1)
    )
    carl = factories.citizen(worker, first_name="Carl", last_name="Ask", start=date(2026, 6, 1))
    dina = factories.citizen(worker, first_name="Dina", last_name="Dahl", start=date(2026, 1, 1))
    eva = factories.citizen(worker, first_name="Eva", last_name="Ege", start=date(2026, 8, 1))
    stay_admit(
        actor=worker, citizen=carl, shelter=home_shelter, admitted=date(2026, 7, 1), today=TODAY
    )
    stay_admit(
        actor=worker, citizen=dina, shelter=away_shelter, admitted=date(2026, 3, 1), today=TODAY
    )
    course_create(
        actor=worker,
        citizen=anna,
        kind=CourseKind.ICM,
        decided_on=date(2026, 1, 1),
        start=date(2026, 1, 1),
    )
    course_create(
        actor=worker,
        citizen=bo,
        kind=CourseKind.CTI,
        decided_on=date(2026, 10, 1),
        start=date(2026, 10, 1),
    )
    contact_add(actor=worker, citizen=anna, on=date(2026, 11, 15), kind="visit", today=TODAY)
    contact_add(actor=worker, citizen=carl, on=date(2026, 8, 1), kind="phone", today=TODAY)
    situation_end(
        actor=worker,
        citizen=eva,
        end=date(2026, 10, 1),
        reason=ListEventReason.HOUSED,
        today=TODAY,
    )
    return {"anna": anna, "bo": bo, "carl": carl, "dina": dina, "eva": eva}

"""Citizens at risk of homelessness are kept off the by-name list, its counts and statistics."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import User
from hjemvej.casefile import selectors
from hjemvej.casefile.selectors import ListFilters
from hjemvej.citizens.models import Citizen, ListEventReason, RiskKind, Situation
from hjemvej.citizens.prevention import citizen_create_at_risk
from hjemvej.citizens.services import situation_add, situation_end
from hjemvej.economy.selectors.support import support_figures
from hjemvej.stats.count_week import count_week, week_of
from hjemvej.stats.flows.selectors import list_flows
from hjemvej.support.contacts import contact_add
from hjemvej.support.models import ContactKind, CourseKind
from hjemvej.support.services import course_create
from tests import factories

TODAY = factories.TODAY  # 21 November 2026
LONG_TERM = 183

pytestmark = pytest.mark.django_db


def _at_risk(worker: User) -> Citizen:
    return citizen_create_at_risk(
        actor=worker,
        acting_municipality=factories.municipality(),
        kind=RiskKind.PRISON_RELEASE,
        noted_on=date(2026, 2, 1),
        expected_on=date(2026, 12, 1),
        today=TODAY,
        alias="Risiko",
    ).citizen


def _ids(worker: User, filters: ListFilters) -> set[int]:
    found = selectors.by_name_list(worker, today=TODAY, filters=filters, long_term_days=LONG_TERM)
    return {citizen.pk for citizen in found}


def test_the_list_shows_no_citizen_at_risk_on_or_off_it(worker: User) -> None:
    listed = factories.citizen(worker, first_name="Listet")
    housed = factories.citizen(worker, first_name="Boligen")
    situation_end(
        actor=worker,
        citizen=housed,
        end=date(2026, 6, 1),
        reason=ListEventReason.HOUSED,
        today=TODAY,
    )
    at_risk = _at_risk(worker)
    assert _ids(worker, ListFilters()) == {listed.pk}
    assert _ids(worker, ListFilters(on_list=None)) == {listed.pk, housed.pk}
    assert _ids(worker, ListFilters(on_list=False)) == {housed.pk}
    assert at_risk.pk not in _ids(worker, ListFilters(on_list=None, q="Risiko"))
    assert selectors.on_list_count(worker, TODAY) == 1


def test_the_flows_and_the_count_week_do_not_count_a_citizen_at_risk(worker: User) -> None:
    factories.citizen(worker, first_name="Listet")
    at_risk = _at_risk(worker)
    contact_add(
        actor=worker, citizen=at_risk, on=date(2026, 2, 3), kind=ContactKind.VISIT, today=TODAY
    )
    citizens = Citizen.objects.all()
    flows = list_flows(citizens, first=date(2026, 1, 1), last=date(2026, 2, 1), as_of=TODAY)
    assert [m.on_list_end for m in flows.months] == [1, 1]
    assert [m.inflow for m in flows.months] == [1, 0]
    week = count_week(factories.municipality().pk, week_of(2026, 6), today=TODAY)
    assert at_risk.pk not in {c.citizen_id for c in week.counted}


def test_a_citizen_at_risk_may_have_a_section_85_course(worker: User) -> None:
    """§ 85 a support for a citizen at risk: no situation and no stay is needed."""
    at_risk = _at_risk(worker)
    course = course_create(
        actor=worker,
        citizen=at_risk,
        kind=CourseKind.SEL85,
        decided_on=date(2026, 2, 10),
        start=date(2026, 2, 15),
        worker=worker,
        monthly_cost=Decimal("4000"),
    )
    assert course.citizen_id == at_risk.pk
    assert _ids(worker, ListFilters(on_list=None, method=CourseKind.SEL85)) == set()


def test_section_176a_reimburses_no_support_of_a_citizen_only_at_risk(worker: User) -> None:
    """The engine as it is: the extension reaches citizens in a situation, not at risk of one."""
    at_risk = _at_risk(worker)
    homeless = _at_risk(worker)
    situation_add(
        actor=worker,
        citizen=homeless,
        situation=Situation.SOFA,
        start=date(2026, 7, 1),
        today=TODAY,
    )
    for citizen in (at_risk, homeless):
        course_create(
            actor=worker,
            citizen=citizen,
            kind=CourseKind.ICM,
            decided_on=date(2026, 7, 10),
            start=date(2026, 7, 15),
            worker=worker,
            monthly_cost=Decimal("8000"),
        )
    figures = support_figures(factories.municipality().pk, year=2026, today=TODAY)
    reimbursed = {line.citizen_pk: line.reimbursement for line in figures.lines}
    assert reimbursed[at_risk.pk] == 0
    assert reimbursed[homeless.pk] > 0

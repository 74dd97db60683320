"""The support selectors: a course's structure, the task engine's helpers, continuity, caseload."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjemvej.accounts.models import Role
from hjemvej.casefile.services import citizen_merge
from hjemvej.citizens.models import Citizen
from hjemvej.support import selectors
from hjemvej.support.models import CourseKind, SupportCourse
from hjemvej.support.services import (
    caseload_limit_set,
    course_create,
    course_review_add,
    cti_assessment_record,
)
from tests import factories
from tests.support.conftest import TODAY, World, move_in

pytestmark = pytest.mark.django_db


def new_course(world: World, citizen: Citizen | None = None, **kwargs: Any) -> SupportCourse:
    values: dict[str, Any] = {
        "actor": world.users[Role.CASE_WORKER],
        "citizen": citizen or world.other,
        "kind": CourseKind.CTI,
        "decided_on": date(2026, 1, 1),
        "start": date(2026, 1, 1),
    }
    return course_create(**(values | kwargs))


# --- course_structure ---------------------------------------------------------------------------


def test_a_cti_course_in_phase_3_with_its_assessment_open(world: World) -> None:
    found = selectors.course_structure(world.cti, TODAY)
    assert (found.status, found.is_open) == ("Igangværende", True)
    cti = found.cti
    assert cti is not None
    assert [(r.phase.number, r.phase.start, r.last_day, r.current) for r in cti.rows] == [
        (0, date(2026, 1, 20), date(2026, 2, 28), False),
        (1, date(2026, 3, 1), date(2026, 5, 31), False),
        (2, date(2026, 6, 1), date(2026, 8, 31), False),
        (3, date(2026, 9, 1), date(2026, 11, 30), True),
    ]
    assert cti.phase_today == "Fase 3: overdragelse til borger og netværk"
    assert (cti.assessment_open, cti.assessment_overdue, cti.assessment_due) == (
        True,
        False,
        date(2026, 11, 30),
    )
    assert not cti.end_overdue
    assert not cti.no_lease_before_phase1
    assert [m.kind for m in cti.milestones] == ["assessment", "planned_end"]
    assert found.before_move is not None
    assert found.before_move.met
    assert {p.name for p in found.parameters} == {
        "support.cti.phase_months",
        "support.cti.phase_count",
        "support.before_move.months",
    }


def test_a_cti_course_past_its_planned_end(world: World) -> None:
    later = selectors.course_structure(world.cti, date(2026, 12, 2))
    assert later.cti is not None
    assert later.cti.phase_today == "Efter fase 3: forløbet skulle være afsluttet"
    assert later.cti.end_overdue
    assert later.cti.assessment_overdue


def test_phase_1_without_a_known_lease_is_flagged(world: World) -> None:
    course = new_course(world, phase1_start=date(2026, 2, 1))
    found = selectors.course_structure(course, TODAY)
    assert found.cti is not None
    assert found.cti.no_lease_before_phase1
    move_in(
        world.users[Role.CASE_WORKER], world.other, signed=date(2026, 2, 1), moved=date(2026, 3, 1)
    )
    assert not selectors.course_structure(course, TODAY).cti.no_lease_before_phase1  # type: ignore[union-attr]


def test_a_recorded_assessment_closes_it(world: World) -> None:
    cti_assessment_record(
        actor=world.users[Role.CASE_WORKER],
        course=world.cti,
        assessed_on=date(2026, 11, 1),
        future_need="network",
        today=TODAY,
    )
    found = selectors.course_structure(world.cti, TODAY)
    assert found.cti is not None
    assert found.cti.assessment is not None
    assert not found.cti.assessment_open
    assert [m.kind for m in found.cti.milestones] == ["planned_end"]


def test_an_ended_review_course_has_no_next_review(world: World) -> None:
    ended = new_course(world, kind=CourseKind.ACT, end=date(2026, 6, 1))
    found = selectors.course_structure(ended, TODAY)
    assert found.review is not None
    assert (found.review.next_due, found.review.overdue, found.status) == (None, False, "Afsluttet")
    icm = selectors.course_structure(world.icm, TODAY)
    assert icm.review is not None
    assert icm.review.overdue
    assert icm.review.next_due is not None
    assert icm.review.next_due.defaulted


# --- cti_milestones and review_due (for the task engine) ----------------------------------------


def test_cti_milestones_for_many_courses_in_one_query(world: World) -> None:
    new_course(world, phase1_start=date(2026, 10, 1))  # in phase 1 today
    new_course(world, citizen=world.citizen, start=date(2026, 11, 1), decided_on=date(2026, 11, 1))
    courses = list(SupportCourse.objects.filter(kind=CourseKind.CTI).order_by("start", "id"))
    with CaptureQueriesContext(connection) as queries:
        found = selectors.cti_milestones(courses, TODAY)
    assert len(queries.captured_queries) == 1
    rows = sorted((m.citizen_id, m.kind, m.due, m.worker_id) for m in found)
    support = world.users[Role.SUPPORT_WORKER].pk
    assert rows == [
        (world.citizen.pk, "assessment", date(2026, 11, 30), support),
        (world.citizen.pk, "planned_end", date(2026, 12, 1), support),
        (world.other.pk, "assessment", date(2027, 6, 30), None),
        (world.other.pk, "phase_start", date(2027, 1, 1), None),
        (world.other.pk, "planned_end", date(2027, 7, 1), None),
    ]


def test_review_due_uses_the_stored_date_and_flags_the_default(world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    act = new_course(world, kind=CourseKind.ACT, next_review=date(2026, 12, 24))
    ended = new_course(world, kind=CourseKind.M_ACT, end=date(2026, 3, 1))  # review after its end
    reviewed = new_course(
        world, kind=CourseKind.ICM, start=date(2026, 2, 1), decided_on=date(2026, 2, 1)
    )
    course_review_add(actor=case, course=reviewed, held_on=date(2026, 10, 15), today=TODAY)
    reviewed.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        found = selectors.review_due([world.cti, world.icm, act, ended, reviewed])
    assert len(queries.captured_queries) == 1
    assert [(r.course_id, r.due, r.defaulted) for r in found] == [
        (world.icm.pk, date(2026, 7, 1), True),
        (act.pk, date(2026, 12, 24), False),
        (reviewed.pk, date(2027, 1, 15), True),
    ]
    assert found[0].parameter is not None
    assert found[0].parameter.status == "assumed"


# --- continuity ---------------------------------------------------------------------------------


def test_continuity_names_the_workers(world: World) -> None:
    courses = list(world.citizen.courses.select_related("worker").order_by("start"))
    lines = selectors.continuity(courses)
    assert [line.text for line in lines] == [
        "Støtte- og kontaktperson (§ 99) → CTI (§ 85 a): samme medarbejder (Support_worker)."
    ]
    icm = new_course(
        world,
        citizen=world.citizen,
        kind=CourseKind.ICM,
        start=date(2026, 12, 1),
        decided_on=date(2026, 11, 20),
        worker=world.users["colleague"],
    )
    courses = [*courses, icm]
    assert selectors.continuity(courses)[-1].text == (
        "CTI (§ 85 a) → ICM (§ 85 a): ny medarbejder (Support_worker → Kollega)."
    )


# --- caseload -----------------------------------------------------------------------------------


def cells(found: selectors.Caseload, name: str) -> dict[str, int]:
    row = next(r for r in found.rows if r.name == name)
    return {c.kind: c.count for c in row.cells if c.count}


def test_caseload_counts_citizens_with_a_course_open_today(world: World) -> None:
    town = factories.municipality().pk
    support = world.users[Role.SUPPORT_WORKER]
    new_course(
        world, worker=support, start=date(2026, 11, 22), decided_on=date(2026, 11, 1)
    )  # not yet
    new_course(world, worker=support, end=TODAY)  # ended today: [start, end)
    new_course(world, citizen=world.citizen, kind=CourseKind.SEL85, worker=support)
    new_course(world, kind=CourseKind.SEL85)  # no worker
    found = selectors.caseload(town, TODAY)
    assert cells(found, "Support_worker") == {"cti": 1, "sel85": 1}
    assert cells(found, "Kollega") == {"icm": 1}
    assert cells(found, "Ikke fordelt") == {"sel85": 1}
    totals = {kind: total for (kind, _), total in zip(found.kinds, found.totals, strict=True)}
    assert totals == {"sel85": 2, "cti": 1, "icm": 1, "act": 0, "m_act": 0, "sel99": 0}
    # The municipality's support workers are listed also without citizens; case workers are not.
    names = {r.name for r in found.rows}
    assert "Case_worker" not in names
    assert factories.user("ny", Role.SUPPORT_WORKER).username == "ny"
    assert "Ny" in {r.name for r in selectors.caseload(town, TODAY).rows}


def test_caseload_leaves_out_other_municipalities_and_follows_merges(world: World) -> None:
    case = world.users[Role.CASE_WORKER]
    duplicate = factories.citizen(case, first_name="Dobbelt")
    new_course(world, citizen=duplicate, kind=CourseKind.ICM, worker=world.users["colleague"])
    citizen_merge(actor=case, source=duplicate, target=world.other)  # one citizen, counted once
    course_create(
        actor=world.users["stranger"],
        citizen=world.outside,
        kind=CourseKind.ACT,
        decided_on=date(2026, 1, 1),
        start=date(2026, 1, 1),
        worker=world.users["colleague"],
    )
    found = selectors.caseload(factories.municipality().pk, TODAY)
    assert cells(found, "Kollega") == {"icm": 1}


def test_a_support_workers_own_line_and_the_limits(world: World) -> None:
    town = factories.municipality()
    support = world.users[Role.SUPPORT_WORKER]
    caseload_limit_set(
        actor=world.users[Role.MANAGER], municipality=town, kind="cti", max_citizens=1
    )
    new_course(world, worker=support)
    found = selectors.caseload(town.pk, TODAY, worker=support)
    assert [r.name for r in found.rows] == ["Support_worker"]
    row = found.rows[0]
    assert row.over
    assert found.over_count == 1
    cti = next(c for c in row.cells if c.kind == "cti")
    assert (cti.count, cti.limit.limit, cti.limit.source, cti.over) == (2, 1, "municipality", True)
    assert [limit.method for limit, _ in found.not_enacted] == ["icm", "act", "m_act"]


@pytest.mark.parametrize("courses", [10, 100])
def test_caseload_takes_three_queries_however_many_courses(world: World, courses: int) -> None:
    case = world.users[Role.CASE_WORKER]
    workers = [factories.user(f"medarbejder{i}", Role.SUPPORT_WORKER) for i in range(5)]
    people = [factories.citizen(case, first_name=f"Borger{i}") for i in range(10)]
    kinds = [CourseKind.CTI, CourseKind.ICM, CourseKind.ACT, CourseKind.M_ACT, CourseKind.SEL85]
    expected: set[tuple[int | None, str, int]] = {
        (world.users[Role.SUPPORT_WORKER].pk, "cti", world.citizen.pk),
        (world.users["colleague"].pk, "icm", world.other.pk),
    }
    for i in range(courses):
        worker = workers[i % 5] if i % 7 else None
        course_create(
            actor=case,
            citizen=people[i % 10],
            kind=kinds[i % 5],
            decided_on=date(2026, 1, 1),
            start=date(2026, 1, 1),
            worker=worker,
        )
        expected.add((worker.pk if worker else None, kinds[i % 5], people[i % 10].pk))
    town = factories.municipality().pk
    with CaptureQueriesContext(connection) as queries:
        found = selectors.caseload(town, TODAY)
    assert len(queries.captured_queries) == 3
    assert sum(row.total for row in found.rows) == len(expected)

"""From rows built through the services to tasks: the facts, the rules, who, and who sees them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hjemvej.citizens.services import citizen_assign_case_worker
from hjemvej.followup.models import Task
from hjemvej.followup.task_services import task_done
from hjemvej.followup.tasks import (
    UNASSIGNED,
    TaskRow,
    citizen_names,
    municipality_tasks,
    open_tasks,
    weekly_rows,
)
from hjemvej.shelters.services import stay_admit
from hjemvej.support.services import contact_add, cti_assessment_record
from tests import factories
from tests.followup.tasks.conftest import TODAY, World, build_world, plan

pytestmark = pytest.mark.django_db

D = date

#: Every task the case worker sees on 21.11.2026: citizen, kind, due, status, who.
MUNICIPALITY = {
    ("Anna", "action_plan_missing", D(2026, 1, 29), "overdue", "Sara"),
    ("Carla", "prison_housing", D(2026, 7, 31), "overdue", UNASSIGNED),
    ("Anna", "shelter_notice", D(2026, 11, 19), "overdue", "Herberget Ude"),
    ("Anna", "manual", D(2026, 11, 21), "due_soon", "Carl"),
    ("Anna", "weekly_contact", D(2026, 11, 25), "due_soon", "Sara"),
    ("Carla", "prison_action_plan", D(2026, 11, 29), "due_soon", UNASSIGNED),
    ("Fie", "reimbursed_days", D(2026, 11, 30), "due_soon", UNASSIGNED),
    ("Dorte", "tenancy_risk", D(2026, 11, 30), "due_soon", UNASSIGNED),
    ("Gert", "course_review", D(2026, 12, 1), "due_soon", "Bo"),
    ("Bent", "no_contact", D(2026, 12, 1), "due_soon", "Bo"),
    ("Carla", "no_contact", D(2026, 12, 1), "due_soon", UNASSIGNED),
    ("Carla", "prison_establishment", D(2027, 1, 31), "open", UNASSIGNED),
    ("Bent", "cti_assessment", D(2027, 2, 14), "open", "Bo"),
    ("Gert", "sel176a_end", D(2027, 2, 14), "open", UNASSIGNED),
}


def table(world: World, rows: list[TaskRow]) -> set[tuple[str, str, date, str, str]]:
    names = {c.pk: name for name, c in world.citizens.items()}
    return {(names[r.citizen_id], r.kind, r.due, r.status, r.responsible_name) for r in rows}


def test_the_case_worker_sees_every_task_of_the_municipality(world: World) -> None:
    rows = open_tasks(user=world.users["sara"], today=TODAY)
    assert table(world, rows) == MUNICIPALITY
    assert [r.due for r in rows] == sorted(r.due for r in rows)
    assert open_tasks(user=world.users["lene"], today=TODAY) == rows  # the manager: the same
    by_kind = {r.kind: r for r in rows}
    assert by_kind["weekly_contact"].team == "Hjemløseteamet"
    assert by_kind["manual"].task_pk == Task.objects.get().pk
    assert by_kind["cti_assessment"].pseudonym == world.citizens["Bent"].pseudonym
    assert all(r.name == "" for r in rows)  # names are added only for the page


def test_mine_keeps_the_users_own_tasks(world: World) -> None:
    mine = open_tasks(user=world.users["sara"], today=TODAY, mine=True)
    assert {(r.kind, r.citizen_id) for r in mine} == {
        ("action_plan_missing", world.pk("Anna")),
        ("weekly_contact", world.pk("Anna")),
    }
    carl = open_tasks(user=world.users["carl"], today=TODAY, mine=True)
    assert [r.kind for r in carl] == ["manual"]


def test_the_support_worker_sees_the_tasks_of_their_citizens(world: World) -> None:
    rows = open_tasks(user=world.users["bo"], today=TODAY)
    assert table(world, rows) == {t for t in MUNICIPALITY if t[0] in ("Bent", "Gert")}
    assert {r.kind for r in open_tasks(user=world.users["bo"], today=TODAY, mine=True)} == {
        "course_review",
        "no_contact",
        "cti_assessment",
    }


def test_shelter_staff_see_only_their_shelters_notices(world: World) -> None:
    rows = open_tasks(user=world.users["ulla"], today=TODAY)
    assert table(world, rows) == {
        ("Anna", "shelter_notice", D(2026, 11, 19), "overdue", "Herberget Ude"),
        ("Ude", "shelter_notice", D(2026, 11, 24), "due_soon", "Herberget Ude"),
    }
    assert open_tasks(user=world.users["ulla"], today=TODAY, mine=True) == rows
    assert open_tasks(user=world.users["inge"], today=TODAY) == []  # Fie was notified


def test_no_tasks_outside_the_scope_or_without_the_right(world: World) -> None:
    other = open_tasks(user=world.users["fremmed"], today=TODAY)
    assert {r.citizen_id for r in other} == {world.pk("Ude")}
    assert open_tasks(user=world.users["oskar"], today=TODAY) == []
    assert open_tasks(user=world.users["adam"], today=TODAY) == []


def test_one_citizens_tasks_for_the_tab(world: World) -> None:
    anna = world.citizens["Anna"]
    rows = open_tasks(user=world.users["sara"], today=TODAY, citizen=anna)
    assert {r.kind for r in rows} == {
        "action_plan_missing",
        "shelter_notice",
        "manual",
        "weekly_contact",
    }
    assert open_tasks(user=world.users["bo"], today=TODAY, citizen=anna) == []
    ude = world.citizens["Ude"]
    assert open_tasks(user=world.users["sara"], today=TODAY, citizen=ude) == []


def test_tasks_close_when_the_case_data_change(world: World) -> None:
    sara, bo = world.users["sara"], world.users["bo"]
    anna, bent = world.citizens["Anna"], world.citizens["Bent"]
    contact_add(actor=sara, citizen=anna, on=TODAY, kind="visit", today=TODAY)
    plan(sara, anna, meeting_on=TODAY, review_by=date(2027, 5, 1))
    task_done(actor=world.users["carl"], task=Task.objects.get(), today=TODAY)
    cti_assessment_record(
        actor=sara,
        course=world.courses["bent"],
        assessed_on=TODAY,
        future_need="network",
        today=TODAY,
    )
    contact_add(actor=bo, citizen=bent, on=TODAY, kind="visit", today=TODAY)
    kinds = {
        r.kind for r in open_tasks(user=sara, today=TODAY) if r.citizen_id in (anna.pk, bent.pk)
    }
    assert kinds == {"shelter_notice", "weekly_contact"}
    weekly = next(r for r in open_tasks(user=sara, today=TODAY) if r.kind == "weekly_contact")
    assert weekly.due == D(2026, 11, 28)


def test_a_new_case_worker_takes_the_case_tasks(world: World) -> None:
    carla = world.citizens["Carla"]
    citizen_assign_case_worker(
        actor=world.users["sara"], citizen=carla, case_worker=world.users["carl"]
    )
    rows = [r for r in open_tasks(user=world.users["carl"], today=TODAY, mine=True)]
    assert {r.kind for r in rows if r.citizen_id == carla.pk} == {
        "prison_housing",
        "prison_action_plan",
        "no_contact",
        "prison_establishment",
    }


def test_the_weekly_list_of_external_stays(world: World) -> None:
    rows = weekly_rows(user=world.users["sara"], today=TODAY)
    assert [(r.citizen_id, r.shelter_name, r.admitted, r.last_contact) for r in rows] == [
        (world.pk("Anna"), "Herberget Ude", D(2026, 11, 16), D(2026, 11, 18))
    ]
    assert (rows[0].task.due, rows[0].task.status) == (D(2026, 11, 25), "due_soon")
    assert weekly_rows(user=world.users["bo"], today=TODAY) == []
    # Ulla's shelter is in Ude's own municipality: Ude is not on an external shelter.
    assert [r.citizen_id for r in weekly_rows(user=world.users["ulla"], today=TODAY)] == [
        world.pk("Anna")
    ]
    assert weekly_rows(user=world.users["oskar"], today=TODAY) == []


def test_names_only_for_users_who_see_citizens(world: World) -> None:
    ids = [world.pk("Anna"), world.pk("Ude")]
    assert citizen_names(world.users["sara"], ids) == {world.pk("Anna"): "Anna Testesen"}
    assert citizen_names(world.users["oskar"], ids) == {}


def test_the_command_lines_view_of_a_municipality(world: World) -> None:
    rows = municipality_tasks(municipality_id=factories.municipality().pk, today=TODAY)
    assert table(world, rows) == MUNICIPALITY


def test_queries_do_not_grow_with_the_citizens() -> None:
    world = build_world()
    sara = world.users["sara"]

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            open_tasks(user=sara, today=TODAY)
        return len(captured)

    open_tasks(user=sara, today=TODAY)  # warm the § 177 memo with this data
    first = count()
    more = build_more(world)
    assert more > 10
    open_tasks(user=sara, today=TODAY)
    assert count() == first


def build_more(world: World) -> int:
    """Add citizens of every kind again; return how many."""
    sara = world.users["sara"]
    made = 0
    for n in range(12):
        citizen = factories.citizen(sara, first_name=f"Ny{n}", last_name="Testesen")
        if n % 3 == 0:
            stay_admit(
                actor=sara,
                citizen=citizen,
                shelter=world.outside if n % 2 else world.inside,
                admitted=D(2026, 11, 1),
                today=TODAY,
            )
        contact_add(actor=sara, citizen=citizen, on=D(2026, 11, 2), kind="phone", today=TODAY)
        made += 1
    return made


@pytest.mark.parametrize("kind", sorted({t[1] for t in MUNICIPALITY}))
def test_one_kind_reads_only_its_facts_and_gives_the_same_tasks(world: World, kind: str) -> None:
    sara = world.users["sara"]
    every = open_tasks(user=sara, today=TODAY)
    with CaptureQueriesContext(connection) as all_queries:
        open_tasks(user=sara, today=TODAY)
    with CaptureQueriesContext(connection) as kind_queries:
        only = open_tasks(user=sara, today=TODAY, kinds=[kind])
    assert only == [r for r in every if r.kind == kind]
    assert len(kind_queries) < len(all_queries)

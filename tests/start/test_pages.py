"""Each role's start page: its sections and links, not the others', the audit, and the queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hjemvej.accounts.models import AuditAction, AuditEntry, Municipality, Role
from hjemvej.followup.task_services import task_create
from hjemvej.start.sections import SHOWN
from tests import factories
from tests.start.world import TODAY, World, add, build_world

pytestmark = pytest.mark.django_db

#: The headings each role's start page shows; every other role's must be absent.
SECTIONS: dict[str, list[str]] = {
    Role.CASE_WORKER: [
        "Mine borgere",
        "Det skal du nå denne uge",
        "Underretninger fra boformer",
        "Tæt på loftet over refunderede døgn",
        "Ikke fordelte opgaver",
    ],
    Role.SHELTER_STAFF: [
        "Beboere i nat",
        "Handlekommunen skal underrettes",
        "Forventede udskrivninger",
    ],
    Role.SUPPORT_WORKER: ["Mine forløb", "Kontakter, der skal tages"],
    Role.MANAGER: ["By-name-listen", "Overskredne frister pr. team", "Udgifter i 2026"],
    Role.ECONOMIST: ["Årets tal, 2026", "Økonomien"],
    Role.ADMIN: ["Administration"],
}
#: The links each role's start page must have, and links it must not have.
LINKS: dict[str, list[str]] = {
    Role.CASE_WORKER: ['href="/borgere/ny/"', 'href="/borgere/indskriv/"', "/opgaver/?vis=alle"],
    Role.SHELTER_STAFF: ['href="/borgere/indskriv/"'],
    Role.SUPPORT_WORKER: ["/opgaver/?vis=mine"],
    Role.MANAGER: ['href="/borgere/"', 'href="/oekonomi/"', "status=overdue"],
    Role.ECONOMIST: ['href="/oekonomi/tal/"', 'href="/oekonomi/refusion/"'],
    Role.ADMIN: ['href="/adgang/log/"', 'href="/admin/"', 'href="/api-noegler/"'],
}
NEVER: dict[str, list[str]] = {
    Role.SHELTER_STAFF: ['href="/borgere/ny/"'],
    Role.SUPPORT_WORKER: ['href="/borgere/ny/"', 'href="/borgere/indskriv/"'],
    Role.MANAGER: ['href="/borgere/ny/"', 'href="/borgere/indskriv/"', 'href="/api-noegler/"'],
    Role.ECONOMIST: ['href="/borgere/ny/"', 'href="/borgere/indskriv/"', "Borger000"],
    Role.ADMIN: ['href="/borgere/ny/"', 'href="/borgere/indskriv/"', "Borger000"],
}


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


@pytest.fixture
def world() -> World:
    return build_world()


def page_of(client: Client, world: World, role: str) -> str:
    client.force_login(world.users[role])
    response = client.get("/")
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.parametrize("role", list(SECTIONS))
def test_each_role_sees_its_own_sections_and_links(client: Client, world: World, role: str) -> None:
    page = page_of(client, world, role)
    for heading in SECTIONS[role]:
        assert f">{heading}</h2>" in page or f">{heading}</h3>" in page, heading
    for other, headings in SECTIONS.items():
        if other != role:
            for heading in set(headings) - set(SECTIONS[role]):
                assert f">{heading}</h2>" not in page, (other, heading)
    for link in LINKS[role]:
        assert link in page, link
    for link in NEVER.get(role, []):
        assert link not in page, link
    assert "shelter.reimbursement.day_cap" not in page  # the parameters are on /regler/
    assert 'href="/regler/"' in page


def test_the_case_worker_sees_their_citizens_and_what_is_due(client: Client, world: World) -> None:
    page = page_of(client, world, Role.CASE_WORKER)
    assert "ansvarlig sagsbehandler for <strong>2</strong> borgere" in page
    assert "Ring til borgeren" in page
    assert "Borger000 Start" in page
    assert "Ikke underrettet, fristen udløb" in page  # admitted 2 November, never notified
    named = AuditEntry.objects.filter(action=AuditAction.VIEW, detail__page="start")
    assert factories.citizens_named(named) == {c.pk for c in world.citizens}


def test_the_shelter_staff_see_residents_notices_and_moves(client: Client, world: World) -> None:
    page = page_of(client, world, Role.SHELTER_STAFF)
    assert "<strong>2</strong> beboere på Herberget Hjem" in page
    assert f'href="/boformer/{world.shelter.pk}/"' in page
    assert "Borger000 Start</a>: indflytning 01.12.2026" in page
    assert "Ring til borgeren" not in page  # not their task


def test_the_support_worker_sees_their_courses(client: Client, world: World) -> None:
    page = page_of(client, world, Role.SUPPORT_WORKER)
    assert "Borger000 Start</a>:" in page
    assert "Borger001 Start" in page


def test_the_support_worker_sees_the_first_courses_by_name_and_how_many(
    client: Client, world: World
) -> None:
    add(world, 12)  # 14 courses in all
    page = page_of(client, world, Role.SUPPORT_WORKER)
    courses = page.split('id="courses-heading"', 1)[1].split("</section>", 1)[0]
    shown = re.findall(r"(Borger\d{3}) Start</a>:", courses)
    assert shown == [f"Borger{i:03d}" for i in range(SHOWN)]  # the first ten, by name
    assert "14 forløb i alt." in courses
    named = AuditEntry.objects.filter(action=AuditAction.VIEW, detail__page="start")
    by_name = {c.first_name: c.pk for c in world.citizens}
    assert {by_name[name] for name in shown} <= factories.citizens_named(named)


def test_the_manager_sees_the_list_flow_overdue_and_cost(client: Client, world: World) -> None:
    page = page_of(client, world, Role.MANAGER)
    assert "<strong>2</strong> borgere på listen i dag" in page
    assert "Udgift til ophold på boformer" in page
    assert "Nettoudgift" in page
    assert "Borger000" not in page  # figures, not names


def test_the_economist_sees_figures_and_the_economy(client: Client, world: World) -> None:
    page = page_of(client, world, Role.ECONOMIST)
    assert "Statsrefusion" in page
    assert 'href="/oekonomi/scenarier/"' in page


def test_signed_out_users_go_to_the_login(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


#: The most queries each start page may make, however many citizens (2 or 16 here). The
#: manager's page reads the year's figures along PostgreSQL's own path, two queries more there.
#: The § 177 figures read the stays of citizens who crossed a border in a query of their own
#: (``stats.stays.load_stays``): one each for the manager and the economist. The tasks' facts read
#: the § 107 botilbud stays with the § 110 stays (``followup.tasks.facts``): one more for the case
#: worker's and the manager's tasks.
MAX_QUERIES: dict[str, int] = {
    Role.CASE_WORKER: 30 + factories.AUDIT_CHAIN_QUERIES,
    Role.SHELTER_STAFF: 7 + factories.AUDIT_CHAIN_QUERIES,
    Role.SUPPORT_WORKER: 12 + factories.AUDIT_CHAIN_QUERIES,
    Role.MANAGER: 29,
    Role.ECONOMIST: 6,
    Role.ADMIN: 2,
}


@pytest.mark.parametrize("role", list(SECTIONS))
def test_the_queries_do_not_grow_with_the_data(client: Client, world: World, role: str) -> None:
    client.force_login(world.users[role])
    counts = []
    for extra in (0, 14):
        add(world, extra)
        cache.clear()  # the § 177 memo: count a first load, whatever ran before
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= MAX_QUERIES[role], counts


def test_deadlines_before_the_municipality_began_are_not_the_case_workers_work(
    client: Client, world: World
) -> None:
    worker = world.users[Role.CASE_WORKER]
    task_create(
        actor=worker,
        citizen=world.citizens[0],
        title="Gammel frist fra før Hjemvej",
        due=TODAY - timedelta(days=10),
        today=TODAY - timedelta(days=20),
    )
    assert "Gammel frist fra før Hjemvej" in page_of(client, world, Role.CASE_WORKER)
    assert worker.municipality_id is not None
    Municipality.objects.filter(pk=worker.municipality_id).update(
        started_on=TODAY - timedelta(days=5)
    )
    page = page_of(client, world, Role.CASE_WORKER)
    assert "Gammel frist fra før Hjemvej" not in page
    assert "Ring til borgeren" in page  # due today, after the start: still work


def test_the_overview_of_the_whole_municipality_is_kept_and_says_when(
    client: Client, world: World
) -> None:
    # Overdue tasks per team and this year's cost are computed over the whole municipality, then
    # kept OVERVIEW_SECONDS; the page says when they were counted. A case worker's own tasks are
    # never kept: a task written now is on their start page at once.
    cache.clear()
    first = page_of(client, world, Role.MANAGER)
    assert re.search(r"Optalt kl\. \d\d\.\d\d for hele kommunen", first)
    assert re.search(r"Beregnet kl\. \d\d\.\d\d", first)
    before = re.findall(r"status=overdue[^\"]*\">([^<]+)</a>", first)
    worker = world.users[Role.CASE_WORKER]
    task_create(
        actor=worker,
        citizen=world.citizens[0],
        title="Ny overskredet opgave",
        due=TODAY - timedelta(days=1),
        today=TODAY - timedelta(days=2),
    )
    with CaptureQueriesContext(connection) as queries:
        kept = page_of(client, world, Role.MANAGER)
    assert re.findall(r"status=overdue[^\"]*\">([^<]+)</a>", kept) == before
    assert len(queries.captured_queries) < MAX_QUERIES[Role.MANAGER] - 5
    assert "Ny overskredet opgave" in page_of(client, world, Role.CASE_WORKER)
    cache.clear()  # as after five minutes
    counted = page_of(client, world, Role.MANAGER)
    assert re.findall(r"status=overdue[^\"]*\">([^<]+)</a>", counted) != before

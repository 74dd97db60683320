"""Task triage on /opgaver/: overdue, this week, later; old deadlines collapsed; unassigned seen.

The world's day is Saturday 21 November 2026, so "denne uge" is Saturday 21 and Sunday 22
(Danish weeks run Monday to Sunday) and Monday 23 is "senere".
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjemvej.accounts.models import Municipality, Role
from hjemvej.followup.models import Task
from hjemvej.followup.task_services import task_create
from hjemvej.followup.tasks.listing import LATER, OVERDUE, THIS_WEEK, group_of, week_end
from tests.followup.tasks.conftest import TODAY, World, _user
from tests.followup.tasks.test_pipeline import build_more

pytestmark = pytest.mark.django_db

TASKS = reverse("followup:task_list")
STARTED = date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


def page(client: Client, world: World, name: str, query: dict[str, str] | None = None) -> str:
    client.force_login(world.users[name])
    response: HttpResponseBase = client.get(TASKS, query or {})
    assert isinstance(response, HttpResponse)
    assert response.status_code == 200
    return response.content.decode()


def sections(html: str) -> dict[str, str]:
    """Return each group's heading (with its count) and the HTML of its rows."""
    found = {}
    for body in (part.split("</tbody>")[0] for part in html.split("<tbody")[1:]):
        heading = re.search(r'<th scope="colgroup"[^>]*>\s*(?:<[^>]+>\s*)*([^<]+)', body)
        assert heading is not None, body[:200]
        found[" ".join(heading.group(1).split())] = body
    return found


def started(on: date | None) -> None:
    Municipality.objects.filter(code="751").update(started_on=on)


def weekend_tasks(world: World) -> None:
    """A task due Sunday (this week) and one due Monday (next week), both for Carl."""
    carl, anna = world.users["carl"], world.citizens["Anna"]
    task_create(
        actor=carl, citizen=anna, title="Søndagsopgave", due=date(2026, 11, 22), today=TODAY
    )
    task_create(
        actor=carl, citizen=anna, title="Mandagsopgave", due=date(2026, 11, 23), today=TODAY
    )
    Task.objects.filter(title__in=["Søndagsopgave", "Mandagsopgave"]).update(assignee=carl)


# --- the groups at the week's boundaries -------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "due", "group"),
    [
        (date(2026, 11, 21), date(2026, 11, 20), OVERDUE),  # Saturday: yesterday
        (date(2026, 11, 21), date(2026, 11, 21), THIS_WEEK),  # today
        (date(2026, 11, 21), date(2026, 11, 22), THIS_WEEK),  # Sunday ends the week
        (date(2026, 11, 21), date(2026, 11, 23), LATER),  # Monday begins the next
        (date(2026, 11, 16), date(2026, 11, 22), THIS_WEEK),  # Monday: the whole week ahead
        (date(2026, 11, 16), date(2026, 11, 23), LATER),
        (date(2026, 11, 22), date(2026, 11, 22), THIS_WEEK),  # Sunday: only today
        (date(2026, 11, 22), date(2026, 11, 23), LATER),
        (date(2026, 11, 22), date(2026, 11, 21), OVERDUE),
    ],
)
def test_the_group_of_a_due_date(today: date, due: date, group: str) -> None:
    assert group_of(due, today) == group


def test_the_week_ends_on_sunday() -> None:
    assert week_end(date(2026, 11, 16)) == date(2026, 11, 22)
    assert week_end(date(2026, 11, 21)) == date(2026, 11, 22)
    assert week_end(date(2026, 11, 22)) == date(2026, 11, 22)


def test_the_list_is_grouped_with_counts_in_the_headings(client: Client, world: World) -> None:
    weekend_tasks(world)
    found = sections(page(client, world, "lene"))
    assert list(found) == ["Overskredet (3)", "Denne uge (2)", "Senere (11)"]
    assert "Søndagsopgave" in found["Denne uge (2)"]
    assert "Ring til boformen" in found["Denne uge (2)"]  # due today
    assert "Mandagsopgave" in found["Senere (11)"]
    assert "Underret handlekommunen" in found["Overskredet (3)"]  # due Thursday


def test_rows_are_compact_one_per_task_without_a_heading_per_day(
    client: Client, world: World
) -> None:
    html = page(client, world, "lene")
    assert html.count('scope="colgroup"') == 3  # the three groups, no heading per due date
    assert "Torsdag 19. november 2026" not in html
    assert "task-day" not in html
    rows = [r for body in sections(html).values() for r in body.split("<tr")[2:]]
    assert len(rows) == 14  # one row per task
    assert all(r.count("<strong>") == 1 for r in rows)


# --- deadlines before the municipality began using Hjemvej -------------------------------------


def test_old_deadlines_are_collapsed_behind_a_count(client: Client, world: World) -> None:
    started(STARTED)
    html = page(client, world, "lene")
    assert "1 opgave med frist før kommunen tog Hjemvej i brug 01.03.2026" in html
    assert "Tilbyd borgeren en handleplan" not in html  # due 29.01.2026
    found = sections(html)
    assert next(iter(found)) == "Overskredet (2)"
    assert "Find en bolig til løsladelsen" in found["Overskredet (2)"]  # due 31.07.2026
    link = re.search(r'<a href="([^"]+)"[^>]*>vis dem</a>', html)
    assert link is not None
    shown = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Tilbyd borgeren en handleplan" in shown
    assert next(iter(sections(shown))) == "Overskredet (3)"


def test_without_a_start_day_nothing_is_collapsed(client: Client, world: World) -> None:
    started(None)
    html = page(client, world, "lene")
    assert "før kommunen tog Hjemvej i brug" not in html
    assert "Tilbyd borgeren en handleplan" in sections(html)["Overskredet (3)"]


def test_a_start_day_collapses_only_overdue_tasks(client: Client, world: World) -> None:
    started(date(2027, 1, 1))  # set ahead of time: today's and later tasks stay work
    found = sections(page(client, world, "lene"))
    assert list(found) == ["Denne uge (1)", "Senere (10)"]


# --- unassigned tasks: seen by the team and the manager, with a count ---------------------------


def test_a_case_worker_sees_her_teams_unassigned_tasks_by_default(
    client: Client, world: World
) -> None:
    html = page(client, world, "sara")
    assert "Ikke fordelt i Hjemløseteamet: 7 opgaver" in html
    assert "1 overskreden" in html
    assert "Find en bolig til løsladelsen" not in html  # counted, not listed among her own
    unassigned = r'<a href="([^"]+)"[^>]*>Vis dem<span class="sr-only">: de ikke fordelte opgaver'
    link = re.search(unassigned, html)
    assert link is not None
    listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert "Find en bolig til løsladelsen" in listed
    assert "Kontakt borger og boform" not in listed  # Sara's own
    assert "Ikke fordelt i Hjemløseteamet: 7" not in listed  # the block is the list now
    assert "Ikke fordelt i Hjemløseteamet: 7 opgaver" in page(client, world, "carl")


def test_the_manager_sees_every_unassigned_task_by_default(client: Client, world: World) -> None:
    html = page(client, world, "lene")
    assert "Ikke fordelt: 7 opgaver" in html
    assert "1 overskreden" in html


def test_another_team_does_not_see_them(client: Client, world: World) -> None:
    world.users["tove"] = _user("tove", Role.CASE_WORKER, team="Ungeteamet")
    html = page(client, world, "tove")
    assert 'id="ikke-fordelt"' not in html
    assert "Ikke fordelt i" not in html


def test_a_case_worker_without_a_team_sees_all_of_them(client: Client, world: World) -> None:
    world.users["nina"] = _user("nina", Role.CASE_WORKER)
    assert "Ikke fordelt: 7 opgaver" in page(client, world, "nina")


def test_support_workers_and_shelter_staff_get_no_block(client: Client, world: World) -> None:
    for name in ("bo", "ulla"):
        assert 'id="ikke-fordelt"' not in page(client, world, name)


def test_the_unassigned_rows_name_the_team_that_put_the_citizen_on_the_list(
    client: Client, world: World
) -> None:
    found = sections(page(client, world, "lene", {"medarbejder": "ingen"}))
    later = found["Senere (6)"]
    assert "Ikke fordelt" in later
    assert "Hjemløseteamet" in later
    team = page(client, world, "lene", {"team": "Hjemløseteamet", "vis": "alle"})
    assert "Find en bolig til løsladelsen" in team


# --- the queries do not grow with the tasks -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "query"),
    [("sara", {}), ("lene", {}), ("lene", {"gamle": "1"}), ("nina", {})],
)
def test_queries_do_not_grow_with_the_tasks(
    client: Client, world: World, name: str, query: dict[str, str]
) -> None:
    started(STARTED)
    world.users["nina"] = _user("nina", Role.CASE_WORKER)
    client.force_login(world.users[name])

    def queries() -> int:
        client.get(TASKS, query)  # warm the § 177 memo for this data
        with CaptureQueriesContext(connection) as captured:
            assert client.get(TASKS, query).status_code == 200
        return len(captured)

    before = queries()
    build_more(world)
    assert queries() == before

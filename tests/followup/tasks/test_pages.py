"""The task list, the weekly follow-up and hand-written tasks, for every role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.http import HttpResponse, HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from hjemvej.accounts.models import AuditAction, AuditEntry
from hjemvej.accounts.policy import allowed
from hjemvej.citizens.models import Citizen
from hjemvej.followup.models import Task
from tests import factories
from tests.followup.tasks.conftest import TODAY, World
from tests.followup.tasks.test_pipeline import build_more

pytestmark = pytest.mark.django_db

TASKS = reverse("followup:task_list")
WEEKLY = reverse("followup:weekly")
VIEWERS = ["sara", "carl", "bo", "ulla", "inge", "lene"]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages read today from ``dates.today``: the world's day."""
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


def as_user(client: Client, world: World, name: str) -> Client:
    client.force_login(world.users[name])
    return client


def text(response: HttpResponseBase) -> str:
    assert isinstance(response, HttpResponse)
    return response.content.decode()


@pytest.mark.parametrize("name", [*VIEWERS, "oskar", "adam"])
def test_who_may_see_the_lists(client: Client, world: World, name: str) -> None:
    as_user(client, world, name)
    expected = 200 if name in VIEWERS else 403
    assert client.get(TASKS).status_code == expected
    assert client.get(WEEKLY).status_code == expected


def test_signed_out_users_are_sent_to_log_in(client: Client, world: World) -> None:
    assert client.get(TASKS).status_code == 302
    assert client.post(reverse("followup:task_done", args=[1])).status_code == 302


def test_the_case_workers_own_tasks_first_then_all(client: Client, world: World) -> None:
    as_user(client, world, "sara")
    mine = text(client.get(TASKS))
    assert "Kontakt borger og boform" in mine
    assert "Tilbyd borgeren en handleplan" in mine
    assert "Find en bolig til løsladelsen" not in mine  # Carla has no case worker yet
    everything = text(client.get(TASKS, {"vis": "alle"}))
    for title in ("Find en bolig til løsladelsen", "Underret handlekommunen", "Ring til boformen"):
        assert title in everything
    assert "14 åbne opgaver efter frist, i dag 21.11.2026" in everything
    # Grouped as overdue, this week and later, with counts; the names link to the citizen.
    assert ">Overskredet (3)<" in everything
    assert ">Denne uge (1) <" in everything
    anna = world.citizens["Anna"]
    assert f'href="{reverse("citizens:detail", args=[anna.pk])}">Anna Testesen</a>' in everything
    assert "Nogle frister bygger på værdier, der ikke er lov" in everything
    interval = "Højst antal dage mellem kontakter med en borger på en ekstern boform: 7 dage"
    assert interval in everything


def test_the_pages_reads_are_logged_per_citizen_shown(client: Client, world: World) -> None:
    as_user(client, world, "sara")
    client.get(TASKS, {"vis": "alle"})
    read = factories.citizens_named(
        AuditEntry.objects.filter(action=AuditAction.VIEW, detail={"page": "followup:task_list"})
    )
    assert read == {world.pk(n) for n in ("Anna", "Bent", "Carla", "Dorte", "Fie", "Gert")}


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"opgave": "tenancy_risk"}, ["Varsel om ophævelse"], ["Ring til boformen"]),
        ({"status": "overdue"}, ["Underret handlekommunen"], ["Varsel om ophævelse"]),
        ({"team": "CTI-teamet"}, ["Følg op på ICM-forløbet"], ["Ring til boformen"]),
        ({"medarbejder": "ingen"}, ["Varsel om ophævelse"], ["Følg op på ICM", "Ring til"]),
        ({"borger": "fie testesen"}, ["Dagene med statsrefusion"], ["Varsel om ophævelse"]),
    ],
)
def test_filters(
    client: Client, world: World, query: dict[str, str], shown: list[str], hidden: list[str]
) -> None:
    as_user(client, world, "lene")
    page = text(client.get(TASKS, query))
    for title in shown:
        assert title in page
    for title in hidden:
        assert title not in page


def test_filter_by_worker_and_by_pseudonym(client: Client, world: World) -> None:
    as_user(client, world, "lene")
    page = text(client.get(TASKS, {"medarbejder": str(world.users["carl"].pk)}))
    assert "Ring til boformen" in page
    assert "Kontakt borger og boform" not in page
    pseudonym = world.citizens["Dorte"].pseudonym
    page = text(client.get(TASKS, {"borger": pseudonym.lower()}))
    assert "Varsel om ophævelse" in page
    assert "Ring til boformen" not in page
    assert AuditEntry.objects.filter(action=AuditAction.SEARCH).count() == 1


def test_a_cpr_number_is_refused_as_a_search(client: Client, world: World) -> None:
    as_user(client, world, "lene")
    page = text(client.get(TASKS, {"borger": "010190-1234"}, follow=True))
    assert "Søg ikke på CPR-nummer her; brug navn eller pseudonym.</" in page
    assert "Ring til boformen" in page  # the refused filter is not applied


def test_shelter_staff_see_their_notices_without_the_rest(client: Client, world: World) -> None:
    as_user(client, world, "ulla")
    page = text(client.get(TASKS))
    assert page.count("<strong>Underret handlekommunen om indskrivningen</strong>") == 2
    assert "Kontakt borger og boform" not in page
    assert "Udført" not in page  # no hand-written tasks to close for shelter staff


def test_the_weekly_list(client: Client, world: World) -> None:
    as_user(client, world, "sara")
    page = text(client.get(WEEKLY))
    assert "Anna Testesen" in page
    assert "Herberget Ude" in page
    assert "18.11.2026" in page
    assert "25.11.2026" in page
    contact = reverse("citizens:contact_add", args=[world.pk("Anna")])
    assert contact in page
    as_user(client, world, "lene")
    assert contact not in text(client.get(WEEKLY))  # managers do not record contacts


def test_mark_a_task_done_and_back(client: Client, world: World) -> None:
    task = Task.objects.get()
    url = reverse("followup:task_done", args=[task.pk])
    as_user(client, world, "carl")
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": f"{TASKS}?vis=alle"})
    assert response.status_code == 302
    assert response["Location"] == f"{TASKS}?vis=alle"
    assert Task.objects.get().done_on == TODAY
    again = client.post(url, {"next": "https://example.com/"}, follow=True)
    assert again.redirect_chain[-1][0] == TASKS  # never off the site
    assert "allerede markeret som udført den 21.11.2026" in text(again)


@pytest.mark.parametrize(("name", "status"), [("bo", 404), ("fremmed", 404), ("lene", 403)])
def test_marking_done_outside_the_scope_or_right(
    client: Client, world: World, name: str, status: int
) -> None:
    task = Task.objects.get()  # Anna's: not Bo's citizen, not the other municipality's
    as_user(client, world, name)
    assert client.post(reverse("followup:task_done", args=[task.pk])).status_code == status
    assert Task.objects.get().done_on is None


def test_write_a_task_for_a_citizen(client: Client, world: World) -> None:
    bent = world.citizens["Bent"]
    url = reverse("followup:task_create", args=[bent.pk])
    as_user(client, world, "bo")
    form = text(client.get(url))
    assert "Hvad skal gøres" in form
    assert "autofocus" in form
    assert (TODAY + timedelta(days=7)).isoformat() in form
    response = client.post(
        url, {"title": "Hjælp med flytning", "due": "01.12.2026", "assignee": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:citizen", args=[bent.pk])
    task = Task.objects.get(title="Hjælp med flytning")
    assert (task.citizen, task.assignee, task.created_by) == (bent, None, world.users["bo"])


def test_a_task_with_errors_is_not_written(client: Client, world: World) -> None:
    url = reverse("followup:task_create", args=[world.pk("Anna")])
    as_user(client, world, "sara")
    page = text(client.post(url, {"title": "", "due": "igår"}))
    assert "Formularen har fejl" in page
    assert "Feltet skal udfyldes." in page
    assert "Skriv datoen som dd.mm.åååå." in page
    page = text(client.post(url, {"title": "Ring", "due": "20.11.2026"}))
    assert "Fristen kan ikke ligge før i dag." in page
    assert Task.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "citizen", "status"),
    [
        ("sara", "Anna", 200),
        ("bo", "Bent", 200),
        ("bo", "Anna", 404),  # not one of Bo's citizens
        ("sara", "Ude", 404),  # another municipality's
        ("ulla", "Anna", 403),
        ("lene", "Anna", 403),
    ],
)
def test_who_may_write_a_task(
    client: Client, world: World, name: str, citizen: str, status: int
) -> None:
    as_user(client, world, name)
    url = reverse("followup:task_create", args=[world.pk(citizen)])
    assert client.get(url).status_code == status


def test_list_queries_do_not_grow_with_the_citizens(client: Client, world: World) -> None:
    as_user(client, world, "lene")

    def queries(url: str) -> int:
        client.get(url)  # warm the § 177 memo for this data
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = {url: queries(url) for url in (f"{TASKS}?vis=alle", WEEKLY)}
    build_more(world)
    after = {url: queries(url) for url in (f"{TASKS}?vis=alle", WEEKLY)}
    assert after == before


@pytest.mark.parametrize("name", [*VIEWERS, "oskar", "adam", "fremmed", "anonymous"])
def test_every_task_url_as_every_role(client: Client, world: World, name: str) -> None:
    """GET of each URL answers as the policy says and changes nothing (POST-only: 405)."""
    if name != "anonymous":
        as_user(client, world, name)
    user = world.users.get(name)
    task = Task.objects.get()
    urls = [
        TASKS,
        WEEKLY,
        reverse("followup:task_done", kwargs={"task_pk": task.pk}),
        reverse("followup:task_create", kwargs={"pk": world.pk("Bent")}),
    ]
    for url in urls:
        action = resolve(url).func.policy_action  # type: ignore[attr-defined]
        status = client.get(url).status_code
        if user is None:
            assert status == 302, url
        elif not allowed(user, action):
            assert status == 403, url
        elif url.endswith("/udfoert/"):
            assert status == 405, url
        else:
            in_scope = name in ("sara", "carl", "bo") or "opgave/ny" not in url
            assert status == (200 if in_scope else 404), url
    assert Task.objects.get().done_on is None


def test_a_pseudonym_with_six_digits_in_a_row_is_searched_not_refused(
    client: Client, world: World
) -> None:
    dorte = world.citizens["Dorte"]
    Citizen.objects.filter(pk=dorte.pk).update(pseudonym="B123456ABCDEF")
    as_user(client, world, "lene")
    page = text(client.get(TASKS, {"borger": "b123456abcdef"}))
    assert "Søg ikke på CPR-nummer her; brug navn eller pseudonym.</" not in page
    assert "Varsel om ophævelse" in page
    assert "Ring til boformen" not in page
    refused = text(client.get(TASKS, {"borger": "0101901234"}, follow=True))
    assert "Søg ikke på CPR-nummer her; brug navn eller pseudonym.</" in refused

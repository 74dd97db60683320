"""/statistik/resultater/: the figures, the definitions and the citizens behind them.

Case workers and managers see the citizens by name, economists by pseudonym only; the page of
the citizens is logged with one entry naming every citizen it shows; the figures are those of
``hjemvej stats outcomes``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.core import dates
from hjemvej.housing.services import tenancy_create
from hjemvej.stats.outcomes import BY_KEY, TEXTS, results
from hjemvej.stats.views import outcomes as views
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY
INDEX = reverse("stats:outcomes")


def outcome_url(key: str, *, citizens: bool = False) -> str:
    name = "stats:outcome_citizens" if citizens else "stats:outcome"
    return reverse(name, kwargs={"measure": BY_KEY[key].slug})


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: TODAY)


@pytest.fixture
def worker() -> User:
    return factories.user("rita", Role.CASE_WORKER)


@pytest.fixture
def housed(worker: User) -> list[Citizen]:
    """Two citizens who moved into their own home in 2026, one who did not."""
    moved = []
    for first, last in (("Søren", "Hansen"), ("Dorte", "Dam")):
        citizen = factories.citizen(worker, first_name=first, last_name=last)
        tenancy_create(
            actor=worker,
            citizen=citizen,
            lease_signed_on=date(2026, 3, 1),
            move_in=date(2026, 3, 1),
            today=TODAY,
            address="Fjordvej 3",
            rent_monthly=Decimal("3100"),
        )
        moved.append(citizen)
    factories.citizen(worker, first_name="Mette", last_name="Mortensen")
    return moved


def sign_in(client: Client, role: str, worker: User) -> User:
    user = worker if role == Role.CASE_WORKER else factories.user(role, role)
    client.force_login(user)
    return user


def views_logged() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.VIEW).order_by("id"))


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.MANAGER])
def test_case_workers_and_managers_see_the_names_and_the_read_is_logged_once(
    client: Client, worker: User, housed: list[Citizen], role: str
) -> None:
    user = sign_in(client, role, worker)
    before = len(views_logged())

    page = client.get(outcome_url("exits_housing", citizens=True), {"year": 2026})

    html = page.content.decode()
    assert page.status_code == 200
    for citizen in housed:
        assert citizen.display_name in html
        assert citizen.pseudonym in html
        assert reverse("citizens:detail", kwargs={"pk": citizen.pk}) in html
    assert "Mette" not in html  # still on the list: not behind the number
    logged = views_logged()[before:]
    assert len(logged) == 1
    entry = logged[0]
    assert entry.user == user
    assert sorted(entry.citizen_ids) == sorted(c.pk for c in housed)
    assert entry.detail == {
        "page": "stats:outcome_citizens",
        "measure": "exits_housing",
        "year": 2026,
    }


def test_economists_see_pseudonyms_and_never_names(
    client: Client, worker: User, housed: list[Citizen]
) -> None:
    sign_in(client, Role.ECONOMIST, worker)
    before = len(views_logged())

    pages = [client.get(INDEX, {"year": 2026})]
    for text in TEXTS:
        pages.append(client.get(reverse("stats:outcome", args=[text.slug]), {"year": 2026}))
        pages.append(
            client.get(reverse("stats:outcome_citizens", args=[text.slug]), {"year": 2026})
        )

    html = "".join(page.content.decode() for page in pages)
    assert {page.status_code for page in pages} == {200}
    for citizen in Citizen.objects.all():
        # As words: a random CSRF token may hold "Dam" (it did once), a name never shows as a part.
        for name in (citizen.first_name, citizen.last_name):
            assert not re.search(rf"\b{re.escape(name)}\b", html), name
    for citizen in housed:
        assert citizen.pseudonym in html
        assert reverse("citizens:detail", kwargs={"pk": citizen.pk}) not in html
    # Even by pseudonym the citizens behind a figure are personal data: each page is logged.
    logged = views_logged()[before:]
    assert {e.detail["page"] for e in logged} == {"stats:outcome_citizens"}
    assert all(e.user.role == Role.ECONOMIST for e in logged if e.user is not None)


def test_the_figures_and_the_definition_are_read_without_a_log_entry(
    client: Client, worker: User, housed: list[Citizen]
) -> None:
    sign_in(client, Role.MANAGER, worker)
    before = len(views_logged())

    index = client.get(INDEX, {"year": 2026}).content.decode()
    page = client.get(outcome_url("returns_any"), {"year": 2026}).content.decode()

    assert views_logged()[before:] == []
    assert "Søren" not in index + page
    for text in TEXTS:
        assert text.title in index
    assert "Sådan er tallene opgjort" in page
    assert "dag 182" in page  # the definition says where six months end
    assert "Tilbage i hjemløshed, korteste opfølgning efter indflytning: 6 måneder" in page
    assert "antaget værdi" in page
    assert "Opgøres fra 01.07.2027" in page  # the cohort of 2026 is not followed yet


def test_the_pages_show_the_figures_of_the_command_line(
    client: Client, worker: User, housed: list[Citizen]
) -> None:
    sign_in(client, Role.ECONOMIST, worker)

    response = client.get(INDEX, {"year": 2026})

    expected = results(factories.municipality().pk, year=2026, as_of=TODAY)
    shown = {
        text.key: [item["figure"] for item in figures]
        for text, figures in response.context["measures"]
    }
    assert shown == {key: list(result.figures) for key, result in expected.items()}
    assert "100,0 %" in response.content.decode()  # two of two who left the list: housed


def test_a_figure_leads_to_the_citizens_counted_in_it(
    client: Client, worker: User, housed: list[Citizen]
) -> None:
    sign_in(client, Role.MANAGER, worker)
    url = outcome_url("time_homeless", citizens=True)

    page = client.get(outcome_url("exits_housing"), {"year": 2026}).content.decode()
    assert f"{outcome_url('exits_housing', citizens=True)}?year=2026&amp;gruppe=housed" in page
    everyone = client.get(url, {"year": 2026}).content.decode()
    assert "Mette" in everyone

    unknown = client.get(url, {"year": "2026", "gruppe": "<script>"})
    assert unknown.status_code == 200
    assert "Ukendt tal: alle vises." in unknown.content.decode()
    assert "<script>" not in unknown.content.decode()


@pytest.mark.parametrize("year", ["2027", "2006", "1995", "1800", "abc", "20266", "-1"])
def test_a_year_that_cannot_be_counted_is_said_and_the_last_year_shown(
    client: Client, worker: User, year: str
) -> None:
    sign_in(client, Role.CASE_WORKER, worker)

    for url in (INDEX, outcome_url("first_time"), outcome_url("first_time", citizens=True)):
        response = client.get(url, {"year": year})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Vælg et år mellem 2026 og 2026." in html
        assert 'aria-invalid="true"' in html
        assert response.context["year"] == 2026


def test_an_unknown_measure_is_not_found(client: Client, worker: User) -> None:
    sign_in(client, Role.CASE_WORKER, worker)

    assert client.get("/statistik/resultater/findes-ikke/").status_code == 404
    assert client.get("/statistik/resultater/findes-ikke/borgere/").status_code == 404


def test_the_log_names_only_the_citizens_of_the_page_shown(
    client: Client, worker: User, housed: list[Citizen], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "ROWS_PER_PAGE", 2)
    sign_in(client, Role.CASE_WORKER, worker)
    url = outcome_url("time_homeless", citizens=True)

    first = client.get(url, {"year": 2026}).content.decode()
    second = client.get(url, {"year": 2026, "page": 2}).content.decode()

    entries = views_logged()[-2:]
    shown = [set(e.citizen_ids) or {e.citizen_id} for e in entries]
    assert [len(s) for s in shown] == [2, 1]
    assert shown[0].isdisjoint(shown[1])
    assert "Side 2 af 2" in re.sub(r"\s+", " ", first + second)


def test_the_statistics_index_leads_to_the_outcome_measures(client: Client, worker: User) -> None:
    sign_in(client, Role.ECONOMIST, worker)

    html = client.get(reverse("stats:index")).content.decode()

    assert f'href="{INDEX}"' in html
    assert "Resultatmål" in html

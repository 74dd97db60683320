"""The figures pages for every role: who may see them, what names they show, what they log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.shelters.services import stay_admit, stay_discharge
from tests import factories
from tests.economy.core.conftest import TODAY, World, login

NAMES = ("Anna Andersen", "Bent Berg", "Carl Carlsen", "Dorte Dahl", "Gitte Gram")
FIGURE_PAGES = ("economy:figures", "economy:stay_rows")


def _pages(world: World) -> list[str]:
    return [
        reverse("economy:figures") + "?year=2025",
        reverse("economy:shelter_figures", kwargs={"shelter_pk": world.outside.pk}) + "?year=2025",
        reverse("economy:stay_rows") + "?year=2025",
        reverse("economy:stay_rows") + "?year=2025&month=3&external=0",
        reverse("economy:stay_rows") + f"?year=2025&shelter={world.inside.pk}",
        reverse("economy:stay_rows") + "?year=2025&support=all",
        reverse("economy:stay_rows") + "?year=2026&support=icm",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MANAGER, 200),
        (Role.ECONOMIST, 200),
        (Role.CASE_WORKER, 403),
        (Role.SHELTER_STAFF, 403),
        (Role.ADMIN, 403),
    ],
)
def test_who_may_see_the_figures(world: World, client: Client, role: str, status: int) -> None:
    login(client, world, role)
    for url in _pages(world):
        assert client.get(url).status_code == status, url


@pytest.mark.django_db
def test_signed_out_users_go_to_the_login_page(world: World, client: Client) -> None:
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_economists_see_no_names_and_nothing_is_logged_as_a_read(
    world: World, client: Client
) -> None:
    login(client, world, Role.ECONOMIST)
    before = AuditEntry.objects.count()
    for url in _pages(world):
        html = client.get(url).content.decode()
        for name in NAMES:
            assert name not in html, (name, url)
        assert reverse("citizens:detail", kwargs={"pk": world.citizens["anna"].pk}) not in html
    rows = client.get(reverse("economy:stay_rows") + "?year=2025").content.decode()
    assert world.citizens["anna"].pseudonym in rows
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_managers_see_names_with_the_explanation_and_the_read_is_logged(
    world: World, client: Client
) -> None:
    login(client, world, Role.MANAGER)
    anna = world.citizens["anna"]
    html = client.get(reverse("economy:stay_rows") + "?year=2025&month=3").content.decode()
    assert "Anna Andersen" in html
    assert reverse("citizens:detail", kwargs={"pk": anna.pk}) + "#refusion" in html
    logged = audit.entries_about(anna.pk).filter(
        user=world.users[Role.MANAGER], action=AuditAction.VIEW
    )
    assert logged.count() == 1
    assert logged.get().detail["page"] == "economy:stay_rows"
    # The overview has figures only: no names, nothing logged.
    before = AuditEntry.objects.count()
    figures = client.get(reverse("economy:figures") + "?year=2025").content.decode()
    assert "Anna Andersen" not in figures
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_the_figures_page_shows_the_rules_and_what_is_not_law(world: World, client: Client) -> None:
    login(client, world, Role.ECONOMIST)
    html = client.get(reverse("economy:figures") + "?year=2026").content.decode()
    assert "Udgifter og statsrefusion 2026" in html
    # 120 days from 01.04.2026 is a political agreement; the own payment for 2024 on is assumed.
    assert "politisk aftale, ikke vedtaget" in html
    assert "antaget værdi" in html
    assert "Refusion af § 85 a-støtte til borgere i alle hjemløshedssituationer" in html
    from hjemvej.rules.parameters import default_parameters

    assert default_parameters().fingerprint in html
    assert "Året 2026 er ikke slut: tallene omfatter dagene 01.01.–20.11.2026" in html
    # Every month leads to its rows.
    assert reverse("economy:stay_rows") + "?year=2026&amp;month=11&amp;external=1" in html


@pytest.mark.django_db
def test_a_wrong_year_falls_back_to_this_year_with_a_message(world: World, client: Client) -> None:
    login(client, world, Role.ECONOMIST)
    html = client.get(reverse("economy:figures") + "?year=abc").content.decode()
    assert f"Udgifter og statsrefusion {TODAY.year}" in html
    assert "Angiv et årstal" in html


@pytest.mark.django_db
def test_a_shelter_without_stays_and_an_unknown_shelter(world: World, client: Client) -> None:
    login(client, world, Role.ECONOMIST)
    empty = factories.shelter("Tomt Herberg")
    html = client.get(
        reverse("economy:shelter_figures", kwargs={"shelter_pk": empty.pk}) + "?year=2025"
    ).content.decode()
    assert "har ingen ophold på Tomt Herberg i 2025" in html
    missing = reverse("economy:shelter_figures", kwargs={"shelter_pk": 999_999})
    assert client.get(missing).status_code == 404


def _stays(n: int) -> None:
    """Create ``n`` stays of 751's citizens (five per citizen), inside and outside."""
    actor = factories.user(f"sagsbehandler-{n}", Role.CASE_WORKER)
    inside = factories.shelter(f"Inde {n}")
    outside = factories.shelter(f"Ude {n}", code="101")
    for c in range(n // 5):
        citizen = factories.citizen(
            actor, first_name=f"Borger{c}", last_name="Test", start=date(2024, 1, 1)
        )
        for s in range(5):
            admitted = date(2025, 1, 1) + timedelta(days=70 * s + c)
            stay = stay_admit(
                actor=actor,
                citizen=citizen,
                shelter=inside if s % 2 else outside,
                admitted=admitted,
                today=TODAY,
            )
            stay_discharge(
                actor=actor, stay=stay, discharged=admitted + timedelta(days=40), today=TODAY
            )
    course_citizen = factories.citizen(actor, first_name="Forløb", start=date(2024, 1, 1))
    from decimal import Decimal

    from hjemvej.support.services import course_create

    course_create(
        actor=actor,
        citizen=course_citizen,
        kind="cti",
        decided_on=date(2025, 1, 1),
        start=date(2025, 1, 1),
        monthly_cost=Decimal(n * 100),
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", FIGURE_PAGES)
def test_the_same_queries_for_5_and_50_stays(client: Client, url_name: str) -> None:
    economist = factories.user("oekonom", Role.ECONOMIST)
    manager = factories.user("leder", Role.MANAGER)
    url = reverse(url_name) + "?year=2025"
    _stays(5)
    counts = []
    for user in (economist, manager):
        client.force_login(user)
        counts.append(_queries(client, url))
    _stays(45)
    for i, user in enumerate((economist, manager)):
        client.force_login(user)
        assert _queries(client, url) == counts[i]


@pytest.mark.django_db
def test_the_figures_page_query_count_is_pinned(
    client: Client, django_assert_num_queries: object
) -> None:
    _stays(5)
    client.force_login(factories.user("oekonom", Role.ECONOMIST))
    client.get(reverse("economy:figures"))  # the session's first read
    # Session and user (2), stays, the stays of citizens who crossed a border (none here: their
    # periods are not read), shelters, rates (4), courses, § 107 stays, the support citizens'
    # § 110 and § 107 stays (4), grants (1).
    with django_assert_num_queries(11):  # type: ignore[operator]
        assert client.get(reverse("economy:figures") + "?year=2025").status_code == 200

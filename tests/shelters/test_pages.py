"""The shelter list and the shelter's page, for every role."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.shelters.models import ExitDestination, ExitReason, Shelter, StayType
from hjemvej.shelters.selectors import MOVEMENTS_PER_PAGE
from hjemvej.shelters.services import shelter_rate_set, stay_admit, stay_discharge
from tests import factories

TODAY = factories.TODAY  # Saturday 21 November 2026
CPR = "1505801234"


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.shelters.views.pages.today", lambda: TODAY)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # Argon2 is tested in tests/accounts/test_security.py; here it would slow the many users down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    home: Shelter  # in the users' municipality (751 Aarhus)
    away: Shelter  # in another municipality (101 København)
    users: dict[str, User]
    own: Citizen  # acting municipality 751, resident at home, has a CPR number
    foreign: Citizen  # acting municipality 101, resident at home
    away_resident: Citizen  # acting municipality 751, resident away, earlier stay at home


def login(client: Client, world: World, role: str) -> None:
    client.force_login(world.users[role])


@pytest.fixture
def world(db: None) -> World:
    home = factories.shelter("Forsorgshjemmet Hjemme", rate="1500.00")
    away = factories.shelter("Herberget Ude", code="101", rate="1234.50")
    users = {
        role.value: factories.user(
            role.value, role.value, shelter=home if role == Role.SHELTER_STAFF else None
        )
        for role in Role
    }
    worker = users[Role.CASE_WORKER]
    own = factories.citizen(worker, first_name="Søren", last_name="Hansen", cpr=CPR)
    foreign = factories.citizen(worker, first_name="Fremmed", last_name="Person", code="101")
    away_resident = factories.citizen(worker, first_name="Ulla", last_name="Udenbys")
    stay_admit(
        actor=worker,
        citizen=own,
        shelter=home,
        admitted=date(2026, 11, 2),  # Monday; deadline Thursday 5 November
        notified_on=date(2026, 11, 9),  # late
        today=TODAY,
    )
    stay_admit(
        actor=worker,
        citizen=foreign,
        shelter=home,
        admitted=date(2026, 11, 16),  # Monday; deadline Thursday 19 November, not notified
        today=TODAY,
    )
    earlier = stay_admit(
        actor=worker, citizen=away_resident, shelter=home, admitted=date(2026, 6, 1), today=TODAY
    )
    stay_discharge(
        actor=worker,
        stay=earlier,
        discharged=date(2026, 9, 1),
        exit_reason=ExitReason.AGREEMENT,
        exit_destination=ExitDestination.OTHER_SHELTER,
        today=TODAY,
    )
    stay_admit(
        actor=worker,
        citizen=away_resident,
        shelter=away,
        admitted=date(2026, 9, 1),
        notified_on=date(2026, 9, 2),
        today=TODAY,
    )
    return World(home, away, users, own, foreign, away_resident)


def text(response: Any) -> str:
    return str(response.content.decode())


def assert_no_cpr(page: str) -> None:
    assert CPR not in page
    assert f"{CPR[:6]}-{CPR[6:]}" not in page


def view_entries(user: User, shelter: Shelter | None = None) -> set[int]:
    """Return the citizens whose names the user was logged reading on shelter pages."""
    entries = AuditEntry.objects.filter(
        user=user, action=AuditAction.VIEW, detail__page="shelters:detail"
    )
    if shelter is not None:
        entries = entries.filter(detail__shelter=shelter.pk)
    return factories.citizens_named(entries)


# --- Who may open the pages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASE_WORKER, 200),
        (Role.SUPPORT_WORKER, 403),
        (Role.SHELTER_STAFF, 200),
        (Role.MANAGER, 200),
        (Role.ECONOMIST, 200),
        (Role.ADMIN, 200),
    ],
)
def test_who_may_open_the_list_and_the_shelter(
    client: Client, world: World, role: str, status: int
) -> None:
    login(client, world, role)
    assert client.get(reverse("shelters:list")).status_code == status
    detail = client.get(reverse("shelters:detail", args=[world.home.pk]))
    assert detail.status_code == status
    if status == 403:
        assert "Du har ikke adgang" in text(detail)


def test_signed_out_users_are_sent_to_the_login_page(client: Client, world: World) -> None:
    for url in (reverse("shelters:list"), reverse("shelters:detail", args=[world.home.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("login"))


def test_an_unknown_shelter_is_a_danish_404(client: Client, world: World) -> None:
    login(client, world, Role.CASE_WORKER)
    response = client.get(reverse("shelters:detail", args=[world.away.pk + 1000]))
    assert response.status_code == 404
    assert "Siden findes ikke" in text(response)


# --- The list -----------------------------------------------------------------------------


def row_of(page: str, name: str) -> str:
    match = re.search(rf"<tr>\s*<th scope=\"row\"><a [^>]*>{name}</a>.*?</tr>", page, re.S)
    assert match, f"no row for {name}"
    return match.group(0)


def test_the_list_shows_figures_and_marks_external_shelters(client: Client, world: World) -> None:
    login(client, world, Role.CASE_WORKER)
    page = text(client.get(reverse("shelters:list")))
    assert "<h1>Boformer</h1>" in page
    home = row_of(page, "Forsorgshjemmet Hjemme")
    away = row_of(page, "Herberget Ude")
    assert "ekstern" not in home
    assert "ekstern" in away
    assert re.search(r">\s*2\s*</td>", home)  # residents tonight
    assert "7 %" in home  # 2 of 30 places
    assert "1.500,00 kr." in home
    assert "1.234,50 kr." in away
    assert "3 %" in away
    assert "Kommunal/regional" in home
    assert ">Ja" in home
    for name in ("Søren", "Hansen", "Fremmed", "Ulla"):
        assert name not in page  # figures only
    assert_no_cpr(page)


def test_occupancy_counts_the_citizens_of_every_municipality_in_the_installation(
    client: Client, world: World
) -> None:
    """A shelter's residents are every municipality's in Hjemvej; the user's own are counted apart.

    Forsorgshjemmet Hjemme (Aarhus) has one resident of Aarhus and one of København tonight.
    """
    for code, own in (("751", 1), ("101", 1)):
        user = factories.user(f"leder-{code}", Role.MANAGER, code=code)
        client.force_login(user)
        page = text(client.get(reverse("shelters:list")))
        home = row_of(page, "Forsorgshjemmet Hjemme")
        cells = re.findall(r'<td class="number">\s*([^<]*?)\s*</td>', home)
        assert cells[:4] == ["30", "2", str(own), "7 %"]  # places, residents, own, occupancy
        assert ("ekstern" in home) == (code == "101")
        assert "Hjemvej kan ikke se beboere fra kommuner, der ikke bruger Hjemvej" in page
        assert "Heraf din kommunes" in page
        detail = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
        assert (
            "<dt>Beboere i nat</dt><dd>2: 1 af din kommunes borgere og 1 fra andre kommuner, "
            "der bruger Hjemvej</dd>"
        ) in detail
        assert "mindst 7 %" in detail
        assert "Hjemvej kan ikke se beboere fra kommuner, der ikke bruger Hjemvej" in detail
    # The other municipality's manager sees Aarhus' resident counted, never named.
    assert "Søren" not in detail
    assert "Hansen" not in detail


def test_the_rate_in_force_today_is_shown(client: Client, world: World) -> None:
    admin = world.users[Role.ADMIN]
    shelter_rate_set(
        actor=admin, shelter=world.home, valid_from=date(2026, 7, 1), daily_rate=Decimal("1800")
    )
    shelter_rate_set(
        actor=admin, shelter=world.home, valid_from=date(2027, 1, 1), daily_rate=Decimal("1900")
    )
    login(client, world, Role.ECONOMIST)
    home = row_of(text(client.get(reverse("shelters:list"))), "Forsorgshjemmet Hjemme")
    assert "1.800,00 kr." in home
    assert "1.900,00" not in home


def test_shelter_staff_see_their_own_shelter_marked(client: Client, world: World) -> None:
    login(client, world, Role.SHELTER_STAFF)
    page = text(client.get(reverse("shelters:list")))
    assert "Din boform" in row_of(page, "Forsorgshjemmet Hjemme")
    assert "Din boform" not in row_of(page, "Herberget Ude")


def test_the_list_needs_one_query_however_many_shelters(client: Client, world: World) -> None:
    login(client, world, Role.ECONOMIST)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("shelters:list"))
    for n in range(5):
        factories.shelter(f"Ekstra {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("shelters:list"))
    assert len(many) == len(few)


# --- The shelter's page: names only in scope, and logged -----------------------------------


def test_case_worker_sees_own_citizens_by_name_and_others_by_pseudonym(
    client: Client, world: World
) -> None:
    login(client, world, Role.CASE_WORKER)
    page = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
    assert "<h1>Forsorgshjemmet Hjemme" in page
    assert "<h2>Beboere i nat</h2>" in page
    assert f'href="{reverse("citizens:detail", args=[world.own.pk])}"' in page
    assert "Søren Hansen" in page
    assert "Fremmed" not in page  # acting municipality 101: not this case worker's citizen
    assert world.foreign.pseudonym in page
    assert "Ulla Udenbys" in page  # discharged within 90 days
    assert_no_cpr(page)
    assert view_entries(world.users[Role.CASE_WORKER]) == {world.own.pk, world.away_resident.pk}


def test_manager_sees_names_in_the_municipality(client: Client, world: World) -> None:
    login(client, world, Role.MANAGER)
    page = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
    assert "Søren Hansen" in page
    assert "Fremmed" not in page
    assert view_entries(world.users[Role.MANAGER]) == {world.own.pk, world.away_resident.pk}


def test_shelter_staff_see_names_on_their_own_shelter_only(client: Client, world: World) -> None:
    login(client, world, Role.SHELTER_STAFF)
    home = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
    assert "Søren Hansen" in home
    assert "Fremmed Person" in home  # every resident of their shelter, whatever the municipality
    # Ulla left their shelter on 1 September: past the period after discharge, no name.
    assert "Ulla" not in home
    assert world.away_resident.pseudonym in home
    staff = world.users[Role.SHELTER_STAFF]
    assert view_entries(staff, world.home) == {world.own.pk, world.foreign.pk}
    away = text(client.get(reverse("shelters:detail", args=[world.away.pk])))
    # Ulla once stayed at their shelter, but her stay elsewhere is not theirs to see.
    assert "Ulla" not in away
    assert world.away_resident.pseudonym in away
    assert view_entries(staff, world.away) == set()


@pytest.mark.parametrize("role", [Role.ECONOMIST, Role.ADMIN])
def test_roles_without_names_see_pseudonyms_and_nothing_is_logged(
    client: Client, world: World, role: str
) -> None:
    login(client, world, role)
    page = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
    for name in ("Søren", "Hansen", "Fremmed", "Ulla"):
        assert name not in page
    assert world.own.pseudonym in page
    assert world.foreign.pseudonym in page
    assert "Din rolle viser ikke beboernes navne" in page
    assert reverse("citizens:detail", args=[world.own.pk]) not in page
    assert_no_cpr(page)
    assert view_entries(world.users[role]) == set()


def test_the_notice_to_the_acting_municipality_is_judged_in_working_days(
    client: Client, world: World
) -> None:
    login(client, world, Role.SHELTER_STAFF)
    page = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
    assert "Underrettet 09.11.2026, for sent (frist 05.11.2026)" in page
    assert "Ikke underrettet, fristen udløb 19.11.2026" in page
    assert page.count("For sent</span>") == 2
    assert "02.11.2026" in page
    assert re.search(r">\s*19\s*</td>", page)  # nights from 2 November to 21 November


def test_a_notice_before_the_deadline_is_in_time(client: Client, world: World) -> None:
    worker = world.users[Role.CASE_WORKER]
    newcomer = factories.citizen(worker, first_name="Nina", last_name="Ny")
    # Thursday 19 November: Friday, Monday, Tuesday are the three working days.
    stay_admit(
        actor=worker, citizen=newcomer, shelter=world.home, admitted=date(2026, 11, 19), today=TODAY
    )
    login(client, world, Role.CASE_WORKER)
    page = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
    assert "Ikke underrettet endnu, frist 24.11.2026" in page


def test_admissions_discharges_and_rates_are_shown(client: Client, world: World) -> None:
    login(client, world, Role.CASE_WORKER)
    page = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
    assert "Indskrivninger og udskrivninger de seneste 90 dage" in page
    assert "2 indskrivninger og 1 udskrivning" in page
    assert "Efter aftale" in page
    assert "Anden boform efter § 110" in page
    assert "Taksthistorik" in page
    assert "01.01.2018" in page
    assert "1.500,00 kr." in page
    assert f"Admin-{world.home.pk}" in page  # who set the rate


def test_aftercare_is_not_a_resident(client: Client, world: World) -> None:
    worker = world.users[Role.CASE_WORKER]
    later = factories.citizen(worker, first_name="Efter", last_name="Eftersen")
    stay_admit(
        actor=worker,
        citizen=later,
        shelter=world.home,
        admitted=date(2026, 1, 5),
        stay_type=StayType.AFTERCARE,
        today=TODAY,
    )
    login(client, world, Role.CASE_WORKER)
    page = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
    assert "Eftersen" not in page  # neither a resident nor a movement in the last 90 days
    assert later.pk not in view_entries(worker)


# --- Query count and pagination: the same queries however many residents and stays -----------


def fill(shelter: Shelter, actor: User, residents: int, *, discharged: int = 0) -> None:
    """Admit ``residents`` (one a day back from yesterday) and ``discharged`` stays that ended.

    The n-th stay that ended ran from 80 - n % 40 days back to n % 40 days back (all within the
    page's 90 days): an admission and a discharge each, so two movements a stay.
    """
    for n in range(residents):
        citizen = factories.citizen(actor, first_name=f"Beboer{n}", last_name="Test")
        stay_admit(
            actor=actor,
            citizen=citizen,
            shelter=shelter,
            admitted=TODAY - timedelta(days=n + 1),
            today=TODAY,
        )
    for n in range(discharged):
        citizen = factories.citizen(actor, first_name=f"Tidligere{n:02d}", last_name="Test")
        stay = stay_admit(
            actor=actor,
            citizen=citizen,
            shelter=shelter,
            admitted=TODAY - timedelta(days=80 - n % 40),
            today=TODAY,
        )
        stay_discharge(
            actor=actor,
            stay=stay,
            discharged=TODAY - timedelta(days=n % 40),
            exit_reason=ExitReason.AGREEMENT,
            exit_destination=ExitDestination.OWN_HOME,
            today=TODAY,
        )


@pytest.mark.parametrize(("residents", "discharged"), [(2, 0), (30, 40)])
@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.ECONOMIST])
def test_the_shelter_page_needs_the_same_queries_however_many_residents_and_stays(
    client: Client,
    db: None,
    django_assert_num_queries: Any,
    residents: int,
    discharged: int,
    role: str,
) -> None:
    shelter = factories.shelter("Tællehjemmet")
    user = factories.user(role, role)
    fill(shelter, factories.user("filler", Role.CASE_WORKER), residents, discharged=discharged)
    client.force_login(user)
    # session, user, shelter, rates, stays, the shown rows' citizens (+ names' audit entries, in
    # one insert, when named)
    expected = 7 + factories.AUDIT_CHAIN_QUERIES if role == Role.CASE_WORKER else 6
    with django_assert_num_queries(expected):
        response = client.get(reverse("shelters:detail", args=[shelter.pk]))
    assert response.status_code == 200
    # Each resident's name links twice: as a resident and as an admission within 90 days.
    named = text(response).count(" Test</a>")
    movements = min(residents + 2 * discharged, MOVEMENTS_PER_PAGE)
    assert named == (residents + movements if role == Role.CASE_WORKER else 0)


def movement_rows(page: str) -> list[str]:
    """Return the movements table's rows, as text."""
    table = page.split('id="movements-caption"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]  # without the header row


def test_the_movements_are_shown_a_page_at_a_time_and_the_residents_whole(
    client: Client, db: None
) -> None:
    shelter = factories.shelter("Sidehjemmet")
    worker = factories.user("sagsbehandler", Role.CASE_WORKER)
    fill(shelter, worker, 3, discharged=30)  # 3 + 2 * 30 = 63 movements: two pages
    client.force_login(worker)
    url = reverse("shelters:detail", args=[shelter.pk])

    first = text(client.get(url))
    assert "Siden 23.08.2026: 33 indskrivninger og 30 udskrivninger." in first
    assert len(movement_rows(first)) == MOVEMENTS_PER_PAGE
    assert "1–50 af 63, side 1 af 2" in first
    assert (
        '<nav class="pagination" aria-label="Sider med indskrivninger og udskrivninger">' in first
    )
    assert re.search(
        r'id="page-1" class="button current-page" href="[^"]*" aria-current="page"', first
    )
    assert f'href="{url}?page=2#bevaegelser"' in first  # back to the movements' heading
    assert 'id="bevaegelser"' in first

    second = text(client.get(f"{url}?page=2"))
    rows = movement_rows(second)
    assert len(rows) == 63 - MOVEMENTS_PER_PAGE
    assert "51–63 af 63, side 2 af 2" in second
    assert re.search(
        r'id="page-2" class="button current-page" href="[^"]*" aria-current="page"', second
    )
    assert f'href="{url}?page=1#bevaegelser"' in second
    # The residents tonight are on every page, whole.
    for page in (first, second):
        assert "3 beboere i nat" in page
        for n in range(3):
            assert f"Beboer{n} Test</a>" in page
    # Newest first across the pages: the second page goes on where the first ends.
    days = [
        datetime.strptime(match.group(), "%d.%m.%Y").date()
        for row in movement_rows(first) + rows
        if (match := re.search(r"\d\d\.\d\d\.\d{4}", row))
    ]
    assert len(days) == 63
    assert days == sorted(days, reverse=True)
    assert days[-1] == TODAY - timedelta(days=80)  # the oldest admission, last


def test_only_the_citizens_shown_by_name_on_the_page_are_logged(client: Client, db: None) -> None:
    shelter = factories.shelter("Loghjemmet")
    worker = factories.user("sagsbehandler", Role.CASE_WORKER)
    fill(shelter, worker, 0, discharged=30)  # 60 movements: 50 on page 1, 10 on page 2
    client.force_login(worker)
    url = reverse("shelters:detail", args=[shelter.pk])
    second = text(client.get(f"{url}?page=2"))
    shown = set(re.findall(r"Tidligere\d\d", second))
    logged = Citizen.objects.filter(pk__in=view_entries(worker, shelter))
    assert {c.first_name for c in logged} == shown
    assert 0 < len(shown) <= 10


def test_a_page_number_out_of_range_shows_the_last_page(client: Client, db: None) -> None:
    shelter = factories.shelter("Kanthjemmet")
    worker = factories.user("sagsbehandler", Role.CASE_WORKER)
    fill(shelter, worker, 0, discharged=30)
    client.force_login(worker)
    url = reverse("shelters:detail", args=[shelter.pk])
    for page in ("99", "nej"):
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200
    assert "51–60 af 60, side 2 af 2" in text(client.get(f"{url}?page=99"))
    assert "1–50 af 60, side 1 af 2" in text(client.get(f"{url}?page=nej"))


def test_a_short_history_has_no_pager(client: Client, world: World) -> None:
    login(client, world, Role.CASE_WORKER)
    page = text(client.get(reverse("shelters:detail", args=[world.home.pk])))
    assert 'class="pagination"' not in page
    assert "side 1 af" not in page

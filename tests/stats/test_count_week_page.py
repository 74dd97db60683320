"""/statistik/optaelling/: the counts for everyone, names only for those who may see citizens."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from openpyxl import load_workbook

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen, Gender, Situation
from hjemvej.citizens.services import citizen_create
from hjemvej.core import dates
from hjemvej.stats.count_week import default_week
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/statistik/optaelling/"
WEEK_6 = {"aar": "2026", "uge": "6"}


@pytest.fixture
def people() -> tuple[User, list[Citizen]]:
    worker = factories.user("rita", Role.CASE_WORKER)
    lacking = [
        citizen_create(
            actor=worker,
            acting_municipality=factories.municipality(),
            situation=situation,
            situation_start=date(2026, 1, 5),
            today=factories.TODAY,
            first_name=name,
            last_name="Mangler",
        )
        for name, situation in (("Søren", Situation.STREET), ("Dorthe", Situation.SOFA))
    ]
    citizen_create(  # after the week: not counted, not listed
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.STREET,
        situation_start=date(2026, 3, 1),
        today=factories.TODAY,
        first_name="Senere",
        gender=Gender.MALE,
    )
    return worker, lacking


def page(client: Client, user: User, query: dict[str, str] | None = None) -> str:
    client.force_login(user)
    response = client.get(URL, query or WEEK_6)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.MANAGER])
def test_staff_see_names_linked_to_the_citizen(
    client: Client, people: tuple[User, list[Citizen]], role: str
) -> None:
    worker, lacking = people
    user = worker if role == Role.CASE_WORKER else factories.user("mona", Role.MANAGER)
    html = page(client, user)
    for citizen in lacking:
        assert f'href="/borgere/{citizen.pk}/"' in html
        assert citizen.display_name in html
    assert "Senere" not in html
    assert "Køn, Fødselsdato (alder), Forsørgelsesgrundlag, Børn (husstand)" in html


def test_economists_see_pseudonyms_and_no_names(
    client: Client, people: tuple[User, list[Citizen]]
) -> None:
    _worker, lacking = people
    html = page(client, factories.user("erik", Role.ECONOMIST))
    for citizen in lacking:
        assert citizen.pseudonym in html
        assert citizen.first_name not in html
        assert f"/borgere/{citizen.pk}/" not in html


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.ECONOMIST])
def test_the_missing_list_is_one_audit_entry_naming_everyone_shown(
    client: Client, people: tuple[User, list[Citizen]], role: str
) -> None:
    worker, lacking = people
    user = worker if role == Role.CASE_WORKER else factories.user("erik", Role.ECONOMIST)
    before = AuditEntry.objects.count()
    page(client, user)
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.user, entry.action) == (user, AuditAction.VIEW)
    assert entry.detail == {"page": "stats:count_week", "year": 2026, "week": 6}
    assert factories.citizens_named(entries) == {c.pk for c in lacking}


def test_a_week_without_anyone_lacking_writes_no_audit_entry(
    client: Client, people: tuple[User, list[Citizen]]
) -> None:
    worker, _lacking = people
    before = AuditEntry.objects.count()
    html = page(client, worker, {"aar": "2020", "uge": "6"})
    assert AuditEntry.objects.count() == before
    assert "Ingen borgere i optællingen mangler svar" in html
    assert "6.431" in html  # the national count of 2019 stands in the table of counts


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"aar": "2027", "uge": "53"}, "2027 har ingen uge 53"),
        ({"aar": "abc", "uge": "6"}, "Skriv året som et tal"),
        ({"aar": "2026", "uge": "0"}, "Ugen skal være et tal fra 1 til 53"),
        ({"aar": "1999", "uge": "6"}, "VIVE har talt siden 2007"),
        ({"aar": "2999", "uge": "6"}, f"Vælg et år til og med {dates.today().year + 1}"),
        ({"aar": "2026", "uge": ""}, "Skriv ugen, fx 6."),
    ],
)
def test_a_wrong_week_is_named_in_danish_and_the_default_week_shown(
    client: Client, people: tuple[User, list[Citizen]], query: dict[str, str], message: str
) -> None:
    worker, _lacking = people
    html = page(client, worker, query)
    assert message in html
    assert f"Nedenfor vises {default_week(dates.today()).label}" in html


def test_the_page_says_when_the_week_is_not_a_count_week(
    client: Client, people: tuple[User, list[Citizen]]
) -> None:
    worker, _lacking = people
    html = page(client, worker, {"aar": "2026", "uge": "7"})
    assert "uge 7, 2026 er ikke en tælleuge" in html
    html = page(client, worker, WEEK_6)
    assert "er Hjemvejs antagelse" in html


def test_the_xlsx_holds_counts_and_no_names(
    client: Client, people: tuple[User, list[Citizen]]
) -> None:
    worker, lacking = people
    client.force_login(worker)
    before = AuditEntry.objects.count()
    response = client.get(URL + "regneark/", WEEK_6)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('vive-optaelling-2026-uge-06.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    cells = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    text = " ".join(cells)
    for citizen in lacking:
        assert citizen.first_name not in text
        assert citizen.pseudonym not in text
    situations = book["Situationer"]
    rows = {r[0]: r[1] for r in situations.iter_rows(values_only=True)}
    assert rows["I alt"] == 2
    assert AuditEntry.objects.count() == before  # counts only: nothing read about anyone

"""The by-name list page (/borgere/): filters, sort, search, pagination, scope, audit, export."""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
from datetime import date, datetime
from decimal import Decimal
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from openpyxl.cell.cell import Cell

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import citizen_create
from hjemvej.shelters.models import Shelter
from hjemvej.shelters.services import stay_admit
from hjemvej.support.models import CourseKind
from hjemvej.support.services import contact_add, course_create
from tests import factories
from tests.background import fetched, filters

TODAY = factories.TODAY
LIST = reverse("citizens:list")
CPR = "1503853319"  # born 15 March 1985
CPR_SHAPES = ("1503853319", "150385-3319", "3319")
UNKNOWN_CPR = "2811914455"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


@pytest.fixture
def worker() -> User:
    return factories.user("raadgiver", Role.CASE_WORKER)


@pytest.fixture
def shelter() -> Shelter:
    return factories.shelter("Herberget", code="751")


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def html(response: Any) -> str:
    return str(response.content.decode())


def build(worker: User, shelter: Shelter, count: int) -> list[Citizen]:
    """Build ``count`` citizens with a mix of stays, courses and contacts."""
    citizens = []
    for i in range(count):
        citizen = factories.citizen(
            worker,
            first_name=f"Borger{i:04d}",
            last_name="Test",
            start=date(2025, 1, 1 + i % 28),
        )
        if i % 3 == 0:
            course_create(
                actor=worker,
                citizen=citizen,
                kind=[CourseKind.CTI, CourseKind.ICM, CourseKind.SEL85][i % 9 // 3],
                decided_on=date(2026, 1, 1),
                start=date(2026, 1, 1),
            )
        if i % 4 == 0:
            contact_add(
                actor=worker, citizen=citizen, on=date(2026, 11, 1), kind="visit", today=TODAY
            )
        if i % 5 == 0:
            stay_admit(
                actor=worker,
                citizen=citizen,
                shelter=shelter,
                admitted=date(2026, 9, 1),
                today=TODAY,
            )
        citizens.append(citizen)
    return citizens


# --- the page ----------------------------------------------------------------------------------


def test_the_list_shows_the_facts_of_each_citizen(
    client: Client, worker: User, shelter: Shelter
) -> None:
    away = factories.shelter("Kollegiet i København", code="101")
    anna = factories.citizen(
        worker, first_name="Anna", last_name="Holm", cpr=CPR, start=date(2025, 1, 1)
    )
    stay_admit(actor=worker, citizen=anna, shelter=away, admitted=date(2026, 10, 1), today=TODAY)
    course_create(
        actor=worker,
        citizen=anna,
        kind=CourseKind.CTI,
        decided_on=date(2026, 10, 1),
        start=date(2026, 10, 1),
    )
    contact_add(actor=worker, citizen=anna, on=date(2026, 11, 11), kind="visit", today=TODAY)
    citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.SOFA,
        situation_start=date(2026, 11, 1),
        today=TODAY,
        alias="Skipper",
    )
    response = signed_in(client, worker).get(LIST)
    assert response.status_code == 200
    page = html(response)
    assert f'href="{reverse("citizens:detail", args=[anna.pk])}"' in page
    assert "Anna Holm" in page
    assert "150385-****" in page
    assert "1503853319" not in page
    assert "150385-3319" not in page
    assert "Skipper" in page
    assert "uden CPR" in page
    assert "Boform efter § 110" in page
    assert "Sofasover" in page
    assert "Kollegiet i København" in page
    assert "ekstern" in page
    assert "indskrevet 01.10.2026" in page
    assert "CTI" in page
    assert "689 dage" in page
    assert "langvarig" in page
    assert "11.11.2026" in page
    assert "10 dage siden" in page
    assert "Ingen kontakt" in page
    assert "Viser 1–2 af 2" in page
    assert "antaget" in page  # the long-term threshold is not enacted law: the page says so


def test_the_list_is_a_table_with_caption_and_headers(client: Client, worker: User) -> None:
    factories.citizen(worker)
    page = html(signed_in(client, worker).get(LIST))
    # The table scrolls in a focusable region named by its caption (finding 8 of issue 10).
    assert '<caption id="' in page
    assert 'role="region" aria-labelledby="' in page
    assert '<th scope="col" aria-sort="ascending"><a id="sort-name"' in page
    assert '<th scope="row">' in page
    assert 'for="cpr"' in page
    assert 'id="cpr"' in page
    assert "<script>" not in page
    assert 'style="' not in page


def test_htmx_gets_the_table_alone(client: Client, worker: User) -> None:
    factories.citizen(worker, first_name="Anna")
    response = signed_in(client, worker).get(
        LIST, {"q": "anna"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="citizen-table"
    )
    page = html(response)
    assert "<html" not in page
    assert 'id="citizen-table"' in page
    assert "Anna" in page
    assert "HX-Request" in response["Vary"]
    history = client.get(
        LIST,
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="citizen-table",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    assert "<html" in html(history)


# --- query count -------------------------------------------------------------------------------


#: session, user, municipalities, shelters, count, page ids, page facts, courses, audit insert
#: (with the hash chain's queries)
PAGE_QUERIES = 9 + factories.AUDIT_CHAIN_QUERIES


@pytest.mark.parametrize("count", [10, 1000])
def test_the_page_costs_the_same_queries_for_10_and_1000_citizens(
    client: Client,
    worker: User,
    shelter: Shelter,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    build(worker, shelter, count)
    signed_in(client, worker)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(LIST, {"sort": "-time"})
    assert f"af {count}" in html(response)
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(
            LIST, {"page": "2", "sort": "admitted", "no_contact_days": "3", "on_list": "all"}
        )


# --- filters and sort through the form ---------------------------------------------------------


def shown(response: Any) -> list[str]:
    """Return the first names in the table, in order."""
    page = html(response)
    found = []
    for first in ("Anna", "Bo", "Carl", "Dina", "Eva"):
        at = page.find(f">{first} ")
        if at >= 0:
            found.append((at, first))
    return [first for _, first in sorted(found)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Carl", "Bo", "Dina", "Anna"]),
        ({"on_list": "no"}, ["Eva"]),
        ({"on_list": "all"}, ["Carl", "Bo", "Dina", "Eva", "Anna"]),
        ({"situation": ["sofa", "shelter"]}, ["Carl", "Bo", "Dina"]),
        ({"situation": "none", "on_list": "all"}, ["Eva"]),
        ({"shelter": "external"}, ["Dina"]),
        ({"shelter": "none"}, ["Bo", "Anna"]),
        ({"method": "cti"}, ["Bo"]),
        ({"method": "none"}, ["Carl", "Dina"]),
        ({"min_days": "300"}, ["Dina", "Anna"]),
        ({"long_term": "on"}, ["Dina", "Anna"]),
        ({"no_contact_days": "30"}, ["Carl", "Bo", "Dina"]),
        ({"q": "ørsted"}, ["Anna"]),
        ({"q": "ANNA"}, ["Anna"]),
        ({"sort": "-name"}, ["Anna", "Dina", "Bo", "Carl"]),
        ({"sort": "time"}, ["Bo", "Carl", "Dina", "Anna"]),
        ({"sort": "-time"}, ["Anna", "Dina", "Carl", "Bo"]),
        ({"sort": "contact"}, ["Bo", "Dina", "Carl", "Anna"]),
        ({"sort": "-contact"}, ["Anna", "Carl", "Bo", "Dina"]),
        ({"sort": "admitted"}, ["Dina", "Carl", "Bo", "Anna"]),
        ({"sort": "-admitted"}, ["Carl", "Dina", "Bo", "Anna"]),
        ({"min_days": "abc"}, ["Carl", "Bo", "Dina", "Anna"]),  # invalid: filters nothing
    ],
)
def test_filters_and_sort_from_the_query_string(
    client: Client,
    worker: User,
    crowd: dict[str, Any],
    query: dict[str, Any],
    expected: list[str],
) -> None:
    assert shown(signed_in(client, worker).get(LIST, query)) == expected


def test_shelter_filter_by_id(
    client: Client, worker: User, crowd: dict[str, Any], home_shelter: Shelter
) -> None:
    response = signed_in(client, worker).get(LIST, {"shelter": str(home_shelter.pk)})
    assert shown(response) == ["Carl"]


def test_an_invalid_filter_is_explained_at_its_field(
    client: Client, worker: User, crowd: dict[str, Any]
) -> None:
    page = html(signed_in(client, worker).get(LIST, {"min_days": "abc"}))
    assert 'id="min_days-error"' in page
    assert 'aria-describedby="min_days-error"' in page
    assert 'aria-invalid="true"' in page


def test_sort_headers_flip_and_carry_the_filters(
    client: Client, worker: User, crowd: dict[str, Any]
) -> None:
    page = html(signed_in(client, worker).get(LIST, {"sort": "time", "method": "cti"}))
    header = re.search(
        r'<th scope="col" class="number" aria-sort="ascending"><a id="sort-time" href="([^"]+)"',
        page,
    )
    assert header is not None
    link = QueryDict(urlsplit(unescape(header.group(1))).query)
    assert (link["sort"], link["method"], link["on_list"]) == ("-time", "cti", "yes")
    assert page.count("aria-sort=") == 1
    name = re.search(r'<a id="sort-name" href="([^"]+)"', page)
    assert name is not None
    assert QueryDict(urlsplit(unescape(name.group(1))).query)["sort"] == "name"
    page = html(client.get(LIST, {"sort": "-time"}))
    assert 'aria-sort="descending"><a id="sort-time"' in page


# --- name and CPR search -----------------------------------------------------------------------


def test_cpr_search_goes_to_the_citizen_and_never_shows_the_number(
    client: Client, worker: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    citizen = factories.citizen(worker, cpr=CPR)
    response = signed_in(client, worker).post(LIST, {"cpr": "150385-3319"})
    assert response.status_code == 302
    assert response["Location"] == reverse("citizens:detail", args=[citizen.pk])
    entry = AuditEntry.objects.get(action=AuditAction.SEARCH)
    assert entry.citizen == citizen
    assert entry.detail == {"page": "by_name_list", "by": "cpr", "found": True}
    for shape in CPR_SHAPES[:2]:
        assert shape not in caplog.text


def test_cpr_search_without_a_match_says_so(
    client: Client, worker: User, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    factories.citizen(worker, cpr=CPR)
    outside = factories.user("kbh", Role.CASE_WORKER, code="101")
    factories.citizen(outside, cpr=UNKNOWN_CPR, code="101")  # exists, but outside the scope
    signed_in(client, worker)
    for number in (UNKNOWN_CPR, "0101010000"):
        response = client.post(LIST, {"cpr": number, "filters": "sort=-time&q=holm"})
        assert response.status_code == 302
        assert number not in response["Location"]
        assert number[:6] not in response["Location"]
        assert response["Location"].startswith(LIST)
        assert "sort=-time" in response["Location"]
        page = html(client.get(response["Location"]))
        assert "Ingen borger med dette CPR-nummer" in page
        assert 'aria-describedby="cpr-hint cpr-error"' in page
        assert number not in page
        assert number[:6] not in page
        assert number[6:] not in page
        assert number not in caplog.text
    # The message is shown once.
    assert "Ingen borger med dette CPR-nummer" not in html(client.get(LIST))
    entries = [
        e for e in AuditEntry.objects.filter(action=AuditAction.SEARCH) if e.detail["by"] == "cpr"
    ]
    assert [e.detail for e in entries] == [
        {"page": "by_name_list", "by": "cpr", "found": False}
    ] * 2
    assert all(e.citizen is None for e in entries)


def test_an_invalid_cpr_number_is_explained(client: Client, worker: User) -> None:
    response = signed_in(client, worker).post(LIST, {"cpr": "3213"}, follow=True)
    page = html(response)
    assert "CPR-nummeret skal have 10 cifre" in page
    assert "3213" not in page


def test_a_cpr_number_in_the_name_search_is_taken_out_of_the_address(
    client: Client, worker: User
) -> None:
    factories.citizen(worker, cpr=CPR)
    response = signed_in(client, worker).get(LIST, {"q": "150385-3319", "sort": "-time"})
    assert response.status_code == 302
    assert "3319" not in response["Location"]
    assert "150385" not in response["Location"]
    assert "sort=-time" in response["Location"]
    page = html(client.get(response["Location"]))
    assert "ligner et CPR-nummer" in page
    htmx = client.get(LIST, {"q": "1503853319"}, HTTP_HX_REQUEST="true")
    assert "1503853319" not in htmx["HX-Redirect"]
    assert not AuditEntry.objects.filter(action=AuditAction.SEARCH).exists()


def test_name_search_is_logged_with_what_was_searched(
    client: Client, worker: User, crowd: dict[str, Any]
) -> None:
    signed_in(client, worker).get(LIST, {"q": "ørsted"})
    entry = AuditEntry.objects.get(action=AuditAction.SEARCH)
    assert entry.detail == {"page": "by_name_list", "by": "name"}  # not the name


# --- pagination --------------------------------------------------------------------------------


def test_pagination_25_a_page_with_a_count(client: Client, worker: User, shelter: Shelter) -> None:
    build(worker, shelter, 30)
    signed_in(client, worker)
    first = html(client.get(LIST))
    assert "Viser 1–25 af 30" in first
    assert "Borger0024" in first
    assert "Borger0025" not in first
    assert "Næste" in first
    assert 'aria-current="page"' in first
    second = html(client.get(LIST, {"page": "2"}))
    assert "Viser 26–30 af 30" in second
    assert "Borger0025" in second
    assert "Forrige" in second
    beyond = html(client.get(LIST, {"page": "99"}))
    assert "Viser 26–30 af 30" in beyond
    assert "Viser 1–25 af 30" in html(client.get(LIST, {"page": "x"}))


# --- scope per role ----------------------------------------------------------------------------


@pytest.fixture
def roles(worker: User, shelter: Shelter) -> dict[str, User]:
    other_shelter = factories.shelter("Andet herberg", code="751")
    users: dict[str, User] = {
        Role.CASE_WORKER: worker,
        Role.MANAGER: factories.user("leder", Role.MANAGER),
        Role.SUPPORT_WORKER: factories.user("bostoette", Role.SUPPORT_WORKER),
        Role.SHELTER_STAFF: factories.user("boform", Role.SHELTER_STAFF, shelter=shelter),
        Role.ECONOMIST: factories.user("oekonomi", Role.ECONOMIST),
        Role.ADMIN: factories.user("administrator", Role.ADMIN),
    }
    kbh = factories.user("kbh", Role.CASE_WORKER, code="101")
    own = factories.citizen(worker, first_name="Egen", last_name="Borger")
    supported = factories.citizen(worker, first_name="Støttet", last_name="Borger")
    resident = factories.citizen(kbh, first_name="Beboer", last_name="Borger", code="101")
    factories.citizen(kbh, first_name="Fremmed", last_name="Borger", code="101")
    course_create(
        actor=worker,
        citizen=supported,
        kind=CourseKind.ICM,
        decided_on=date(2026, 1, 1),
        start=date(2026, 1, 1),
        worker=users[Role.SUPPORT_WORKER],
        monthly_cost=Decimal(8000),
    )
    stay_admit(actor=kbh, citizen=resident, shelter=shelter, admitted=date(2026, 5, 1), today=TODAY)
    stay_admit(
        actor=worker, citizen=own, shelter=other_shelter, admitted=date(2026, 5, 1), today=TODAY
    )
    return users


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.CASE_WORKER, {"Egen", "Støttet"}),
        (Role.MANAGER, {"Egen", "Støttet"}),
        (Role.SUPPORT_WORKER, {"Støttet"}),
        (Role.SHELTER_STAFF, {"Beboer"}),
    ],
)
def test_each_role_sees_its_scope(
    client: Client, roles: dict[str, User], role: str, expected: set[str]
) -> None:
    response = signed_in(client, roles[role]).get(LIST, {"municipality": ""})
    assert response.status_code == 200
    page = html(response)
    seen = {name for name in ("Egen", "Støttet", "Beboer", "Fremmed") if f">{name} Borger<" in page}
    assert seen == expected
    if role == Role.SHELTER_STAFF:
        assert "Andet herberg" not in page  # a stay at another shelter is not theirs to see


@pytest.mark.parametrize("role", [Role.ECONOMIST, Role.ADMIN])
def test_roles_without_names_are_refused(client: Client, roles: dict[str, User], role: str) -> None:
    signed_in(client, roles[role])
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"cpr": CPR}).status_code == 403
    assert client.post(reverse("citizens:export", args=["csv"])).status_code == 403


def test_signed_out_users_go_to_the_login(client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_shelter_staff_choose_among_the_municipalities_they_see(
    client: Client, roles: dict[str, User], worker: User, shelter: Shelter
) -> None:
    # A resident from the staff member's own municipality as well as the one from 101.
    own = factories.citizen(worker, first_name="Lokal", last_name="Borger")
    stay_admit(actor=worker, citizen=own, shelter=shelter, admitted=date(2026, 6, 1), today=TODAY)
    signed_in(client, roles[Role.SHELTER_STAFF])
    page = html(client.get(LIST))
    assert 'name="municipality"' in page
    assert ">Lokal Borger<" in page
    assert ">Beboer Borger<" not in page
    page = html(client.get(LIST, {"municipality": ""}))
    assert ">Lokal Borger<" in page
    assert ">Beboer Borger<" in page
    # A case worker sees one municipality: no such filter.
    assert 'name="municipality"' not in html(signed_in(client, worker).get(LIST))


# --- audit -------------------------------------------------------------------------------------


def test_one_view_entry_naming_every_citizen_shown(
    client: Client, worker: User, shelter: Shelter
) -> None:
    citizens = build(worker, shelter, 27)
    signed_in(client, worker).get(LIST)
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW)
    assert entries.count() == 1  # one row for the page, not one per citizen (issue 12)
    assert factories.citizens_named(entries) == {c.pk for c in citizens[:25]}
    assert all(e.detail == {"page": "by_name_list"} and e.user == worker for e in entries)


# --- export ------------------------------------------------------------------------------------


def test_csv_export_has_the_filtered_rows_of_every_page(
    client: Client, worker: User, shelter: Shelter
) -> None:
    build(worker, shelter, 30)
    factories.citizen(worker, first_name="Anders", last_name="And", cpr=CPR)
    signed_in(client, worker)
    response = fetched(
        client, reverse("citizens:export", args=["csv"]), filters(q="test", sort="-name")
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        response["Content-Disposition"] == 'attachment; filename="hjemvej-borgere-2026-11-21.csv"'
    )
    assert response.content.startswith(codecs.BOM_UTF8)
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, body = table[0], table[1:]
    assert header[:3] == ["Navn", "Alias", "Alder"]
    assert "Dage i hjemløshed" in header
    assert "Seneste kontakt" in header
    assert not any("CPR" in column for column in header)
    assert len(body) == 30  # every page, and the name search left Anders out
    assert body[0][0] == "Borger0029 Test"
    row = dict(zip(header, body[-1], strict=True))
    assert row["Navn"] == "Borger0000 Test"
    assert row["Boform nu"] == "Herberget"
    assert row["Ekstern boform"] == "Nej"
    assert row["Indskrevet"] == "01.09.2026"
    assert row["Seneste kontakt"] == "01.11.2026"
    assert row["Dage siden kontakt"] == "20"
    assert row["På by-name-listen nu"] == "Ja"
    text = response.content.decode("utf-8-sig")
    for shape in CPR_SHAPES[:2]:
        assert shape not in text
    exported = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    assert exported.count() == 1
    assert len(factories.citizens_named(exported)) == 30
    # Written when the file was fetched, naming the job that made it.
    assert all(
        {k: v for k, v in e.detail.items() if k != "job"}
        == {"page": "by_name_list", "format": "csv"}
        and e.detail["job"]
        for e in exported
    )


def test_xlsx_export_has_header_frozen_panes_widths_and_real_dates(
    client: Client, worker: User, shelter: Shelter
) -> None:
    build(worker, shelter, 5)
    signed_in(client, worker)
    response = fetched(client, reverse("citizens:export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('hjemvej-borgere-2026-11-21.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Borgere"]
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Navn"
    assert not any("CPR" in str(h) for h in header)
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["A"].width
    assert sheet.column_dimensions["A"].width > 20
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5
    first = dict(zip(header, rows[0], strict=True))
    assert first["Navn"] == "Borger0000 Test"
    assert first["Indskrevet"] == datetime(2026, 9, 1)
    assert first["Dage i hjemløshed"] == 689
    admitted = sheet.cell(row=2, column=header.index("Indskrevet") + 1)
    assert isinstance(admitted, Cell)
    assert admitted.is_date
    assert admitted.number_format == "DD.MM.YYYY"
    about = book["Om udtrækket"]
    assert about["B1"].value == datetime(2026, 11, 21)
    assert "antaget" in str([c.value for c in about["B"]])
    exported = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    assert len(factories.citizens_named(exported)) == 5


def test_exports_are_text_never_formulas(client: Client, worker: User) -> None:
    factories.citizen(worker, first_name="=HYPERLINK(1)", last_name="")
    signed_in(client, worker)
    text = fetched(client, reverse("citizens:export", args=["csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    book = openpyxl.load_workbook(
        io.BytesIO(fetched(client, reverse("citizens:export", args=["xlsx"])).content)
    )
    cell = book["Borgere"]["A2"]
    assert cell.value == "=HYPERLINK(1)"
    assert cell.data_type == "s"


def test_export_unknown_format_is_404(client: Client, worker: User) -> None:
    signed_in(client, worker)
    assert client.post(reverse("citizens:export", args=["pdf"])).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASE_WORKER, 200),
        (Role.MANAGER, 200),
        (Role.SUPPORT_WORKER, 403),
        (Role.SHELTER_STAFF, 403),
        (Role.ECONOMIST, 403),
        (Role.ADMIN, 403),
    ],
)
def test_export_is_scoped_and_refused_by_role(
    client: Client, roles: dict[str, User], role: str, status: int
) -> None:
    response = fetched(signed_in(client, roles[role]), reverse("citizens:export", args=["csv"]))
    assert response.status_code == status
    if status == 200:
        text = response.content.decode("utf-8-sig")
        assert "Egen Borger" in text
        assert "Støttet Borger" in text
        assert "Beboer" not in text
        assert "Fremmed" not in text


def test_export_links_only_for_roles_that_may_export(
    client: Client, roles: dict[str, User]
) -> None:
    export = reverse("citizens:export", args=["csv"])
    assert export in html(signed_in(client, roles[Role.CASE_WORKER]).get(LIST))
    assert export not in html(signed_in(client, roles[Role.SUPPORT_WORKER]).get(LIST))

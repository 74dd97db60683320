"""/statistik/listen/: the list over time as managers, economists and case workers see it."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.citizens.models import Citizen, ListEventReason, Situation
from hjemvej.citizens.services import citizen_create, situation_end
from hjemvej.core import dates
from hjemvej.rules.dates import month_start_plus
from hjemvej.stats.models import ListTarget, TargetMeasure
from hjemvej.stats.services import list_target_set
from tests import factories

pytestmark = pytest.mark.django_db

FLOWS = reverse("stats:flows")
XLSX = reverse("stats:flows_xlsx")
TARGETS = reverse("stats:flows_targets")


def citizen(worker: User, name: str, start: date, code: str = "751") -> Citizen:
    """Register a citizen on the street from ``start``, as of the real today (the page's)."""
    return citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(code),
        situation=Situation.STREET,
        situation_start=start,
        today=dates.today(),
        first_name=name,
    )


@pytest.fixture
def world() -> dict[str, User]:
    """Three citizens in 751 (one housed last month, one new this month), one in Copenhagen."""
    worker = factories.user("rita", Role.CASE_WORKER)
    today = dates.today()
    anna = citizen(worker, "Annafornavn", month_start_plus(today, -3))
    citizen(worker, "Bofornavn", month_start_plus(today, -2))
    situation_end(
        actor=worker,
        citizen=anna,
        end=month_start_plus(today, -1),
        reason=ListEventReason.HOUSED,
        today=today,
    )
    citizen(worker, "Carlfornavn", today.replace(day=1))
    other = factories.user("kbh", Role.CASE_WORKER, code="101")
    citizen(other, "Kbhfornavn", month_start_plus(today, -2), code="101")
    return {
        "worker": worker,
        "manager": factories.user("lise", Role.MANAGER),
        "economist": factories.user("oekonom", Role.ECONOMIST),
    }


@pytest.mark.parametrize(
    ("role", "shown", "targets"),
    [
        (Role.MANAGER, 200, 200),
        (Role.ECONOMIST, 200, 403),
        (Role.CASE_WORKER, 200, 403),
        (Role.SHELTER_STAFF, 403, 403),
        (Role.SUPPORT_WORKER, 403, 403),
        (Role.ADMIN, 403, 403),
    ],
)
def test_who_sees_the_page_and_sets_targets(
    client: Client, role: str, shown: int, targets: int
) -> None:
    client.force_login(factories.user("bruger", role))
    assert client.get(FLOWS).status_code == shown
    assert client.get(XLSX).status_code == shown
    assert client.get(TARGETS).status_code == targets
    response = client.post(TARGETS, {"long_term_target": "0", "long_term_by_date": "2027-12-31"})
    assert response.status_code == (302 if targets == 200 else 403)
    assert ListTarget.objects.exists() == (targets == 200)


def test_the_page_counts_the_municipality_and_names_nobody(
    client: Client, world: dict[str, User]
) -> None:
    client.force_login(world["economist"])
    before = AuditEntry.objects.count()
    html = client.get(FLOWS).content.decode()
    for name in ("Annafornavn", "Bofornavn", "Carlfornavn", "Kbhfornavn"):
        assert name not in html
    today = dates.today()
    this_month = today.replace(day=1)
    assert f"(til og med {today.day}.)" in html  # the month in progress says so
    twelve_back = month_start_plus(today, -11)
    assert f'<option value="{twelve_back:%Y-%m}" selected>' in html  # the months shown
    assert f'<option value="{today:%Y-%m}" selected>' in html
    assert 'alt="Kurvediagram over borgere på listen' in html
    assert AuditEntry.objects.count() == before  # counts only: nothing to log
    # The last four months of the main table: start, in, out, net, end, long-term.
    assert main_rows(html)[-4:] == [
        ["0", "1", "0", "+1", "1", "0"],
        ["1", "1", "0", "+1", "2", "0"],
        ["2", "0", "1", "-1", "1", "0"],
        ["1", "1", "0", "+1", "2", "0"],
    ]
    response = client.get(FLOWS, {"fra": f"{this_month:%Y-%m}", "til": f"{this_month:%Y-%m}"})
    assert response.status_code == 200
    assert response.content.decode().count(f"&nbsp;{today:%Y}") == 4  # one row in four tables


def main_rows(html: str) -> list[list[str]]:
    """Return the cells of the page's first table's rows, without the month."""
    table = html.split('id="tabel-listen"')[1].split("</table>")[0]
    return [re.findall(r'<td class="number">([^<]*)</td>', row) for row in table.split("<tr>")[2:]]


@pytest.mark.parametrize(
    "query",
    [
        {"fra": "2026-13", "til": "2026-01"},
        {"fra": "abc"},
        {"til": "2019-01"},
        {"fra": "2999-01", "til": "2999-02"},
        {"fra": "0000-00", "til": ""},
    ],
)
def test_months_the_form_does_not_offer_are_a_danish_error_not_a_500(
    client: Client, world: dict[str, User], query: dict[str, str]
) -> None:
    client.force_login(world["manager"])
    response = client.get(FLOWS, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vælg en måned på listen." in html
    assert "<title>Fejl: " in html
    assert client.get(XLSX, query).status_code == 302  # back to the page and its error


def test_a_query_without_months_shows_the_last_twelve(
    client: Client, world: dict[str, User]
) -> None:
    client.force_login(world["manager"])
    html = client.get(FLOWS, {"utm_source": "nyhedsbrev"}).content.decode()
    assert "Vælg en måned på listen." not in html
    assert len(main_rows(html)) == 12


def test_to_before_from_is_an_error_at_to(client: Client, world: dict[str, User]) -> None:
    client.force_login(world["manager"])
    today = dates.today()
    query = {
        "fra": f"{today:%Y-%m}",
        "til": f"{month_start_plus(today, -1):%Y-%m}",
    }
    html = client.get(FLOWS, query).content.decode()
    assert "Til-måneden ligger før fra-måneden." in html


def test_the_target_stands_as_a_sentence_and_a_line(client: Client, world: dict[str, User]) -> None:
    manager = world["manager"]
    assert manager.municipality is not None
    list_target_set(
        actor=manager,
        municipality=manager.municipality,
        measure=TargetMeasure.ON_LIST,
        target=0,
        by_date=date(2027, 12, 31),
        today=dates.today(),
    )
    client.force_login(world["economist"])
    html = client.get(FLOWS).content.decode()
    assert "Mål: 0 borgere på listen senest 31.12.2027; nu 2" in html
    assert "Vandret linje: Mål: 0 borgere på listen senest 31.12.2027." in html
    assert "Ret målene" not in html  # economists do not set targets


def test_a_manager_sets_a_target_with_danish_errors_at_the_fields(
    client: Client, world: dict[str, User]
) -> None:
    client.force_login(world["manager"])
    response = client.post(TARGETS, {"long_term_target": "-1", "on_list_by_date": "2027-12-31"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Målet kan ikke være negativt." in html
    response = client.post(TARGETS, {"on_list_by_date": "2027-12-31"})
    assert "Skriv, hvor mange borgere målet er." in response.content.decode()
    response = client.post(TARGETS, {"long_term_target": "tre", "long_term_by_date": "31.12.2027"})
    assert "Skriv et helt tal, fx 0." in response.content.decode()
    assert not ListTarget.objects.exists()
    response = client.post(
        TARGETS, {"long_term_target": "0", "long_term_by_date": "31.12.2027"}, follow=True
    )
    html = response.content.decode()
    assert "Målene for listen er gemt." in html
    assert "Mål: 0 langvarigt hjemløse senest 31.12.2027; nu 0" in html
    assert client.get(TARGETS).content.decode().count('value="2027-12-31"') == 1


def test_the_xlsx_holds_the_pages_months(client: Client, world: dict[str, User]) -> None:
    client.force_login(world["economist"])
    today = dates.today()
    first = month_start_plus(today, -3)
    response = client.get(XLSX, {"fra": f"{first:%Y-%m}", "til": f"{today:%Y-%m}"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="hjemvej-listen-751-')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Listen over tid", "Ved månedens udgang", "Grafer", "Om tallene"]
    sheet = book["Listen over tid"]
    header = next(r for r in range(1, 10) if sheet.cell(row=r, column=1).value == "Måned")
    months = [sheet.cell(row=r, column=1).value for r in range(header + 1, header + 5)]
    assert months == [datetime.combine(month_start_plus(today, k), time()) for k in (-3, -2, -1, 0)]
    inflow = [sheet.cell(row=r, column=6).value for r in range(header + 1, header + 5)]
    assert inflow == [1, 1, 0, 1]
    text = "".join(str(c.value) for row in book["Listen over tid"].iter_rows() for c in row)
    for name in ("Annafornavn", "Bofornavn", "Carlfornavn", "Kbhfornavn"):
        assert name not in text


def test_the_dashboard_shows_this_months_flow_from_the_same_selector(
    client: Client, world: dict[str, User]
) -> None:
    from hjemvej.accounts.policy import citizens_for
    from hjemvej.start.sections import manager as manager_start
    from hjemvej.stats.flows.selectors import month_flow

    today = dates.today()
    manager = world["manager"]
    flow = month_flow(citizens_for(manager), today=today)
    start = manager_start(manager, today)
    assert (start.inflow, start.outflow, start.month) == (1, 0, today.replace(day=1))
    assert (flow.inflow, flow.outflow, flow.month) == (start.inflow, start.outflow, start.month)

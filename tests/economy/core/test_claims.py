"""The reimbursement claim: lines and totals, out of date after changes, exports, roles."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hjemvej.accounts.models import AuditAction, AuditEntry, Role
from hjemvej.core.errors import DomainError
from hjemvej.economy import selectors
from hjemvej.economy.models import ClaimLine, ReimbursementClaim
from hjemvej.economy.services import claim_create
from hjemvej.rules.parameters import Override, default_parameters
from hjemvej.rules.shelter import Readings
from hjemvej.rules.shelter.periods import CAP, OWN_PAYMENT, RATE
from hjemvej.shelters.services import shelter_rate_set, stay_discharge, stay_update
from tests import factories
from tests.background import fetched, run_jobs, started_job
from tests.economy.core.conftest import TODAY, PlainCells, World, login

Y2025 = (date(2025, 1, 1), date(2026, 1, 1))
NAMES = ("Anna", "Andersen", "Bent Berg", "Carl Carlsen", "Dorte Dahl", "Gitte Gram")


def _claim(world: World, start: date, end: date, **kwargs: object) -> ReimbursementClaim:
    user = world.users[Role.ECONOMIST]
    assert user.municipality is not None
    return claim_create(
        actor=user,
        municipality=user.municipality,
        start=start,
        end=end,
        today=TODAY,
        **kwargs,  # type: ignore[arg-type]
    )


def _oere(amount: Decimal) -> int:
    return int(amount * 100)


@pytest.mark.django_db
def test_lines_and_totals_match_the_plain_engine(world: World, plain_cells: PlainCells) -> None:
    claim = _claim(world, *Y2025)
    cells = plain_cells("751", start=Y2025[0], end=Y2025[1], as_of=Y2025[1])
    lines = list(selectors.claim_lines(claim))
    assert {line.stay_pk for line in lines} == {pk for pk, c in cells.items() if c.days}
    for line in lines:
        cell = cells[line.stay_pk]
        assert (line.days, line.reimbursed_days) == (cell.days, cell.reimbursed_days)
        assert _oere(line.gross_cost) == cell.gross_cost
        assert _oere(line.own_payment) == cell.own_payment
        assert _oere(line.reimbursement) == cell.reimbursement
        assert line.net_cost == line.gross_cost - line.own_payment - line.reimbursement
    assert claim.days == sum(line.days for line in lines)
    assert claim.reimbursed_days == sum(line.reimbursed_days for line in lines)
    assert claim.reimbursement == sum(line.reimbursement for line in lines)
    assert claim.gross_cost == sum(line.gross_cost for line in lines)
    assert claim.citizens == len({line.citizen_pk for line in lines})
    assert claim.as_of == Y2025[1]
    assert claim.parameter_set == default_parameters().fingerprint
    assert claim.readings == {"window": "anchored", "cap": "per_day", "days": "nights"}
    # Anna's external stay: 5 days left in the window opened 15.11.2024.
    anna2 = ClaimLine.objects.get(claim=claim, stay_pk=world.stays["anna2"].pk)
    assert (anna2.days, anna2.reimbursed_days, anna2.external) == (106, 5, True)
    assert anna2.pseudonym == world.citizens["anna"].pseudonym
    # Anna's first stay is cut at the year boundary: 01.01.–09.03.2025.
    anna1 = ClaimLine.objects.get(claim=claim, stay_pk=world.stays["anna1"].pk)
    assert anna1.days == 68


@pytest.mark.django_db
def test_each_line_names_the_rule_versions_it_used(world: World) -> None:
    claim = _claim(world, date(2026, 1, 1), date(2027, 1, 1))
    versions = {line.stay_pk: line.rule_versions for line in selectors.claim_lines(claim)}
    bent = versions[world.stays["bent"].pk]  # external, waived own payment, all of 2026
    assert f"{CAP}@2023-10-01" in bent
    assert f"{CAP}@2026-04-01" in bent
    assert f"{RATE}@1998-07-01" in bent
    assert not any(key.startswith(OWN_PAYMENT) for key in bent)
    hans = versions[world.stays["hans"].pk]  # unregistered: no cap, no rate
    assert hans == [f"{OWN_PAYMENT}@2026-01-01"]  # the year's own amount (issue 15)
    erik = versions[world.stays["erik"].pk]  # from 01.08.2026: only the agreed cap
    assert f"{CAP}@2026-04-01" in erik
    assert f"{CAP}@2023-10-01" not in erik
    keys = {record["key"] for record in claim.parameters}
    assert {k for v in versions.values() for k in v} <= keys
    agreed = next(r for r in claim.parameters if r["key"] == f"{CAP}@2026-04-01")
    assert agreed["status"] == "agreed"
    # Made before the period ended: it counts the days to today.
    assert claim.as_of == TODAY
    assert selectors.claim_status(claim).incomplete


@pytest.mark.django_db
def test_another_reading_is_recorded(world: World) -> None:
    readings = Readings(window="rolling365", cap="per_day", days="dates")
    claim = _claim(world, *Y2025, readings=readings)
    assert claim.readings == {"window": "rolling365", "cap": "per_day", "days": "dates"}
    assert selectors.claim_readings(claim) == readings
    default = _claim(world, *Y2025)
    assert claim.days > default.days  # discharge dates count under days=dates


@pytest.mark.django_db
def test_a_period_must_have_begun_and_not_be_empty(world: World) -> None:
    with pytest.raises(DomainError) as error:
        _claim(world, date(2026, 12, 1), date(2027, 1, 1))
    assert error.value.field == "start"
    with pytest.raises(DomainError) as error:
        _claim(world, date(2025, 2, 1), date(2025, 2, 1))
    assert error.value.field == "end"


@pytest.mark.django_db
def test_out_of_date_after_a_discharge_inside_the_period(world: World) -> None:
    claim = _claim(world, date(2026, 1, 1), date(2027, 1, 1))
    assert not selectors.claim_status(claim).out_of_date
    stay_discharge(
        actor=world.users[Role.CASE_WORKER],
        stay=world.stays["dorte"],
        discharged=date(2026, 10, 1),
        today=TODAY,
    )
    status = selectors.claim_status(claim)
    assert status.data_changed
    assert status.out_of_date
    assert not status.parameters_changed
    renewed = _claim(world, date(2026, 1, 1), date(2027, 1, 1))
    assert renewed.days < claim.days
    assert not selectors.claim_status(renewed).out_of_date


@pytest.mark.django_db
def test_a_discharge_after_the_period_changes_nothing(world: World) -> None:
    claim = _claim(world, *Y2025)
    stay_discharge(
        actor=world.users[Role.CASE_WORKER],
        stay=world.stays["bent"],
        discharged=date(2026, 2, 1),
        today=TODAY,
    )
    assert not selectors.claim_status(claim).out_of_date


@pytest.mark.django_db
def test_out_of_date_after_a_stay_is_corrected(world: World) -> None:
    claim = _claim(world, *Y2025)
    stay = world.stays["carl2"]
    stay_update(
        actor=world.users[Role.CASE_WORKER],
        stay=stay,
        admitted=stay.admitted,
        discharged=stay.discharged,
        today=TODAY,
        own_payment_reduced=Decimal("40.00"),
    )
    assert selectors.claim_status(claim).data_changed


@pytest.mark.django_db
def test_out_of_date_after_a_rate_change_in_the_period(world: World) -> None:
    claim = _claim(world, *Y2025)
    shelter_rate_set(
        actor=world.users[Role.ADMIN],
        shelter=world.inside,
        valid_from=date(2025, 3, 1),
        daily_rate=Decimal("1600.00"),
    )
    assert selectors.claim_status(claim).data_changed


@pytest.mark.django_db
def test_out_of_date_after_a_parameter_override(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    claim = _claim(world, *Y2025)
    overridden = default_parameters().with_overrides([Override(CAP, 90, date(2025, 1, 1))])
    status = selectors.claim_status(claim, params=overridden)
    assert status.parameters_changed
    assert not status.data_changed
    monkeypatch.setattr("hjemvej.core.law.current_parameters", lambda: overridden)
    login(client, world, Role.ECONOMIST)
    url = reverse("economy:claim", kwargs={"pk": claim.pk})
    html = client.get(url).content.decode()
    assert "Opgørelsen er forældet" in html
    assert overridden.fingerprint in html
    assert "Beregn igen (ny opgørelse)" in html
    # Recomputing makes a new claim with the same period and readings, under the new rules.
    response = client.post(
        reverse("economy:claims"),
        {"start": "2025-01-01", "last": "2025-12-31", **claim.readings},
    )
    job = started_job(response)
    run_jobs()
    renewed = ReimbursementClaim.objects.exclude(pk=claim.pk).get()
    job.refresh_from_db()
    assert job.result_url == reverse("economy:claim", kwargs={"pk": renewed.pk})
    assert job.result_url in client.get(response["Location"]).content.decode()
    response["Location"] = job.result_url
    assert renewed.parameter_set == overridden.fingerprint
    assert renewed.reimbursed_days < claim.reimbursed_days  # 90 days instead of 120
    assert "Opgørelsen passer" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_the_xlsx_export_reads_back(world: World, client: Client) -> None:
    claim = _claim(world, *Y2025)
    lines = list(selectors.claim_lines(claim))
    login(client, world, Role.ECONOMIST)
    response = fetched(
        client, reverse("economy:claim_export", kwargs={"pk": claim.pk, "fmt": "xlsx"})
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Linjer"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "Pseudonym"
    assert "Refusion (kr.)" in header
    assert len(rows) == len(lines) + 2  # header, lines, total
    refund = header.index("Refusion (kr.)")
    for row, line in zip(rows[1:-1], lines, strict=True):
        assert row[0] == line.pseudonym
        assert row[1] == line.stay_pk
        assert Decimal(str(row[refund])) == line.reimbursement
    assert rows[-1][0] == "I alt"
    assert Decimal(str(rows[-1][refund])) == claim.reimbursement
    basis = {r[0]: r[1] for r in book["Grundlag"].iter_rows(values_only=True) if r and r[0]}
    assert basis["Parametersæt"] == claim.parameter_set
    assert basis["Datafingeraftryk (SHA-256 af opholdenes rækker)"] == claim.data_fingerprint
    assert basis["Læsninger"] == "cap=per_day, days=nights, window=anchored"
    keys = [r[0] for r in book["Grundlag"].iter_rows(values_only=True) if r and r[0]]
    assert f"{CAP}@2023-10-01" in keys
    text = " ".join(str(c) for r in rows for c in r if c is not None)
    for name in NAMES:
        assert name not in text


@pytest.mark.django_db
def test_the_csv_export_reads_back_and_is_logged(world: World, client: Client) -> None:
    claim = _claim(world, *Y2025)
    lines = list(selectors.claim_lines(claim))
    login(client, world, Role.MANAGER)
    response = fetched(
        client, reverse("economy:claim_export", kwargs={"pk": claim.pk, "fmt": "csv"})
    )
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert len(rows) == len(lines) + 2
    refund = header.index("Refusion (kr.)")
    for row, line in zip(rows[1:-1], lines, strict=True):
        assert row[0] == line.pseudonym
        assert row[refund] == format(line.reimbursement, "f").replace(".", ",")
        assert row[header.index("Parametersæt")] == claim.parameter_set
    assert rows[-1][0] == "I alt"
    assert "," in rows[-1][refund]
    for name in NAMES:
        assert name not in text
    exported = AuditEntry.objects.filter(action=AuditAction.EXPORT, user=world.users[Role.MANAGER])
    assert factories.citizens_named(exported) == {line.citizen_pk for line in lines}
    first = exported.first()
    assert first is not None
    assert first.detail == {
        "export": "reimbursement_claim",
        "claim": claim.pk,
        "format": "csv",
        "job": first.detail["job"],  # the job whose file was fetched
    }


@pytest.mark.django_db
def test_the_claim_page_for_economists_and_managers(world: World, client: Client) -> None:
    claim = _claim(world, *Y2025)
    url = reverse("economy:claim", kwargs={"pk": claim.pk})
    anna = world.citizens["anna"]
    login(client, world, Role.ECONOMIST)
    html = client.get(url).content.decode()
    assert anna.pseudonym in html
    assert "Opgørelsen passer med de nuværende ophold og parametre" in html
    assert "antaget værdi" in html  # the own payment from 2024 on is assumed
    for name in NAMES:
        assert name not in html
    assert reverse("citizens:detail", kwargs={"pk": anna.pk}) not in html
    login(client, world, Role.MANAGER)
    html = client.get(url).content.decode()
    assert reverse("citizens:detail", kwargs={"pk": anna.pk}) + "#refusion" in html
    for name in NAMES:
        assert name not in html  # the claim is pseudonymous for every role


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.MANAGER, 200), (Role.ECONOMIST, 200), (Role.CASE_WORKER, 403), (Role.ADMIN, 403)],
)
def test_who_may_see_claims(world: World, client: Client, role: str, status: int) -> None:
    claim = _claim(world, *Y2025)
    login(client, world, role)
    for url in (
        reverse("economy:claims"),
        reverse("economy:claim", kwargs={"pk": claim.pk}),
    ):
        assert client.get(url).status_code == status
    export = reverse("economy:claim_export", kwargs={"pk": claim.pk, "fmt": "csv"})
    assert fetched(client, export).status_code == status
    response = client.post(reverse("economy:claims"), {"start": "2025-01-01", "last": "2025-03-31"})
    assert response.status_code == (302 if status == 200 else 403)


@pytest.mark.django_db
def test_another_municipalitys_claim_is_not_found(world: World, client: Client) -> None:

    other = factories.user("oekonom-kbh", Role.ECONOMIST, code="101")
    assert other.municipality is not None
    claim = claim_create(
        actor=other, municipality=other.municipality, start=Y2025[0], end=Y2025[1], today=TODAY
    )
    login(client, world, Role.ECONOMIST)
    assert client.get(reverse("economy:claim", kwargs={"pk": claim.pk})).status_code == 404
    export = reverse("economy:claim_export", kwargs={"pk": claim.pk, "fmt": "xlsx"})
    assert client.post(export).status_code == 404
    mine = _claim(world, *Y2025)
    wrong = reverse("economy:claim_export", kwargs={"pk": mine.pk, "fmt": "pdf"})
    assert client.post(wrong).status_code == 404


@pytest.mark.django_db
def test_the_form_says_what_is_wrong(world: World, client: Client) -> None:
    login(client, world, Role.ECONOMIST)
    response = client.post(reverse("economy:claims"), {"start": "2025-06-01", "last": "2025-01-31"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Periodens sidste dag kan ikke ligge før den første." in html
    assert 'aria-describedby="last-hint last-error"' in html
    response = client.post(reverse("economy:claims"), {"start": "2026-12-01", "last": "2026-12-31"})
    assert "Perioden er ikke begyndt endnu" in response.content.decode()
    assert not ReimbursementClaim.objects.exists()
    html = client.get(reverse("economy:claims")).content.decode()
    assert 'value="2025-01-01"' in html
    assert 'value="2025-12-31"' in html


@pytest.mark.django_db
def test_the_claim_period_reads_the_same_everywhere(world: World, client: Client) -> None:
    """The list, the page, the xlsx and the CSV show the first and the last day (docs/rules.md)."""
    claim = _claim(world, date(2025, 7, 1), date(2025, 10, 1))
    login(client, world, Role.ECONOMIST)
    listing = client.get(reverse("economy:claims")).content.decode()
    assert "01.07.–30.09.2025" in listing
    assert "01.10.2025" not in listing
    assert "ikke medregnet" not in listing
    page = client.get(reverse("economy:claim", kwargs={"pk": claim.pk})).content.decode()
    assert "<h1>Refusionsopgørelse 01.07.–30.09.2025</h1>" in page
    assert "<dd>01.07.–30.09.2025</dd>" in page
    xlsx = fetched(client, reverse("economy:claim_export", kwargs={"pk": claim.pk, "fmt": "xlsx"}))
    book = load_workbook(io.BytesIO(xlsx.content))
    basis = {r[0]: r[1] for r in book["Grundlag"].iter_rows(values_only=True) if r and r[0]}
    assert basis["Periode"] == "01.07.–30.09.2025"
    last = basis["Periode til og med"]
    assert isinstance(last, datetime)
    assert last.date() == date(2025, 9, 30)
    assert "Opgjort pr. (ikke medregnet)" not in basis
    raw = fetched(client, reverse("economy:claim_export", kwargs={"pk": claim.pk, "fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("Periode")
    assert {row[column] for row in rows[1:]} == {"01.07.–30.09.2025"}
    assert "Udskrevet (dato)" in rows[0]  # the discharge date is a date, not a night

"""The § 176 a claim: lines and totals from the engine, cut to the period, out of date, pages.

The issue's two cases (tests/economy/core/test_support_botilbud.py), claimed:

(a) § 110 stay 10.01–01.03.2024, § 107 stay 01.03–01.06.2024 in immediate continuation, ICM
    decided and started 04.06.2024 at 10.000 kr. a month: 211 days reimbursed to 01.01.2025.
(b) Discharge 01.03.2024; placement A decided 20.02.2024 running 01.09–01.12.2024, placement B
    decided 05.03.2024 running 05.03–31.08.2024: A 91 days, B none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.economy import selectors
from hjemvej.economy.models import SupportClaim, SupportClaimLine
from hjemvej.economy.selectors.support_claims import support_claim_lines, support_claim_status
from hjemvej.economy.services import support_claim_create
from hjemvej.rules.parameters import Override, default_parameters
from hjemvej.rules.support import Stay as RulesStay
from hjemvej.rules.support import SupportCourse as RulesCourse
from hjemvej.rules.support import support_reimbursement
from hjemvej.shelters.services import stay_update
from hjemvej.support.botilbud import botilbud_stay_add, botilbud_stay_end
from hjemvej.support.models import BotilbudStay, CourseKind, SupportCourse
from hjemvej.support.services import course_create, course_update
from tests import factories
from tests.background import fetched, run_jobs, started_job
from tests.economy.builders import stay

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY
Y2024 = (date(2024, 1, 1), date(2025, 1, 1))
ICM_MONTHLY = Decimal("10000")
BOTILBUD_MONTHLY = Decimal("30000")
NAMES = ("Alma", "Bodil", "Hansen")
RATE = "support.reimbursement.rate"


@dataclass
class Town:
    worker: User
    economist: User
    manager: User
    alma: Citizen
    sel107: BotilbudStay
    icm: SupportCourse
    bodil: Citizen
    a: BotilbudStay
    b: BotilbudStay


def _placement(
    actor: User, citizen: Citizen, decided: date, start: date, end: date
) -> BotilbudStay:
    return botilbud_stay_add(
        actor=actor,
        citizen=citizen,
        provider="Botilbuddet Åbo",
        decided_on=decided,
        start=start,
        end=end,
        monthly_cost=BOTILBUD_MONTHLY,
        today=TODAY,
    )


@pytest.fixture
def town() -> Town:
    return build_town()


def build_town() -> Town:
    """The issue's two cases in one municipality, with an economist and a manager."""
    worker = factories.user("sagsbehandler", Role.CASE_WORKER)
    alma = factories.citizen(worker, first_name="Alma", last_name="Hansen", start=date(2023, 6, 1))
    stay(worker, alma, factories.shelter("Herberget Alma"), date(2024, 1, 10), date(2024, 3, 1))
    sel107 = _placement(worker, alma, date(2024, 2, 20), date(2024, 3, 1), date(2024, 6, 1))
    icm = course_create(
        actor=worker,
        citizen=alma,
        kind=CourseKind.ICM,
        decided_on=date(2024, 6, 4),
        start=date(2024, 6, 4),
        monthly_cost=ICM_MONTHLY,
    )
    bodil = factories.citizen(
        worker, first_name="Bodil", last_name="Hansen", start=date(2023, 6, 1)
    )
    stay(worker, bodil, factories.shelter("Herberget Bodil"), date(2024, 1, 10), date(2024, 3, 1))
    b = _placement(worker, bodil, date(2024, 3, 5), date(2024, 3, 5), date(2024, 8, 31))
    a = _placement(worker, bodil, date(2024, 2, 20), date(2024, 9, 1), date(2024, 12, 1))
    return Town(
        worker=worker,
        economist=factories.user("oekonom", Role.ECONOMIST),
        manager=factories.user("leder", Role.MANAGER),
        alma=alma,
        sel107=sel107,
        icm=icm,
        bodil=bodil,
        a=a,
        b=b,
    )


def _claim(town: Town, start: date, end: date, **kwargs: object) -> SupportClaim:
    assert town.economist.municipality is not None
    return support_claim_create(
        actor=town.economist,
        municipality=town.economist.municipality,
        start=start,
        end=end,
        today=TODAY,
        **kwargs,  # type: ignore[arg-type]
    )


def _oere(amount: Decimal) -> int:
    return int(amount * 100)


def _line(claim: SupportClaim, method: str, start: date) -> SupportClaimLine:
    return claim.lines.get(method=method, start=start)


def _engine_case_a(as_of: date) -> dict[str, tuple[int, int, int, int]]:
    """The pure engine on case (a), written out by hand: days, reimbursed days, cost, refund."""
    courses = [
        RulesCourse("icm", "1", "icm", date(2024, 6, 4), date(2024, 6, 4), None, 1_000_000),
        RulesCourse(
            "b1", "1", "sel107", date(2024, 2, 20), date(2024, 3, 1), date(2024, 6, 1), 3_000_000
        ),
    ]
    stays = [
        RulesStay("1", date(2024, 1, 10), date(2024, 3, 1)),
        RulesStay("1", date(2024, 3, 1), date(2024, 6, 1), "sel107"),
    ]
    return {
        r.course_id: (
            r.days,
            r.reimbursed_days,
            sum(x.cost for x in r.rows),
            sum(x.reimbursement for x in r.rows),
        )
        for r in support_reimbursement(courses, stays, as_of=as_of)
    }


def test_case_a_claimed_as_the_engine_computes_it(town: Town) -> None:
    claim = _claim(town, *Y2024)
    engine = _engine_case_a(Y2024[1])
    icm = _line(claim, "icm", date(2024, 6, 4))
    # 04.06.2024–31.12.2024: 211 days; June 27 of 30 days, then six whole months, at 50 %.
    assert (icm.days, icm.reimbursed_days) == (211, 211)
    assert _oere(icm.reimbursement) == 500_000 * 27 // 30 + 6 * 500_000
    assert (icm.days, icm.reimbursed_days, _oere(icm.cost), _oere(icm.reimbursement)) == engine[
        "icm"
    ]
    assert "via § 107-ophold" in icm.basis
    assert icm.pseudonym == town.alma.pseudonym
    assert (icm.course_pk, icm.citizen_pk, icm.method_label) == (
        town.icm.pk,
        town.alma.pk,
        "ICM efter § 85 a",
    )
    assert (icm.decided_on, icm.end, icm.monthly_cost) == (date(2024, 6, 4), None, ICM_MONTHLY)
    assert icm.net_cost == icm.cost - icm.reimbursement
    sel107 = _line(claim, "sel107", date(2024, 3, 1))
    assert sel107.course_pk == town.sel107.pk
    assert (
        sel107.days,
        sel107.reimbursed_days,
        _oere(sel107.cost),
        _oere(sel107.reimbursement),
    ) == (engine["b1"])
    assert _oere(sel107.reimbursement) == 3 * 1_500_000


def test_case_b_keeps_the_placement_without_reimbursement_and_says_why(town: Town) -> None:
    claim = _claim(town, *Y2024)
    a = _line(claim, "sel107", town.a.start)
    assert (a.days, a.reimbursed_days, _oere(a.reimbursement)) == (91, 91, 3 * 1_500_000)
    assert "botilbud efter § 107" in a.basis
    b = _line(claim, "sel107", town.b.start)
    assert (b.reimbursed_days, b.reimbursement, b.rule_versions) == (0, Decimal(0), [])
    assert b.cost > 0
    assert b.net_cost == b.cost
    assert "Ingen refusion" in b.basis
    assert "efter udskrivningen" in b.basis


def test_totals_are_the_sums_and_the_year_matches_the_support_figures(town: Town) -> None:
    claim = _claim(town, *Y2024)
    lines = list(support_claim_lines(claim))
    assert len(lines) == 4
    for name in ("days", "reimbursed_days", "cost", "reimbursement", "net_cost"):
        assert getattr(claim, name) == sum(getattr(line, name) for line in lines), name
    assert claim.citizens == 2
    assert claim.courses_in == 4
    assert claim.as_of == Y2024[1]
    assert claim.parameter_set == default_parameters().fingerprint
    assert town.economist.municipality_id is not None
    figures = selectors.support_figures(town.economist.municipality_id, year=2024, today=TODAY)
    assert sorted(
        (x.course_pk, x.method, x.cost, x.reimbursement) for x in figures.lines
    ) == sorted((x.course_pk, x.method, _oere(x.cost), _oere(x.reimbursement)) for x in lines)
    assert {x.basis for x in figures.lines} == {x.basis for x in lines}


def test_a_period_that_cuts_months(town: Town) -> None:
    claim = _claim(town, date(2024, 6, 15), date(2024, 9, 15))
    icm = _line(claim, "icm", date(2024, 6, 4))
    # 15.06–14.09.2024: June 16 of 30 days, July, August, September 14 of 30 days.
    assert (icm.days, icm.reimbursed_days) == (16 + 31 + 31 + 14, 92)
    assert _oere(icm.cost) == 533_333 + 2_000_000 + 466_667
    assert _oere(icm.reimbursement) == 266_667 + 1_000_000 + 233_333
    assert claim.lines.filter(method="sel107").count() == 2  # Bodil's A and B; Alma's ended 1.6.
    # Claims of consecutive periods add up exactly to the year's (each month rounded once).
    first = _claim(town, date(2024, 1, 1), date(2024, 6, 15))
    second = _claim(town, date(2024, 6, 15), date(2025, 1, 1))
    year = _claim(town, *Y2024)
    for name in ("days", "reimbursed_days", "cost", "reimbursement"):
        assert getattr(first, name) + getattr(second, name) == getattr(year, name), name


def test_each_line_names_the_rule_versions_it_used(town: Town) -> None:
    claim = _claim(town, *Y2024)
    keys = {str(record["key"]) for record in claim.parameters}
    icm = _line(claim, "icm", date(2024, 6, 4))
    assert any(key.startswith(f"{RATE}@") for key in icm.rule_versions)
    assert any(key.startswith("support.reimbursement.period_months@") for key in icm.rule_versions)
    a = _line(claim, "sel107", town.a.start)
    assert any(key.startswith("support.botilbud.reimbursement.rate@") for key in a.rule_versions)
    assert {k for line in claim.lines.all() for k in line.rule_versions} <= keys
    record = next(r for r in claim.parameters if str(r["key"]).startswith(f"{RATE}@"))
    assert record["reference"]
    assert record["status_label"]
    texts = selectors.rule_texts(claim)
    assert all(key in texts for key in icm.rule_versions)


def test_a_period_must_have_begun_and_not_be_empty(town: Town) -> None:
    with pytest.raises(DomainError) as error:
        _claim(town, date(2026, 12, 1), date(2027, 1, 1))
    assert error.value.field == "start"
    with pytest.raises(DomainError) as error:
        _claim(town, date(2024, 2, 1), date(2024, 2, 1))
    assert error.value.field == "end"
    assert not SupportClaim.objects.exists()


def test_up_to_date_until_a_record_changes(town: Town) -> None:
    claim = _claim(town, *Y2024)
    status = support_claim_status(claim)
    assert not status.out_of_date
    assert not status.incomplete
    # A course of another citizen that begins after the period changes nothing.
    other = factories.citizen(town.worker, first_name="Carl", start=date(2023, 6, 1))
    course_create(
        actor=town.worker,
        citizen=other,
        kind=CourseKind.CTI,
        decided_on=date(2025, 3, 1),
        start=date(2025, 3, 1),
        monthly_cost=ICM_MONTHLY,
    )
    assert not support_claim_status(claim).out_of_date


def test_out_of_date_after_a_course_changes(town: Town) -> None:
    claim = _claim(town, *Y2024)
    course_update(
        actor=town.worker,
        course=town.icm,
        decided_on=town.icm.decided_on,
        start=town.icm.start,
        end=None,
        worker=None,
        monthly_cost=Decimal("12000"),
    )
    status = support_claim_status(claim)
    assert status.data_changed
    assert status.out_of_date
    assert not status.parameters_changed
    renewed = _claim(town, *Y2024)
    assert renewed.cost > claim.cost
    assert not support_claim_status(renewed).out_of_date


def test_out_of_date_after_a_botilbud_stay_changes(town: Town) -> None:
    claim = _claim(town, *Y2024)
    botilbud_stay_end(actor=town.worker, stay=town.a, end=date(2024, 11, 1), today=TODAY)
    assert support_claim_status(claim).data_changed


def test_out_of_date_after_a_shelter_stay_changes(town: Town) -> None:
    claim = _claim(town, *Y2024)
    shelter_stay = town.alma.stays.get()
    stay_update(
        actor=town.worker,
        stay=shelter_stay,
        admitted=date(2024, 1, 12),
        discharged=shelter_stay.discharged,
        today=TODAY,
    )
    assert support_claim_status(claim).data_changed


def test_out_of_date_after_a_parameter_changes(town: Town) -> None:
    claim = _claim(town, *Y2024)
    overridden = default_parameters().with_overrides(
        [Override(RATE, Decimal("40"), date(2024, 1, 1))]
    )
    status = support_claim_status(claim, params=overridden)
    assert status.parameters_changed
    assert not status.data_changed
    assert status.out_of_date
    lower = _claim(town, *Y2024, params=overridden)
    assert lower.reimbursement < claim.reimbursement


# --- Pages -------------------------------------------------------------------------------------


def test_made_from_the_form_shown_and_offered_again_when_out_of_date(
    town: Town, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.force_login(town.economist)
    listing = reverse("economy:support_claims")
    html = client.get(listing).content.decode()
    assert "§ 176 a" in html
    response = client.post(listing, {"start": "2024-01-01", "last": "2024-12-31"})
    job = started_job(response)
    run_jobs()
    claim = SupportClaim.objects.get()
    job.refresh_from_db()
    url = reverse("economy:support_claim", kwargs={"pk": claim.pk})
    assert job.result_url == url
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, user=town.economist).exists()
    html = client.get(url).content.decode()
    assert "Refusionsopgørelse efter § 176 a 01.01.–31.12.2024" in html
    assert town.alma.pseudonym in html
    assert "Opgørelsen passer med de nuværende forløb, ophold og parametre" in html
    assert "via § 107-ophold" in html
    assert "Ingen refusion" in html  # placement B
    for name in NAMES:
        assert name not in html
    assert "01.01.–31.12.2024" in client.get(listing).content.decode()
    overridden = default_parameters().with_overrides(
        [Override(RATE, Decimal("40"), date(2024, 1, 1))]
    )
    monkeypatch.setattr("hjemvej.core.law.current_parameters", lambda: overridden)
    html = client.get(url).content.decode()
    assert "Opgørelsen er forældet" in html
    assert "Beregn igen (ny opgørelse)" in html
    assert 'name="last" value="2024-12-31"' in html


def test_the_exports_read_back_pseudonymous_and_logged(town: Town, client: Client) -> None:
    claim = _claim(town, *Y2024)
    lines = list(support_claim_lines(claim))
    client.force_login(town.manager)
    xlsx = fetched(
        client, reverse("economy:support_claim_export", kwargs={"pk": claim.pk, "fmt": "xlsx"})
    )
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["Linjer"].iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "Pseudonym"
    refund = header.index("Refusion (kr.)")
    assert len(rows) == len(lines) + 2
    for row, line in zip(rows[1:-1], lines, strict=True):
        assert row[0] == line.pseudonym
        assert Decimal(str(row[refund])) == line.reimbursement
        assert row[header.index("Grundlag")] == line.basis
    assert rows[-1][0] == "I alt"
    assert Decimal(str(rows[-1][refund])) == claim.reimbursement
    basis = {r[0]: r[1] for r in book["Grundlag"].iter_rows(values_only=True) if r and r[0]}
    assert basis["Parametersæt"] == claim.parameter_set
    assert basis["Periode"] == "01.01.–31.12.2024"
    assert "§ 176 a" in str(basis["Lovgrundlag"])
    raw = fetched(
        client, reverse("economy:support_claim_export", kwargs={"pk": claim.pk, "fmt": "csv"})
    )
    text = raw.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(table) == len(lines) + 2
    column = table[0].index("Refusion (kr.)")
    assert table[1][column] == format(lines[0].reimbursement, "f").replace(".", ",")
    for name in NAMES:
        assert name not in text
    exported = AuditEntry.objects.filter(action=AuditAction.EXPORT, user=town.manager)
    assert factories.citizens_named(exported) == {line.citizen_pk for line in lines}
    first = exported.first()
    assert first is not None
    assert first.detail["export"] == "support_claim"
    assert first.detail["claim"] == claim.pk


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.MANAGER, 200), (Role.ECONOMIST, 200), (Role.CASE_WORKER, 403), (Role.ADMIN, 403)],
)
def test_who_may_see_support_claims(town: Town, client: Client, role: str, status: int) -> None:
    claim = _claim(town, *Y2024)
    client.force_login(factories.user(f"bruger-{role}", role))
    for url in (
        reverse("economy:support_claims"),
        reverse("economy:support_claim", kwargs={"pk": claim.pk}),
    ):
        assert client.get(url).status_code == status
    export = reverse("economy:support_claim_export", kwargs={"pk": claim.pk, "fmt": "csv"})
    assert fetched(client, export).status_code == status
    response = client.post(
        reverse("economy:support_claims"), {"start": "2024-01-01", "last": "2024-03-31"}
    )
    assert response.status_code == (302 if status == 200 else 403)


def test_another_municipalitys_claim_is_not_found(town: Town, client: Client) -> None:
    other = factories.user("oekonom-kbh", Role.ECONOMIST, code="101")
    assert other.municipality is not None
    theirs = support_claim_create(
        actor=other, municipality=other.municipality, start=Y2024[0], end=Y2024[1], today=TODAY
    )
    client.force_login(town.economist)
    url = reverse("economy:support_claim", kwargs={"pk": theirs.pk})
    assert client.get(url).status_code == 404
    export = reverse("economy:support_claim_export", kwargs={"pk": theirs.pk, "fmt": "xlsx"})
    assert client.post(export).status_code == 404
    mine = _claim(town, *Y2024)
    wrong = reverse("economy:support_claim_export", kwargs={"pk": mine.pk, "fmt": "pdf"})
    assert client.post(wrong).status_code == 404


def test_the_form_says_what_is_wrong(town: Town, client: Client) -> None:
    client.force_login(town.economist)
    url = reverse("economy:support_claims")
    response = client.post(url, {"start": "2024-06-01", "last": "2024-01-31"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Periodens sidste dag kan ikke ligge før den første." in html
    assert 'aria-describedby="last-hint last-error"' in html
    response = client.post(url, {"start": "2026-12-01", "last": "2026-12-31"})
    assert response.status_code == 400
    assert "Perioden er ikke begyndt endnu" in response.content.decode()
    response = client.post(url, {"start": "31.02.2024", "last": "<script>"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Angiv periodens første dag som dd.mm.åååå." in html
    assert "<script>" not in html
    assert not SupportClaim.objects.exists()

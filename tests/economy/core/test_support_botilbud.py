"""§ 176 a on real records: § 107 botilbud stays reach the economy's support figures.

The issue's two cases (the pure engine's golden tests in tests/rules/test_support*.py), now made
through the services and read by the figures page's selector, the council report and the
scenarios' course loader:

(a) § 110 stay 10.01–01.03.2024, § 107 stay 01.03–01.06.2024 in immediate continuation, ICM
    decided and started 04.06.2024: 211 days reimbursed to 01.01.2025 (stk. 1, nr. 2).
(b) Discharge 01.03.2024; placement A decided 20.02.2024 running 01.09–01.12.2024, placement B
    decided 05.03.2024 running 05.03–31.08.2024: A 91 days, B none (stk. 2).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Municipality, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.economy import selectors
from hjemvej.economy.reports.support import support_figures as report_support
from hjemvej.economy.scenarios.courses import load_support, support_by_year
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.support import support_reimbursement
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.models import BotilbudStay, CourseKind, SupportCourse
from hjemvej.support.services import course_create
from tests import factories
from tests.economy.builders import stay

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY
ICM_MONTHLY = Decimal("10000")
BOTILBUD_MONTHLY = Decimal("30000")


def placement(actor: User, citizen: Citizen, decided: date, start: date, end: date) -> BotilbudStay:
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
def actor() -> User:
    return factories.user("sagsbehandler", Role.CASE_WORKER)


@pytest.fixture
def municipality_id(actor: User) -> int:
    assert actor.municipality_id is not None
    return actor.municipality_id


def sheltered(actor: User, first_name: str) -> Citizen:
    """A citizen with a § 110 stay 10.01–01.03.2024 (discharged on 01.03.2024)."""
    citizen = factories.citizen(actor, first_name=first_name, start=date(2023, 6, 1))
    shelter = factories.shelter(f"Herberget {first_name}")
    stay(actor, citizen, shelter, date(2024, 1, 10), date(2024, 3, 1))
    return citizen


@pytest.fixture
def case_a(actor: User) -> tuple[Citizen, BotilbudStay, SupportCourse]:
    citizen = sheltered(actor, "Alma")
    sel107 = placement(actor, citizen, date(2024, 2, 20), date(2024, 3, 1), date(2024, 6, 1))
    icm = course_create(
        actor=actor,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2024, 6, 4),
        start=date(2024, 6, 4),
        monthly_cost=ICM_MONTHLY,
    )
    return citizen, sel107, icm


@pytest.fixture
def case_b(actor: User) -> tuple[Citizen, BotilbudStay, BotilbudStay]:
    citizen = sheltered(actor, "Bodil")
    b = placement(actor, citizen, date(2024, 3, 5), date(2024, 3, 5), date(2024, 8, 31))
    a = placement(actor, citizen, date(2024, 2, 20), date(2024, 9, 1), date(2024, 12, 1))
    return citizen, a, b


def test_case_a_icm_after_a_sel107_stay_is_reimbursed_for_211_days(
    municipality_id: int, case_a: tuple[Citizen, BotilbudStay, SupportCourse]
) -> None:
    _, sel107, icm = case_a
    assert icm.kind == CourseKind.ICM
    figures = selectors.support_figures(municipality_id, year=2024, today=TODAY)
    assert figures.problem == ""
    line = next(x for x in figures.lines if x.method == "icm")
    # 04.06.2024–31.12.2024: 211 days; June 27 of 30 days, then six whole months, at 50 %.
    assert line.reimbursement == 500_000 * 27 // 30 + 6 * 500_000
    assert "via § 107-ophold" in line.basis
    # The § 107 stay itself, decided before the discharge, is reimbursed too (stk. 2): 3 months.
    botilbud = next(x for x in figures.lines if x.method == "sel107")
    assert (botilbud.cost, botilbud.reimbursement) == (3 * 3_000_000, 3 * 1_500_000)
    assert (botilbud.decided_on, botilbud.start, botilbud.end) == (
        sel107.decided_on,
        sel107.start,
        sel107.end,
    )
    assert [m.method for m in figures.methods if m.courses] == ["icm", "sel107"]
    assert figures.total.reimbursement == line.reimbursement + botilbud.reimbursement


def test_case_a_without_the_sel107_record_has_no_reimbursement(
    actor: User, municipality_id: int
) -> None:
    citizen = sheltered(actor, "Alma")
    course_create(
        actor=actor,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2024, 6, 4),
        start=date(2024, 6, 4),
        monthly_cost=ICM_MONTHLY,
    )
    figures = selectors.support_figures(municipality_id, year=2024, today=TODAY)
    assert [x.reimbursement for x in figures.lines] == [0]


def test_case_b_only_the_placement_decided_before_discharge_is_reimbursed(
    municipality_id: int, case_b: tuple[Citizen, BotilbudStay, BotilbudStay]
) -> None:
    _, a, b = case_b
    figures = selectors.support_figures(municipality_id, year=2024, today=TODAY)
    lines = {x.start: x for x in figures.lines}
    # A: 01.09–01.12.2024, 91 days in three whole months at 50 %.
    assert lines[a.start].reimbursement == 3 * 1_500_000
    assert "botilbud efter § 107" in lines[a.start].basis
    # B: decided after the discharge: nothing, and the page says why.
    assert lines[b.start].reimbursement == 0
    assert lines[b.start].cost > 0
    assert "efter udskrivningen" in lines[b.start].basis


def test_the_course_rows_page_lists_the_sel107_stays(
    municipality_id: int, case_b: tuple[Citizen, BotilbudStay, BotilbudStay]
) -> None:
    figures = selectors.support_figures(municipality_id, year=2024, today=TODAY, method="sel107")
    assert len(figures.lines) == 2
    assert [m.method for m in figures.methods] == ["sel107"]


def test_the_council_report_counts_sel107_stays(
    municipality_id: int,
    case_a: tuple[Citizen, BotilbudStay, SupportCourse],
    case_b: tuple[Citizen, BotilbudStay, BotilbudStay],
) -> None:
    figures = report_support(
        Municipality.objects.get(pk=municipality_id),
        start=date(2024, 1, 1),
        end=date(2025, 1, 1),
        as_of=TODAY,
        params=default_parameters(),
    )
    by_method = {line.method: line for line in figures.lines}
    assert by_method["icm"].reimbursement == 500_000 * 27 // 30 + 6 * 500_000
    # Case a's stay (3 months) and case b's A (3 months) are reimbursed, B is not.
    assert by_method["sel107"].courses == 3
    assert by_method["sel107"].reimbursement == 6 * 1_500_000


def test_the_scenarios_loader_prices_sel107_stays_as_the_engine_does(
    municipality_id: int,
    case_a: tuple[Citizen, BotilbudStay, SupportCourse],
    case_b: tuple[Citizen, BotilbudStay, BotilbudStay],
) -> None:
    data = load_support(municipality_id, until=TODAY)
    assert sorted(c.method for c in data.courses) == ["icm", "sel107", "sel107", "sel107"]
    params = default_parameters()
    got = support_by_year(data, first_year=2024, last_year=2025, as_of=TODAY, params=params)
    stays = [s for group in data.stays.values() for s in group]
    results = support_reimbursement(list(data.courses), stays, as_of=TODAY, params=params)
    in_2024 = [r for result in results for r in result.rows if r.month.year == 2024]
    assert got[2024].reimbursement == sum(r.reimbursement for r in in_2024)
    assert got[2024].reimbursement == 500_000 * 27 // 30 + 6 * 500_000 + 6 * 1_500_000
    assert got[2024].cost == sum(r.cost for r in in_2024)


def test_the_rows_page_links_a_sel107_line_to_the_support_tab(
    client: Client, case_b: tuple[Citizen, BotilbudStay, BotilbudStay]
) -> None:
    citizen = case_b[0]
    client.force_login(factories.user("leder", Role.MANAGER))
    page = client.get(reverse("economy:stay_rows") + "?year=2024&support=sel107").content.decode()
    assert "midlertidigt botilbud efter § 107" in page
    assert reverse("support:citizen", kwargs={"pk": citizen.pk}) + "#botilbud" in page

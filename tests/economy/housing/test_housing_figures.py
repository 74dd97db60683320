"""The economy figures' housing section: granted amounts per kind and month, against the rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.economy.selectors.housing import grant_figures
from hjemvej.housing import services
from hjemvej.housing.models import Grant, GrantDecision, GrantKind
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = factories.TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


def decide(
    actor: User, citizen: Citizen, kind: str, amount: str, on: date, **extra: object
) -> Grant:
    data = services.GrantData(
        kind=kind,
        amount=Decimal(amount),
        decided_on=on,
        household_income_year=Decimal(120000) if kind == GrantKind.DEPOSIT_LOAN else None,
        **extra,  # type: ignore[arg-type]
    )
    return services.grant_create(actor=actor, citizen=citizen, data=data, today=TODAY)


@pytest.fixture
def rows() -> list[Grant]:
    cw = factories.user("sagsbehandler", Role.CASE_WORKER)
    a = factories.citizen(cw, first_name="Anna")
    b = factories.citizen(cw, first_name="Bent")
    made = [
        decide(cw, a, GrantKind.HF_DEPOSIT, "9000.50", date(2026, 1, 15)),
        decide(cw, b, GrantKind.HF_DEPOSIT, "12000", date(2026, 1, 31)),
        decide(cw, a, GrantKind.HF_STARTER_KIT, "6000", date(2026, 3, 1)),
        decide(cw, b, GrantKind.DEPOSIT_LOAN, "14500", date(2026, 11, 20)),
        decide(cw, a, GrantKind.FURNITURE_GRANT, "4000", date(2025, 12, 31)),  # last year
        decide(
            cw,
            b,
            GrantKind.MOVING_GRANT,
            "8000",
            date(2026, 3, 5),
            decision=GrantDecision.REFUSED,
            reason="Borgeren kan få beboerindskudslån.",
        ),
    ]
    other = factories.user("fremmed", Role.CASE_WORKER, code="101")
    decide(other, factories.citizen(other, code="101"), GrantKind.HF_DEPOSIT, "69999", TODAY)
    return made


def test_totals_per_kind_and_month_add_up_to_the_rows(rows: list[Grant]) -> None:
    municipality = factories.municipality()
    figures = grant_figures(municipality.pk, year=2026)
    granted = [g for g in rows if g.decision == GrantDecision.GRANTED and g.decided_on.year == 2026]
    assert figures.year_row.total == sum(int(g.amount * 100) for g in granted)
    assert figures.year_row.total == 4_150_050  # 9.000,50 + 12.000 + 6.000 + 14.500 kr.
    assert figures.year_row.loans == 1_450_000
    assert figures.months[0].amounts == {GrantKind.HF_DEPOSIT: 2_100_050}
    assert figures.months[0].counts == {GrantKind.HF_DEPOSIT: 2}
    assert figures.months[2].amounts == {GrantKind.HF_STARTER_KIT: 600_000}
    assert figures.months[10].amounts == {GrantKind.DEPOSIT_LOAN: 1_450_000}
    assert sum(m.total for m in figures.months) == figures.year_row.total
    by_kind = {k.column.kind: k for k in figures.per_kind}
    assert by_kind[GrantKind.MOVING_GRANT].refused == 1
    assert by_kind[GrantKind.MOVING_GRANT].amount == 0
    assert by_kind[GrantKind.FURNITURE_GRANT].granted == 0  # decided in 2025
    assert grant_figures(municipality.pk, year=2025).year_row.total == 400_000
    assert grant_figures(municipality.pk, year=2024).empty


def test_the_figures_page_shows_the_section_without_names(
    rows: list[Grant], client: Client
) -> None:
    client.force_login(factories.user("oekonom", Role.ECONOMIST))
    text = client.get(reverse("economy:figures"), {"year": 2026}).content.decode()
    assert "Flytning i egen bolig: indskud og bevillinger 2026" in text
    assert "41.501 kr." in text  # the year's total in whole kroner, rounded half up
    assert "14.500 kr." in text
    assert "Anna" not in text
    assert "Bent" not in text
    assert "69.999" not in text  # another municipality's grant
    empty = client.get(reverse("economy:figures"), {"year": 2024}).content.decode()
    assert "Der er ingen afgørelser i 2024." in empty

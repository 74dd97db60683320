"""One definition per number: the dashboard, the figures page, the statistics and the council report
show the same full-year persons for the same period (docs/statistics.md)."""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role, User
from hjemvej.economy.reports.content import council_report
from hjemvej.economy.reports.selectors import dashboard
from hjemvej.economy.selectors import year_figures
from hjemvej.shelters.models import Shelter, StayType
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.stats.shelter_users import shelter_users
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY  # Saturday 21 November 2026: 324 days of 2026 counted


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: TODAY)


@pytest.fixture
def economist() -> User:
    """Aarhus' economist, and its citizens' stays: over New Year, open, same-day, efterforsorg."""
    worker = factories.user("raadgiver", Role.CASE_WORKER)
    home = factories.shelter("Herberget Hjemme")
    away = factories.shelter("Herberget Ude", code="101")

    def stay(
        name: str,
        shelter: Shelter,
        admitted: date,
        discharged: date | None,
        stay_type: str = StayType.STAY,
    ) -> None:
        citizen = factories.citizen(worker, first_name=name)
        made = stay_admit(
            actor=worker,
            citizen=citizen,
            shelter=shelter,
            admitted=admitted,
            today=TODAY,
            stay_type=stay_type,
        )
        if discharged is not None:
            stay_discharge(actor=worker, stay=made, discharged=discharged, today=TODAY)

    stay("Anna", home, date(2025, 11, 1), date(2026, 2, 1))  # 61 nights in 2025, 31 in 2026
    stay("Bo", away, date(2026, 3, 1), None)  # 1.3.–20.11.2026: 265 nights, external
    stay("Carl", home, date(2026, 1, 1), date(2026, 6, 1), stay_type=StayType.AFTERCARE)  # none
    stay("Dora", home, date(2026, 7, 7), date(2026, 7, 7))  # one night
    return factories.user("oekonom", Role.ECONOMIST)


def persons(nights: int, days: int) -> Decimal:
    """Return full-year persons computed by hand: nights ÷ days counted, half up."""
    return (Decimal(nights) / Decimal(days)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def text(value: Decimal) -> str:
    return str(value).replace(".", ",")


def test_every_page_shows_the_same_full_year_persons(economist: User, client: Client) -> None:
    this_year = persons(31 + 265 + 1, 324)  # 0,92: the year to date, over the days counted
    assert this_year == Decimal("0.92")
    client.force_login(economist)
    board = client.get(reverse("economy:dashboard")).content.decode()
    assert f"<dt>Helårspersoner i alt</dt><dd>{text(this_year)}</dd>" in board
    assert "Året 2026 er ikke slut: tallene omfatter dagene 01.01.–20.11.2026" in board
    figures = client.get(reverse("economy:figures"), {"year": "2026"}).content.decode()
    row = re.search(r"Alle boformer<span.*?</tr>", figures, re.S)
    assert row is not None
    assert re.findall(r'<td class="number">([^<]*)</td>', row.group(0))[-1] == text(this_year)
    assert "Året 2026 er ikke slut: tallene omfatter dagene 01.01.–20.11.2026" in figures
    stats = client.get(reverse("stats:shelter_users"), {"year": "2026"}).content.decode()
    assert f"<dt>Helårspersoner</dt><dd>{text(this_year)}</dd>" in stats
    assert "Året 2026 er ikke slut: tallene omfatter dagene 01.01.–20.11.2026" in stats
    start = client.get("/").content.decode()
    assert "Året 2026 er ikke slut: tallene omfatter dagene 01.01.–20.11.2026" in start
    municipality = economist.municipality
    assert municipality is not None
    report = council_report(municipality, year=2026, as_of=TODAY)
    assert f"Det svarer til {text(this_year)} helårspersoner." in report.summary[2]
    assert report.summary[-1].startswith("Året 2026 er ikke slut: tallene omfatter dagene")


@pytest.mark.parametrize(
    ("year", "nights", "external", "days"),
    [(2025, 61, 0, 365), (2026, 31 + 265 + 1, 265, 324)],
)
def test_the_selectors_agree_for_a_whole_year_and_a_year_to_date(
    economist: User, year: int, nights: int, external: int, days: int
) -> None:
    municipality = economist.municipality
    assert municipality is not None
    expected, outside = persons(nights, days), persons(external, days)
    board = dashboard(municipality, today=TODAY)
    period = next(p for p in board.years if p.start.year == year)
    figures = year_figures(municipality.pk, year=year, today=TODAY)
    splits = {s.key: s.year.amounts for s in figures.splits}
    stats = shelter_users(municipality.pk, year=year, as_of=TODAY)
    report = council_report(municipality, year=year, as_of=TODAY)
    assert period.full_year_persons == expected
    assert splits["all"].full_year_persons == expected
    assert stats.full_year_persons == expected
    assert report.period.full_year_persons == expected
    assert period.external_full_year_persons == outside
    assert splits["external"].full_year_persons == outside
    assert report.period.external_full_year_persons == outside
    # The money is the engine's: efterforsorg is paid for, so its days are in the days paid.
    assert splits["all"].nights == nights
    assert splits["all"].days == nights + (151 if year == 2026 else 0)
    assert period.total.gross_cost == splits["all"].gross_cost == report.period.total.gross_cost

"""The council report's section on outcomes: the statistics' figures, a chart and its words."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hjemvej.citizens.models import Situation
from hjemvej.citizens.services import situation_add
from hjemvej.economy.reports.content import council_report
from hjemvej.economy.reports.outcomes import YEAR_MEASURES
from hjemvej.economy.reports.pdf import render_pdf
from hjemvej.economy.reports.xlsx import render_xlsx
from hjemvej.housing.services import tenancy_create
from hjemvej.stats.outcomes import BY_KEY, results, value_text
from tests import factories
from tests.economy.reports.conftest import AS_OF, YEAR

pytestmark = pytest.mark.django_db
HEADING = f"Resultater for borgerne {YEAR}"


def moved(world: Any, name: str, day: date, back_on: date | None = None) -> None:
    """A citizen who moved into their own home on the day (and came back on ``back_on``)."""
    worker = world.case_worker
    citizen = factories.citizen(worker, first_name=name, start=date(2024, 1, 1))
    tenancy_create(
        actor=worker,
        citizen=citizen,
        lease_signed_on=day,
        move_in=day,
        today=AS_OF,
        address="Fjordvej 3",
        rent_monthly=Decimal("3000"),
    )
    if back_on is not None:
        situation_add(
            actor=worker, citizen=citizen, situation=Situation.SOFA, start=back_on, today=AS_OF
        )


@pytest.fixture
def section(world: Any) -> Any:
    moved(world, "Erna", date(2024, 5, 1), back_on=date(2024, 9, 1))
    moved(world, "Finn", date(2025, 2, 1))
    report = council_report(world.municipality, year=YEAR, as_of=AS_OF)
    return report, next(e for e in report.extras if e.heading == HEADING)


def test_the_years_measures_are_the_statistics_figures(section: Any, world: Any) -> None:
    _, extra = section

    expected = results(world.municipality.pk, year=YEAR, as_of=AS_OF, keys=YEAR_MEASURES)
    assert extra.available
    rows = extra.tables[0].rows
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        (BY_KEY[key].title, f.label, value_text(f), f.count, f.base)
        for key in YEAR_MEASURES
        for f in expected[key].figures
    ]


def test_returns_are_shown_for_the_latest_year_followed_to_the_end(section: Any) -> None:
    _, extra = section

    rows = {(r[0], r[1]): r[2:] for r in extra.tables[1].rows}
    returns = BY_KEY["returns_any"].title
    # 2025's movers are followed six months by 21.11.2026, not yet twelve: those are 2024's.
    assert rows[(returns, "Inden for 6 måneder (2025)")] == ("0,0 %", 0, 1)
    assert rows[(returns, "Inden for 12 måneder (2024)")] == ("100,0 %", 1, 1)
    # Nobody moved in during 2023 and 2024's are not followed 24 months yet: not counted.
    assert rows[(returns, "Inden for 24 måneder")] == ("ikke opgjort endnu", None, 1)
    assert any(
        "var 100,0 % tilbage i hjemløshed inden for 12 måneder" in p for p in extra.paragraphs
    )


def test_the_chart_says_what_it_shows_and_the_windows_are_flagged(section: Any) -> None:
    report, extra = section

    [chart] = extra.charts
    assert chart.alt.startswith("Søjlediagram over resultatmålenes andele i procent.")
    assert "Tilbage i hjemløshed efter indflytning, inden for 12 måneder (2024): 100,0 %" in (
        chart.alt
    )
    flagged = {u.value.name for u in report.not_enacted}
    assert {"outcomes.returns.short_months", "outcomes.housing_kept.months"} <= flagged


def test_the_pdf_and_the_workbook_carry_the_section(section: Any) -> None:
    report, extra = section

    pdf = PdfReader(io.BytesIO(render_pdf(report)))
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in pdf.pages))
    assert HEADING in text
    assert "Tilbagefald og bolig efter støtte" in text
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book[HEADING]
    cells = {c.value for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "Inden for 12 måneder (2024)" in cells
    assert f"Grafen viser: {extra.charts[0].alt}" in cells

"""The council report read back: PDF text with pypdf, xlsx cells with openpyxl."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hjemvej.core.formatting import whole_kroner
from hjemvej.economy.reports.content import CouncilReport, council_report
from hjemvej.economy.reports.pdf import render_pdf
from hjemvej.economy.reports.selectors import SHELTER_PARAMETERS, SUPPORT_PARAMETERS
from hjemvej.economy.reports.xlsx import render_xlsx
from hjemvej.rules.parameters import default_parameters
from tests.pdf_checks import figure_alternatives, unembedded_fonts

AS_OF = date(2026, 11, 21)
YEAR = 2025


def _months(year: int) -> list[date]:
    return [date(year, m, 1) for m in range(1, 13)]


def find_row(sheet: Any, label: str, column: int = 1) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row=row, column=column).value == label:
            return row
    raise AssertionError(f"{label!r} findes ikke i arket {sheet.title}")


def find_column(sheet: Any, row: int, label: str) -> int:
    for column in range(1, sheet.max_column + 1):
        if sheet.cell(row=row, column=column).value == label:
            return column
    raise AssertionError(f"kolonnen {label!r} findes ikke i række {row} af {sheet.title}")


def oere(value: Any) -> int:
    return round(float(value) * 100)


def not_enacted_names(start: date, end: date) -> set[str]:
    params = default_parameters()
    return {
        name
        for name in (*SHELTER_PARAMETERS, *SUPPORT_PARAMETERS)
        for value in params[name].between(start, end)
        if value.status in ("agreed", "assumed")
    }


@pytest.fixture
def report(world: Any) -> CouncilReport:
    return council_report(world.municipality, year=YEAR, as_of=AS_OF)


@pytest.fixture
def pdf_text(report: Any) -> str:
    reader = PdfReader(io.BytesIO(render_pdf(report)))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_pdf_states_the_net_cost_first_and_names_every_value_not_enacted(
    world: Any, recomputed: Any, report: Any, pdf_text: str
) -> None:
    flat = re.sub(r"\s+", " ", pdf_text)
    net = recomputed.total(months=_months(YEAR))["net_cost"]
    assert report.period.total.net_cost == net
    expected = f"Kommunens nettoudgift til ophold på boformer var {whole_kroner(net)} i 2025."
    assert expected in flat
    assert flat.index(expected) < flat.index("Årets tal 2025")
    for heading in (
        "Sammenfatning",
        "Årets tal 2025",
        "Udviklingen",
        "Måned for måned",
        "Hvad driver udgifterne",
        "Boformer",
        "Støtte efter § 85 a og § 176 a",
        "Budget og forbrug 2025",
        "Prognose",
        "Scenarier",
        "Regler og læsninger",
        "Statsrefusion af ophold på boformer (serviceloven § 177)",
        "Statsrefusion af Housing First-støtte (serviceloven § 176 a)",
        "Helårspersoner",
        "Værdier, der ikke er vedtaget lov",
    ):
        assert heading in flat, heading
    names = not_enacted_names(date(2021, 1, 1), AS_OF)
    assert {"shelter.reimbursement.day_cap", "shelter.own_payment.daily"} <= names
    appendix = flat[flat.index("Bilag: parametre") :]
    for name in names:
        assert name in appendix, name
    for used in report.not_enacted:
        assert used.value.reference[:40] in flat
        assert f"{used.title}: {used.value.display}, gælder" in flat
    assert "politisk aftale, ikke vedtaget lov" in flat
    assert "antaget værdi, ikke vedtaget eller kontrolleret" in flat
    assert f"Parametersættets kendetegn: {default_parameters().fingerprint}" in appendix
    assert "Læsningernes koder: window=anchored, cap=per_day, days=nights" in appendix
    assert "Side 1 af" in flat
    assert "Kapløber" not in flat  # no names of citizens


@pytest.mark.django_db
@pytest.mark.django_db
def test_the_report_says_why_the_cost_changed(report: Any, pdf_text: str) -> None:
    """The last two whole years (2024 → 2025): volume, length and price, in the PDF and xlsx."""
    assert report.change is not None
    assert (report.change.before.label, report.change.after.label) == ("2024", "2025")
    text = re.sub(r"\s+", " ", pdf_text)
    assert "Hvorfor udgiften ændrede sig" in text
    assert "Fra 2024 til 2025 steg bruttoudgiften" in text
    assert "skyldtes flere personer på boformer" in text
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book["Udgiftsdrivere"]
    row = find_row(sheet, "Ændring i bruttoudgiften")
    split = report.change.split
    assert oere(sheet.cell(row=row, column=2).value) == split.change
    assert sum(oere(sheet.cell(row=r, column=2).value) for r in range(row - 3, row)) == split.change


def test_pdf_embeds_a_font_with_danish_letters(report: Any) -> None:
    reader = PdfReader(io.BytesIO(render_pdf(report)))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()  # type: ignore[index]
    }
    assert any(f.endswith("+DejaVuSans") for f in fonts)  # embedded, subset
    assert unembedded_fonts(reader) == []
    assert "æ" in reader.pages[0].extract_text() or "ø" in reader.pages[0].extract_text()
    assert len(figure_alternatives(reader)) >= 3  # the charts, drawn as vector graphics


@pytest.mark.django_db
def test_xlsx_cells_equal_the_plain_engine(world: Any, recomputed: Any, report: Any) -> None:
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert book.sheetnames[:5] == [
        "Sammenfatning",
        "Måneder",
        "Boformer",
        "Udgiftsdrivere",
        "Støtte",
    ]
    assert {"Parametre", "Regler"} <= set(book.sheetnames)

    summary = book["Sammenfatning"]
    header = find_row(summary, "Nøgletal")
    column = find_column(summary, header, "2025")
    expected = recomputed.total(months=_months(YEAR))
    for label, key in (
        ("Bruttoudgift", "gross_cost"),
        ("Egenbetaling", "own_payment"),
        ("Statsrefusion (§ 177)", "reimbursement"),
        ("Nettoudgift", "net_cost"),
    ):
        row = find_row(summary, label)
        assert oere(summary.cell(row=row, column=column).value) == expected[key], label
    assert (
        summary.cell(row=find_row(summary, "Dage på boform"), column=column).value
        == (expected["days"])
    )
    assert summary.cell(row=find_row(summary, "Nettoudgift"), column=column).number_format == (
        '#,##0.00 "kr."'
    )
    assert len(summary._images) == 1  # type: ignore[attr-defined]

    months = book["Måneder"]
    for row, month in enumerate(_months(YEAR), start=2):
        cell = months.cell(row=row, column=1).value
        assert isinstance(cell, datetime)
        assert cell.date() == month
        want = recomputed.total(months=[month])
        got = [oere(months.cell(row=row, column=c).value) for c in (4, 5, 6, 7)]
        assert got == [want[k] for k in ("gross_cost", "own_payment", "reimbursement", "net_cost")]
        assert months.cell(row=row, column=2).value == want["days"]
    total_row = find_row(months, "I alt")
    assert oere(months.cell(row=total_row, column=7).value) == expected["net_cost"]
    assert len(months._images) == 2  # type: ignore[attr-defined]

    shelters = book["Boformer"]
    for shelter in (world.inside, world.outside, world.unregistered):
        row = find_row(shelters, shelter.name)
        want = recomputed.total(months=_months(YEAR), shelters={shelter.pk})
        assert oere(shelters.cell(row=row, column=10).value) == want["net_cost"]
        assert shelters.cell(row=row, column=5).value == want["days"]
    assert shelters.cell(row=find_row(shelters, world.outside.name), column=3).value == "ja"

    params = book["Parametre"]
    assert params["B2"].value == default_parameters().fingerprint
    listed = {params.cell(row=r, column=2).value for r in range(8, params.max_row + 1)}
    assert not_enacted_names(date(2021, 1, 1), AS_OF) <= listed


@pytest.mark.django_db
def test_support_figures_in_the_report(world: Any, report: Any) -> None:
    from hjemvej.support.services import course_create

    course_create(
        actor=world.case_worker,
        citizen=world.citizens[0],
        kind="cti",
        decided_on=date(2025, 9, 1),
        start=date(2025, 9, 15),
        worker=world.case_worker,
        monthly_cost=Decimal(3000),
    )
    again = council_report(world.municipality, year=YEAR, as_of=AS_OF)
    assert report.support.courses == 0
    assert again.support.courses == 1
    # 15.09.–31.12.2025: 16/30 of September and three whole months; decided before discharge
    # on 15.09.2025, so half is reimbursed (§ 176 a).
    assert again.support.cost == 1_600_00 + 3 * 3_000_00
    assert again.support.reimbursement * 2 == again.support.cost


@pytest.mark.django_db
def test_a_part_that_fails_is_named_not_available(
    world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hjemvej.core.errors import DomainError
    from hjemvej.economy.reports import extras

    def broken(*args: object) -> None:
        raise DomainError("ingen data")

    for name in ("budget_vs_actual", "forecast_for", "saved_scenarios"):
        monkeypatch.setattr(extras, name, broken)
    report = council_report(world.municipality, year=YEAR, as_of=AS_OF)
    available = {e.heading: e.available for e in report.extras}
    assert available == {
        f"Resultater for borgerne {YEAR}": True,  # the statistics' part did not fail
        f"Budget og forbrug {YEAR}": False,
        "Prognose": False,
        "Scenarier": False,
    }
    reader = PdfReader(io.BytesIO(render_pdf(report)))
    flat = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages))
    for what in ("budgetopfølgningen", "prognosen", "scenarierne"):
        assert f"Ikke tilgængelig: {what} kunne ikke beregnes (ingen data)." in flat


@pytest.mark.django_db
def test_the_budget_and_forecast_sections_come_from_the_budget_part(world: Any) -> None:
    report = council_report(world.municipality, year=2026, as_of=AS_OF)
    by_heading = {e.heading: e for e in report.extras}
    budget = by_heading["Budget og forbrug 2026"]
    forecast = by_heading["Prognose"]
    scenarios = by_heading["Scenarier"]
    assert budget.available
    assert budget.tables[0].header[0] == "Mål"
    labels = [row[0] for row in budget.tables[0].rows]
    assert labels[0] == "Ophold efter § 110: nettoudgift"
    assert labels[-1] == "Samlet nettoudgift (uden lån)"  # the whole budget's areas, then the total
    assert "Bostøtte: bruttoudgift" in labels
    assert forecast.heading == "Prognose"
    assert scenarios.paragraphs == ["Kommunen har ikke gemt nogen scenarier."]

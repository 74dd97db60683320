"""The council report as a document for people: tagged PDF/UA, plain Danish, whole words and dates.

Read back with pypdf (tests/pdf_checks.py), independently of Typst, which wrote the file.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hjemvej.economy.reports.content import CouncilReport, council_report
from hjemvej.economy.reports.pdf import APPENDIX, document_data, render_pdf
from hjemvej.economy.reports.xlsx import render_xlsx
from hjemvej.rules.parameters import default_parameters
from tests.economy.reports.test_files import find_row
from tests.pdf_checks import assert_accessible_pdf, figure_alternatives, structure_tags

AS_OF = date(2026, 11, 21)
#: A report made on 5 December: December is counted for its first four days only.
DECEMBER_5 = date(2026, 12, 5)
#: What a parameter key looks like (shelter.own_payment.daily), as the trial found it in the body;
#: plain Danish has no abbreviation like "m.fl." that would match it either.
KEY = re.compile(r"\b[a-z_]+\.[a-z_.]+\b")


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


@pytest.fixture
def report(world: Any) -> CouncilReport:
    return council_report(world.municipality, year=2025, as_of=AS_OF)


@pytest.fixture
def december(world: Any) -> CouncilReport:
    return council_report(world.municipality, year=2026, as_of=DECEMBER_5)


@pytest.mark.django_db
def test_the_report_is_a_tagged_accessible_pdf_with_embedded_fonts(report: Any) -> None:
    reader = assert_accessible_pdf(render_pdf(report), title=report.title)
    tags = structure_tags(reader)
    for tag in ("H1", "H2", "Table", "TH", "TD", "Figure", "Caption"):
        assert tag in tags, tag
    assert tags.count("H1") >= 10  # every section is a heading, not bold text
    charts = [*report.charts, *(c for extra in report.extras for c in extra.charts)]
    alternatives = figure_alternatives(reader)
    assert alternatives == [c.alt for c in charts]
    for alt in alternatives:
        assert len(alt) > 80, alt
        assert "Tallene står i tabellen" in alt


@pytest.mark.django_db
def test_every_chart_says_its_highest_and_lowest_and_where_it_goes(report: Any) -> None:
    months = report.months
    cost = report.charts[1].alt
    highest = max(months, key=lambda m: m.total.net_cost)
    lowest = min(months, key=lambda m: m.total.net_cost)
    assert f"Højeste nettoudgift: {highest.month_text()}" in cost
    assert f"laveste: {lowest.month_text()}" in cost
    assert re.search(r"(steg|faldt|var uændret)", cost)
    persons = report.charts[2].alt
    assert "Flest helårspersoner:" in persons
    assert "færrest:" in persons
    shelters = report.charts[3].alt
    top = report.shelters[0]
    assert f"Højeste nettoudgift: {top.shelter.name}" in shelters


@pytest.mark.django_db
def test_the_body_speaks_danish_and_the_keys_stand_in_the_appendix(report: Any) -> None:
    text = _flat(_text(render_pdf(report)))
    assert text.count(APPENDIX) == 1
    body, appendix = text.split(APPENDIX)
    params = default_parameters()
    for used in report.parameters:
        assert used.value.name not in body, used.value.name
        assert used.value.name in appendix, used.value.name
        assert used.title in text, used.title
    assert KEY.findall(body) == []
    assert params.fingerprint not in body
    assert params.fingerprint in appendix
    assert "Parametersæt" not in body
    assert not re.search(r"\b[a-z_]+=[a-z_0-9]+", body)  # no reading codes (window=anchored)
    assert "window=anchored, cap=per_day, days=nights" in appendix
    # The readings in words, in the body.
    assert "Refusionsvinduet åbner på borgerens første opholdsdag" in body
    assert "Hver dag vurderes efter det loft, der gælder den dag" in body


@pytest.mark.django_db
def test_headers_dates_and_amounts_are_never_broken(report: Any) -> None:
    raw = _text(render_pdf(report))
    flat = _flat(raw)
    data = document_data(report)
    tables = [b for b in (*data["blocks"], *data["appendix"]) if b["kind"] == "table"]
    assert len(tables) >= 7
    for table in tables:
        for header in table["header"]:
            assert _flat(header) in flat, header
        for row in table["rows"]:
            for cell in row:
                assert _flat(cell) in flat, cell
    lines = [line.strip() for line in raw.replace("\xa0", " ").splitlines()]
    for line in lines:
        assert not re.search(r"\d{2}\.\d{2}\.\d{0,3}$", line), line  # a date cut at line end
        assert not re.match(r"^(kr\.|\d{1,3}\.\d{2}\b(?!\.))", line), line  # an amount cut
    for day in re.findall(r"\d{2}\.\d{2}\.\d{4}", flat):
        assert day in raw.replace("\xa0", " "), day


@pytest.mark.django_db
def test_a_part_month_is_marked_in_the_table_the_chart_and_the_workbook(
    december: Any,
) -> None:
    last = december.months[-1]
    assert last.partial
    assert last.start == date(2026, 12, 1)
    assert last.last_day.day == 4
    assert last.month_text() == "december 2026 (1.–4.)"
    text = _flat(_text(render_pdf(december)))
    assert "December 2026 (1.–4.)" in text
    assert "December 2026 er kun talt fra 1. til 4. december" in text
    assert "1. januar–4. december 2026" in text  # the year: its first and last day
    cost = december.charts[1].alt
    assert "December 2026 (1.–4.) er kun en del af måneden" in cost
    assert "Højeste nettoudgift: december" not in cost
    assert "laveste: december" not in cost

    data = render_xlsx(december)
    book = load_workbook(io.BytesIO(data))
    months = book["Måneder"]
    note = months.cell(row=1, column=months.max_column).value
    assert note == "Bemærkning"
    december_row = 1 + len(december.months)
    assert months.cell(row=december_row, column=months.max_column).value == (
        "Kun 1.–4. december: en del af måneden"
    )
    assert months.cell(row=december_row - 1, column=months.max_column).value is None


@pytest.mark.django_db
def test_the_workbook_describes_every_chart_and_speaks_danish(report: Any) -> None:
    data = render_xlsx(report)
    book = load_workbook(io.BytesIO(data))
    charts = [*report.charts, *(c for extra in report.extras for c in extra.charts)]
    cells = [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    for chart in charts:
        assert f"Grafen viser: {chart.alt}" in cells
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        drawings = "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/drawings/drawing")
        )
    assert drawings.count('descr="Picture"') == 0
    assert drawings.count("descr=") == len(charts)
    summary = book["Sammenfatning"]
    body = " ".join(
        str(c) for row in summary.iter_rows(values_only=True) for c in row if c is not None
    )
    assert "window=" not in body
    assert default_parameters().fingerprint not in body
    params = book["Parametre"]
    assert find_row(params, "Gælder til og med", column=5) == find_row(params, "Nøgle", column=2)

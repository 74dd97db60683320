"""The council report's section on the by-name list: the statistics' figures, a chart, a text."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from hjemvej.accounts.policy import municipality_citizens
from hjemvej.citizens.models import ListEventReason
from hjemvej.citizens.services import situation_end
from hjemvej.economy.reports.content import council_report
from hjemvej.economy.reports.pdf import render_pdf
from hjemvej.economy.reports.xlsx import render_xlsx
from hjemvej.stats.flows.selectors import list_flows
from hjemvej.stats.models import TargetMeasure
from hjemvej.stats.services import list_target_set
from tests import factories
from tests.pdf_checks import figure_alternatives

from .conftest import AS_OF, YEAR

pytestmark = pytest.mark.django_db


def test_the_years_list_in_the_pdf_and_the_xlsx(world: Any) -> None:
    worker = world.case_worker
    ebbe = factories.citizen(worker, first_name="Ebbe", start=date(2025, 3, 10))
    situation_end(
        actor=worker,
        citizen=ebbe,
        end=date(2025, 8, 20),
        reason=ListEventReason.HOUSED,
        today=AS_OF,
    )
    factories.citizen(worker, first_name="Finn", start=date(2024, 12, 1))  # long-term by autumn
    list_target_set(
        actor=world.manager,
        municipality=world.municipality,
        measure=TargetMeasure.LONG_TERM,
        target=0,
        by_date=date(2027, 12, 31),
        today=AS_OF,
    )
    report = council_report(world.municipality, year=YEAR, as_of=AS_OF)
    months = list_flows(
        municipality_citizens(world.municipality.pk),
        first=date(YEAR, 1, 1),
        last=date(YEAR, 12, 1),
        as_of=AS_OF,
    ).months
    assert [m.on_list_end for m in report.flows.months] == [m.on_list_end for m in months]
    assert report.flows.paragraphs == [
        "Ved udgangen af 2025 var 1 borger på kommunens navngivne liste, det samme som ved "
        "årets begyndelse (1).",
        "1 borger kom på listen: 1 nyidentificeret, 0 vendt tilbage fra bolig og 0 vendt "
        "tilbage fra inaktiv. 1 borger gik af listen: 1 fik bolig, 0 blev inaktive, 0 flyttede "
        "fra kommunen, 0 døde, og 0 var ikke længere omfattet.",
        "1 af dem var langvarigt hjemløs: mere end 183 dage i hjemløshed i alt (grænsen er en "
        "antaget værdi, ikke vedtaget eller kontrolleret).",
        "Mål: 0 langvarigt hjemløse senest 31.12.2027; nu 1. Der mangler 1.",
    ]
    assert "homelessness.long_term.days" in {u.value.name for u in report.not_enacted}

    reader = PdfReader(io.BytesIO(render_pdf(report)))
    flat = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
    assert "Den navngivne liste" in flat
    assert flat.index("Den navngivne liste") < flat.index("Regler og læsninger")
    assert report.flows.paragraphs[0] in flat
    assert any(
        alt.startswith("Kurvediagram over borgere på listen") for alt in figure_alternatives(reader)
    )

    book = load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book["Listen"]
    assert sheet["A1"].value == "Den navngivne liste"
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert report.flows.paragraphs[0] in cells
    assert any(isinstance(v, str) and v.startswith("Grafen viser: Kurvediagram") for v in cells)
    assert "Ebbe" not in flat
    assert "Ebbe" not in str(cells)


def test_a_year_in_progress_says_the_day_and_a_year_without_a_list_says_so(world: Any) -> None:
    report = council_report(world.municipality, year=AS_OF.year, as_of=AS_OF)
    assert report.flows.paragraphs[0].startswith("Den 21. november 2026 var ")
    assert report.flows.months[-1].partial
    empty = council_report(world.municipality, year=2021, as_of=AS_OF)
    assert empty.flows.paragraphs == ["Ingen borgere var på den navngivne liste i 2021."]
    assert empty.flows.chart is None
    assert "Ingen borgere var på den navngivne liste i 2021." in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(empty))).pages
    ).replace("\n", " ")

"""The list over time as xlsx: the months, their ends split, the charts and what the numbers mean.

Counts only (no citizen is named), as the page shows them: one row per month, numbers as
numbers; the month in progress says in "Bemærkning" how far it is counted; each chart with its
text alternative in the cell above it and as the picture's description (``core.xlsx``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hjemvej.citizens.models import ListEventReason
from hjemvej.core.xlsx import BOLD, TITLE, put_chart, put_header
from hjemvej.stats.flows.charts import month_name
from hjemvej.stats.flows.page import FlowsView
from hjemvej.stats.flows.selectors import (
    AGE_BANDS,
    AGE_UNKNOWN,
    INFLOW,
    OUTFLOW,
    SITUATIONS,
    MonthFlow,
)

COUNT = "#,##0"
REASONS = dict(ListEventReason.choices)
#: What the figures mean, in the words of docs/statistics.md ("The list over time").
MEANING: tuple[str, ...] = (
    "En borger er på listen ved udgangen af en dag, når borgerens seneste hændelse på listen til "
    "og med den dag satte borgeren på listen.",
    "Tilgang er de hændelser i måneden, der satte en borger på listen, som ikke var på den; "
    "afgang de hændelser, der tog en borger af listen, som var på den. Hver efter sin årsag.",
    "På listen ved start + tilgang − afgang = på listen ved udgang, som er næste måneds start.",
    "Situation og alder er borgerens på månedens sidste dag. Langvarigt hjemløs er en borger, "
    "hvis samlede tid i hjemløshed til og med dagen er over grænsen (se nedenfor).",
    "Den igangværende måned er kun talt til og med dagen, tallene er opgjort.",
)


def _widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _counts(sheet: Worksheet, row: int, values: Sequence[int], start: int = 2) -> None:
    for column, value in enumerate(values, start=start):
        sheet.cell(row=row, column=column, value=value).number_format = COUNT


def _months(sheet: Worksheet, view: FlowsView, municipality: str) -> None:
    months = view.months
    sheet["A1"] = "Listen over tid"
    sheet["A1"].font = TITLE
    sheet["A2"] = (
        f"Borgere på den navngivne liste i {municipality}, {month_name(months[0], long=True)} til "
        f"{month_name(months[-1], long=True)}. Opgjort {view.flows.as_of:%d.%m.%Y}."
    )
    row = 3
    for target in view.targets:
        sheet.cell(row=row, column=1, value=f"{target.sentence}. {target.status}")
        row += 1
    row += 1
    put_header(
        sheet,
        row,
        [
            "Måned",
            "På listen ved start",
            *(REASONS[r] for r in INFLOW),
            "Tilgang i alt",
            *(REASONS[r] for r in OUTFLOW),
            "Afgang i alt",
            "Nettoændring",
            "På listen ved udgang",
            "Heraf langvarigt hjemløse",
            "Bemærkning",
        ],
    )
    for r, month in enumerate(months, start=row + 1):
        sheet.cell(row=r, column=1, value=month.month).number_format = "MMM YYYY"
        values = [
            month.on_list_start,
            *(month.entered[k] for k in INFLOW),
            month.inflow,
            *(month.left[k] for k in OUTFLOW),
            month.outflow,
            month.net,
            month.on_list_end,
            month.long_term_end,
        ]
        _counts(sheet, r, values)
        if month.partial:
            sheet.cell(
                row=r,
                column=len(values) + 2,
                value=f"Kun talt til og med {month.last_day:%d.%m.%Y}: måneden er ikke slut",
            )
    sheet.freeze_panes = f"B{row + 1}"
    _widths(sheet, [14, 12, *([14] * 14), 40])


def _ends(sheet: Worksheet, months: Sequence[MonthFlow]) -> None:
    sheet["A1"] = "Ved månedens udgang: situation og alder"
    sheet["A1"].font = TITLE
    sheet["A3"] = "Borgere på listen efter situation på månedens sidste dag"
    sheet["A3"].font = BOLD
    put_header(sheet, 4, ["Måned", *(label for _, label in SITUATIONS), "I alt"])
    for r, month in enumerate(months, start=5):
        sheet.cell(row=r, column=1, value=month.month).number_format = "MMM YYYY"
        _counts(sheet, r, [*(month.by_situation[k] for k, _ in SITUATIONS), month.on_list_end])
    row = 5 + len(months) + 1
    sheet.cell(row=row, column=1, value="Borgere på listen efter alder").font = BOLD
    bands = [*AGE_BANDS, AGE_UNKNOWN]
    put_header(sheet, row + 1, ["Måned", *(b.label for b in bands), "I alt"])
    for r, month in enumerate(months, start=row + 2):
        sheet.cell(row=r, column=1, value=month.month).number_format = "MMM YYYY"
        _counts(sheet, r, [*(month.by_age[b.key] for b in bands), month.on_list_end])
    _widths(sheet, [14, *([16] * 11)])


def _about(sheet: Worksheet, view: FlowsView) -> None:
    sheet["A1"] = "Om tallene"
    sheet["A1"].font = TITLE
    row = 3
    for text in MEANING:
        sheet.cell(row=row, column=1, value=text).alignment = Alignment(wrap_text=True)
        row += 1
    for used in view.limits:
        sheet.cell(
            row=row,
            column=1,
            value=f"{used.title}: {used.value.display} fra {used.value.valid_from:%d.%m.%Y} – "
            f"{used.notice}. Kilde: {used.value.reference}.",
        ).alignment = Alignment(wrap_text=True)
        row += 1
    if view.flows.ignored:
        sheet.cell(
            row=row,
            column=1,
            value=f"{view.flows.ignored} hændelser i perioden ændrede intet (en borger, der "
            "allerede var på eller af listen) og tæller ikke med.",
        )
    _widths(sheet, [120])


def render_xlsx(view: FlowsView, *, municipality: str) -> bytes:
    """Return the list over time as xlsx bytes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Listen over tid"
    _months(sheet, view, municipality)
    _ends(book.create_sheet("Ved månedens udgang"), view.months)
    charts = book.create_sheet("Grafer")
    row = put_chart(charts, view.stock, 1)
    put_chart(charts, view.movement, row)
    _about(book.create_sheet("Om tallene"), view)
    book.properties.title = "Listen over tid"
    book.properties.creator = "Hjemvej"
    book.properties.language = "da-DK"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

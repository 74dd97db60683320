"""The count week's figures as an xlsx workbook: counts only, no names and no pseudonyms."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from hjemvej.core.formatting import danish_number
from hjemvej.stats import vive
from hjemvej.stats.count_week import CountWeek, Row

BOLD = Font(bold=True)


def count_week_xlsx(result: CountWeek, *, municipality: str, made_on: date) -> bytes:
    """Return the week's counts per situation and per answer, and the basis of the count."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Situationer"
    _widths(sheet, (70, 12, 22))
    _table(sheet, "Hjemløshedssituation (VIVE)", result.situations)
    sheet.append(["I alt", result.total, result.with_contact])
    sheet.cell(sheet.max_row, 1).font = BOLD

    answers = book.create_sheet("Oplysninger")
    _widths(answers, (60, 12, 22))
    for table in result.tables:
        _table(answers, table.title, table.rows)
        answers.append([])

    basis = book.create_sheet("Grundlag")
    _widths(basis, (34, 90))
    facts: list[tuple[str, str | int]] = [
        ("Kommune", municipality),
        ("Uge", f"{result.week.label} ({result.week.period})"),
        ("Ugen er slut", "Ja" if result.complete else f"Nej: talt til {made_on:%d.%m.%Y}"),
        ("VIVE's tælleuge", _count_week_text(result)),
        ("Personer talt", result.total),
        ("Heraf med kontakt i ugen", result.with_contact),
        ("Borgere med manglende svar", len(result.missing)),
        ("Filen dannet", f"{made_on:%d.%m.%Y}"),
        ("Hvem tælles", WHO),
    ]
    for label, value in facts:
        basis.append([label, value])
        basis.cell(basis.max_row, 1).font = BOLD
    basis.append([])
    basis.append(["Kilder"])
    basis.cell(basis.max_row, 1).font = BOLD
    for text in vive.SOURCES.values():
        basis.append(["", text])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WHO = (
    "Kommunens borgere (handlekommune) i en hjemløshedssituation i ugen (mandag til søndag), "
    "ellers med et ophold på en § 110-boform i ugen, ellers på den navngivne liste med en "
    "kontakt i ugen (situationen uoplyst). Se docs/statistics.md, »VIVE's count week«."
)


def _count_week_text(result: CountWeek) -> str:
    if not result.is_count_week:
        return "Nej: VIVE tæller i uge 6 i tælleårene"
    if result.national is not None:
        return f"Ja; hele landet: {danish_number(result.national.persons)} personer"
    return "Ja, antaget: VIVE har talt hvert andet år siden 2022"


def _table(sheet: Worksheet, title: str, rows: list[Row]) -> None:
    sheet.append([title, "Personer", "Heraf med kontakt i ugen"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    for row in rows:
        sheet.append([row.label, row.persons, row.with_contact])


def _widths(sheet: Worksheet, widths: tuple[int, ...]) -> None:
    for letter, width in zip("ABCDEFG", widths, strict=False):
        sheet.column_dimensions[letter].width = width

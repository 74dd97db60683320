"""The template workbook to download, and the tables of ``docs/import.md``, from ``columns.py``."""

from __future__ import annotations

import io

from openpyxl.styles import Alignment

from hjemvej.core.xlsx import put_header
from hjemvej.interchange.columns import CHOICE, SHEETS, Column, Sheet
from hjemvej.interchange.export import workbook

GUIDE = "vejledning"
KIND_WORDS = {
    "tekst": "tekst",
    "dato": "dato: dd.mm.åååå eller ÅÅÅÅ-MM-DD",
    "beløb": "beløb i kr.: 1234,50 (i en kommasepareret CSV-fil 1234.50)",
    "heltal": "helt tal",
    "ja/nej": "Ja eller Nej",
    "valg": "et af valgene",
    "cpr": "CPR-nummer",
    "kommunekode": "kommunekode, 3 cifre",
    "henvisning": "ekstern_id i et andet ark",
    "takster": "takster: »dd.mm.åååå: beløb« adskilt af semikolon",
}


def _choices(column: Column) -> str:
    if column.kind != CHOICE or column.choices is None:
        return ""
    return "; ".join(str(label) for label in column.choices.labels)


def template_bytes() -> bytes:
    """Return the template: every sheet with its header row, and a guide to every column."""
    book = workbook({})
    guide = book.create_sheet(GUIDE, 0)
    put_header(guide, 1, ["ark", "kolonne", "skal udfyldes", "værdi", "betydning", "valg"])
    row = 2
    for sheet in SHEETS:
        for column in sheet.columns:
            values = [
                sheet.name,
                column.name,
                "ja" if column.required else "",
                KIND_WORDS[column.kind],
                column.doc,
                _choices(column),
            ]
            for index, value in enumerate(values, start=1):
                cell = guide.cell(row=row, column=index, value=value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    for letter, width in zip("ABCDEF", (18, 22, 12, 30, 60, 60), strict=True):
        guide.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docs_table(sheet: Sheet) -> str:
    """Return the sheet's table as ``docs/import.md`` shows it (a test checks the docs hold it)."""
    lines = ["| kolonne | skal udfyldes | værdi | betydning |", "|---|---|---|---|"]
    for column in sheet.columns:
        doc = column.doc
        choices = _choices(column)
        if choices:
            doc = f"{doc} Valg: {choices}."
        lines.append(
            f"| `{column.name}` | {'ja' if column.required else ''} | "
            f"{KIND_WORDS[column.kind]} | {doc.replace('|', '/')} |"
        )
    return "\n".join(lines)

"""One definition of the columns: the docs show every sheet's table, the template every header."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from hjemvej.interchange.columns import SHEETS
from hjemvej.interchange.template import GUIDE, docs_table, template_bytes

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import.md"


def test_the_docs_show_every_sheet_and_column() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for sheet in SHEETS:
        assert f"### `{sheet.name}`" in text
        assert docs_table(sheet) in text, f"docs/import.md: regenerate the table of {sheet.name}"


def test_the_template_has_every_sheet_header_and_a_guide() -> None:
    book = load_workbook(io.BytesIO(template_bytes()), read_only=True)
    assert book.sheetnames == [GUIDE, *(sheet.name for sheet in SHEETS)]
    for sheet in SHEETS:
        header = next(book[sheet.name].iter_rows(values_only=True))
        assert header == sheet.names
    guide = list(book[GUIDE].iter_rows(values_only=True))
    assert len(guide) == 1 + sum(len(sheet.columns) for sheet in SHEETS)
    book.close()

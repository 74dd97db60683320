"""Read the source: one xlsx workbook, or a folder of CSV files in a Danish Excel dialect.

Every cell comes back as the file holds it (text from CSV; text, numbers and dates from xlsx),
with the row's number as a spreadsheet shows it. ``values.py`` turns cells into values.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from hjemvej.interchange.columns import SHEETS
from hjemvej.interchange.problems import Problem

XLSX = "xlsx"
#: Danish Excel's CSV: semicolon between cells, decimal comma.
SEMICOLON = "semikolon"
#: The other CSV Excel writes: comma between cells, decimal point.
COMMA = "komma"

Raw = str | int | float | date | datetime | None


@dataclass
class RawSheet:
    """A sheet's header and its rows (row number, cells), read as they stand."""

    name: str
    dialect: str
    header: list[str]
    rows: list[tuple[int, list[Raw]]] = field(default_factory=list)


def _blank(cells: list[Raw]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _decode(data: bytes) -> str:
    """Return the text of a CSV file: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def read_csv_text(name: str, text: str) -> RawSheet:
    """Read one CSV file's text; the header line tells the dialect (``;`` or ``,``)."""
    first = text.split("\n", 1)[0]
    dialect = SEMICOLON if first.count(";") >= first.count(",") else COMMA
    reader = csv.reader(io.StringIO(text), delimiter=";" if dialect == SEMICOLON else ",")
    header: list[str] = []
    sheet = RawSheet(name=name, dialect=dialect, header=header)
    for number, cells in enumerate(reader, start=1):
        if number == 1:
            header.extend(cell.strip() for cell in cells)
            continue
        raw: list[Raw] = list(cells)
        if not _blank(raw):
            sheet.rows.append((number, raw))
    return sheet


def read_folder(folder: Path) -> tuple[dict[str, RawSheet], list[Problem]]:
    """Read ``<sheet>.csv`` for every sheet the folder has."""
    sheets: dict[str, RawSheet] = {}
    for path in sorted(folder.iterdir()):
        name = path.stem.lower()
        if path.suffix.lower() != ".csv" or name not in {s.name for s in SHEETS}:
            continue
        sheets[name] = read_csv_text(name, _decode(path.read_bytes()))
    if not sheets:
        names = ", ".join(f"{s.name}.csv" for s in SHEETS)
        return {}, [Problem("", 0, "", f"mappen har ingen af filerne {names}")]
    return sheets, []


def read_workbook(handle: BinaryIO) -> tuple[dict[str, RawSheet], list[Problem]]:
    """Read the workbook's sheets that the import knows (others, such as a guide, are skipped)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return {}, [Problem("", 0, "", "filen er ikke en xlsx-projektmappe")]
    known = {s.name for s in SHEETS}
    sheets: dict[str, RawSheet] = {}
    try:
        for worksheet in book.worksheets:
            name = worksheet.title.strip().lower()
            if name not in known:
                continue
            rows = worksheet.iter_rows(values_only=True)
            first = next(rows, ())
            header = ["" if cell is None else str(cell).strip() for cell in first]
            sheet = RawSheet(name=name, dialect=XLSX, header=header)
            for number, values in enumerate(rows, start=2):
                cells: list[Raw] = [
                    cell if isinstance(cell, str | int | float | date) else None for cell in values
                ]
                if not _blank(cells):
                    sheet.rows.append((number, cells))
            sheets[name] = sheet
    finally:
        book.close()
    if not sheets:
        names = ", ".join(s.name for s in SHEETS)
        return {}, [Problem("", 0, "", f"projektmappen har ingen af arkene {names}")]
    return sheets, []


def read_source(path: Path) -> tuple[dict[str, RawSheet], list[Problem]]:
    """Read a workbook file or a folder of CSV files."""
    if path.is_dir():
        return read_folder(path)
    if not path.is_file():
        return {}, [Problem("", 0, "", f"'{path}' findes ikke")]
    with path.open("rb") as handle:
        return read_workbook(handle)

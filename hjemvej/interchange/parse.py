"""The sheets as rows of values: each cell read by its column, every problem collected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hjemvej.citizens import cpr as cpr_codec
from hjemvej.core import cpr_text
from hjemvej.core.errors import DomainError
from hjemvej.interchange import values
from hjemvej.interchange.columns import (
    AMOUNT,
    BY_NAME,
    CHOICE,
    COUNT,
    CPR,
    DATE,
    RATES,
    REF,
    YES_NO,
    Column,
    Sheet,
)
from hjemvej.interchange.problems import Problem
from hjemvej.interchange.read import Raw, RawSheet


@dataclass
class Row:
    """One row's values by field (``None`` or "" for an empty cell), with where it stands."""

    sheet: Sheet
    number: int
    values: dict[str, Any]

    @property
    def ekstern_id(self) -> str:
        """Return the row's ``ekstern_id``."""
        return str(self.values["ekstern_id"])

    def problem(self, field: str, message: str) -> Problem:
        """Return a problem with this row, in the column that fills ``field`` ("" for the row)."""
        column = next((c.name for c in self.sheet.columns if c.field == field), "")
        return Problem(self.sheet.name, self.number, column, message)


def _cell(column: Column, raw: Raw, dialect: str) -> Any:
    """Return the cell's value for the column; raise ``CellError``."""
    if column.kind == DATE:
        return values.parse_date(raw)
    if column.kind == AMOUNT:
        return values.parse_amount(raw, dialect)
    if column.kind == COUNT:
        return values.parse_count(raw)
    if column.kind == YES_NO:
        return values.parse_yes_no(raw)
    if column.kind == RATES:
        return values.parse_rates(raw)
    if column.kind == CHOICE:
        assert column.choices is not None
        return values.parse_choice(raw, column.choices)
    text = values.text_of(raw)
    if column.kind == CPR:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            text = f"{int(raw):010d}"  # Excel drops a leading zero from a number
        try:
            return cpr_codec.normalise(text)
        except DomainError as exc:
            raise values.CellError(exc.message) from None
    if (column.field == "ekstern_id" or column.kind == REF) and cpr_text.in_text(text):
        raise values.CellError("et ekstern_id må ikke være et CPR-nummer")
    if column.max_length and len(text) > column.max_length:
        raise values.CellError(f"højst {column.max_length} tegn (her {len(text)})")
    return text


def _empty(column: Column) -> Any:
    return [] if column.kind == RATES else None if column.kind != "tekst" else ""


def parse_sheet(raw: RawSheet) -> tuple[list[Row], list[Problem]]:
    """Return the sheet's rows and its problems (a header problem stops reading its rows)."""
    sheet = BY_NAME[raw.name]
    problems: list[Problem] = []
    header = raw.header
    for column in sheet.columns:
        if column.name not in header:
            problems.append(Problem(sheet.name, 1, column.name, "kolonnen mangler"))
    for index, name in enumerate(header):
        if name and name not in sheet.names:
            problems.append(Problem(sheet.name, 1, name, "ukendt kolonne (se docs/import.md)"))
        elif name and header.index(name) != index:
            problems.append(Problem(sheet.name, 1, name, "kolonnen står der to gange"))
    if problems:
        return [], problems
    where = {column.name: header.index(column.name) for column in sheet.columns}
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, cells in raw.rows:
        found: dict[str, Any] = {}
        for column in sheet.columns:
            index = where[column.name]
            cell = cells[index] if index < len(cells) else None
            if values.text_of(cell) == "":
                if column.required:
                    problems.append(Problem(sheet.name, number, column.name, "skal udfyldes"))
                found[column.field] = _empty(column)
                continue
            try:
                found[column.field] = _cell(column, cell, raw.dialect)
            except values.CellError as exc:
                problems.append(Problem(sheet.name, number, column.name, str(exc)))
                found[column.field] = _empty(column)
        key = found.get("ekstern_id")
        if key:
            if key in seen:
                problems.append(
                    Problem(
                        sheet.name,
                        number,
                        "ekstern_id",
                        f"'{values.shown(key)}' står også i række {seen[key]}; "
                        "et ekstern_id må kun stå én gang i arket",
                    )
                )
                continue
            seen[key] = number
        rows.append(Row(sheet=sheet, number=number, values=found))
    return rows, problems

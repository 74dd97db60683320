"""The by-name list as CSV (for Danish Excel) and xlsx; columns in Danish, no CPR column."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from hjemvej.casefile.selectors import CitizenRow
from hjemvej.core.exports import Cell, cell_text
from hjemvej.rules.parameters import ParameterValue


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[CitizenRow], Cell]
    width: int  # characters, for xlsx


def columns(threshold: ParameterValue) -> list[Column]:
    """Return the export's columns; the long-term header names the threshold and its status."""
    long_term = f"Langvarigt hjemløs (over {threshold.display}, {threshold.status_label})"
    return [
        Column("Navn", lambda r: r.name, 28),
        Column("Alias", lambda r: r.citizen.alias, 16),
        Column("Alder", lambda r: r.age, 7),
        Column("Handlekommune", lambda r: r.acting_municipality, 18),
        Column("Situation nu", lambda r: r.situation_label, 30),
        Column("På by-name-listen nu", lambda r: r.on_list, 12),
        Column("Boform nu", lambda r: r.shelter_name, 28),
        Column("Ekstern boform", lambda r: r.shelter_external if r.shelter_name else None, 10),
        Column("Indskrevet", lambda r: r.admitted, 12),
        Column("Indsatser nu", lambda r: ", ".join(r.methods), 16),
        Column("Dage i hjemløshed", lambda r: r.days_homeless, 10),
        Column(long_term, lambda r: r.long_term, 14),
        Column("Seneste kontakt", lambda r: r.last_contact, 12),
        Column("Dage siden kontakt", lambda r: r.days_since_contact, 10),
    ]


def write_csv(rows: Sequence[CitizenRow], *, threshold: ParameterValue) -> bytes:
    """Return the rows as CSV with ``;`` and decimal comma, UTF-8 with BOM (Danish Excel)."""
    cols = columns(threshold)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in cols])
    for row in rows:
        writer.writerow([cell_text(c.value(row)) for c in cols])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(
    rows: Sequence[CitizenRow],
    *,
    threshold: ParameterValue,
    today: date,
    username: str,
    filters: Sequence[str],
) -> bytes:
    """Return the rows as an xlsx workbook: header row, frozen panes, widths, real dates."""
    cols = columns(threshold)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Borgere"
    sheet.append([c.header for c in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values: list[Cell] = []
        for col in cols:
            value = col.value(row)
            if isinstance(value, bool):
                value = "Ja" if value else "Nej"
            values.append(value)
        sheet.append(values)
    for index, col in enumerate(cols, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = col.width + 2
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # a name starting with "=" is text, never a formula
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions

    about = book.create_sheet("Om udtrækket")
    about.append(["Udtrukket", today])
    about["B1"].number_format = "DD.MM.YYYY"
    about.append(["Udtrukket af", username])
    about.append(["Antal borgere", len(rows)])
    about.append(["Filtre", "; ".join(filters) or "ingen"])
    about.append(["Langvarig hjemløshed", f"over {threshold.display}"])
    about.append(["Værdiens status", threshold.status_label])
    about.append(["Kilde", threshold.reference])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 80
    for (cell,) in about.iter_rows(min_col=1, max_col=1):
        cell.font = Font(bold=True)

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

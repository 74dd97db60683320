"""``hjemvej export records``: a municipality's records in the import's workbook.

The same sheets and columns as the import (``columns.py``), so export → import into an empty
database → export gives the same workbook. A record that has no ``ekstern_id`` gets one here
(a citizen its pseudonym, any other record ``hjemvej-<sheet>-<id>``), and it is stored, so the
file imported back into the same installation changes nothing. The file holds CPR numbers.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    HomelessnessSituation,
    RiskOfHomelessness,
)
from hjemvej.core import cpr_text
from hjemvej.core.xlsx import put_header
from hjemvej.interchange.columns import (
    BOTILBUD,
    CHOICE,
    CITIZENS,
    CONTACTS,
    COURSES,
    CPR,
    DATE,
    LIST_EVENTS,
    MUNICIPALITY,
    RATES,
    REF,
    RISKS,
    SHEETS,
    SHELTERS,
    SITUATIONS,
    STAYS,
    YES_NO,
    Column,
    Sheet,
)
from hjemvej.interchange.models import SourceId
from hjemvej.interchange.values import rates_text
from hjemvej.shelters.models import Shelter, ShelterRate, Stay
from hjemvej.support.models import BotilbudStay, Contact, SupportCourse

#: What the command and the page say before the file is written.
CPR_WARNING = (
    "Advarsel: filen indeholder borgernes CPR-numre og andre personoplysninger. Opbevar den "
    "krypteret, giv den kun til dem, der skal bruge den, og slet den, når den er brugt."
)
DATE_FORMAT = "DD.MM.YYYY"


class SourceIds:
    """The ``ekstern_id`` of each exported record: the stored one, or a new one (stored too)."""

    def __init__(self, municipality: Municipality) -> None:
        self.municipality = municipality
        self.stored: dict[str, dict[int, str]] = {}
        self.new: list[SourceId] = []

    def of(self, sheet: Sheet, pk: int, fallback: str = "") -> str:
        """Return the record's ``ekstern_id``."""
        if sheet.name not in self.stored:
            self.stored[sheet.name] = {
                object_id: key
                for key, object_id in SourceId.objects.filter(
                    municipality=self.municipality, model=sheet.model
                ).values_list("ekstern_id", "object_id")
            }
        found = self.stored[sheet.name].get(pk)
        if found is None:
            if cpr_text.in_text(fallback):  # the import refuses an id that may be a CPR number
                fallback = ""
            found = fallback or f"hjemvej-{sheet.name}-{pk}"
            self.stored[sheet.name][pk] = found
            self.new.append(
                SourceId(
                    municipality=self.municipality,
                    model=sheet.model,
                    ekstern_id=found,
                    object_id=pk,
                )
            )
        return found

    def save(self) -> None:
        """Store the new ids."""
        SourceId.objects.bulk_create(self.new, batch_size=1000, ignore_conflicts=True)


def cell_value(column: Column, value: Any) -> Any:
    """Return the value as the workbook writes it (Danish labels, Ja/Nej, dd.mm.åååå)."""
    if value is None or value == "":
        return None
    if column.kind == CHOICE:
        assert column.choices is not None
        return str(column.choices(value).label)
    if column.kind == YES_NO:
        return "Ja" if value else "Nej"
    if column.kind == RATES:
        return rates_text(value) or None
    return value


def write_sheet(sheet: Worksheet, spec: Sheet, rows: Iterable[dict[str, Any]]) -> None:
    """Write the header and the rows (one dict per row, by field) of one sheet."""
    put_header(sheet, 1, spec.names)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(
                row=number, column=index, value=cell_value(column, row.get(column.field))
            )
            if column.kind == DATE and cell.value is not None:
                cell.number_format = DATE_FORMAT
            elif column.kind in (CPR, MUNICIPALITY, REF) or column.field == "ekstern_id":
                cell.number_format = "@"
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(column.name) + 2)
    sheet.freeze_panes = "A2"


def collect(municipality: Municipality) -> tuple[dict[str, list[dict[str, Any]]], list[int]]:
    """Return every sheet's rows for the municipality, and the exported citizens' ids.

    Every citizen the municipality acts for, those followed only for a risk of homelessness (no
    situation ever, docs/rules.md "Prevention") too: their risks are in the sheet risici.
    """
    ids = SourceIds(municipality)
    citizens = list(
        Citizen.objects.filter(
            acting_municipality=municipality, merged_into__isnull=True, erased_on__isnull=True
        ).select_related("residence_municipality")
    )
    citizen_key = {c.pk: ids.of(CITIZENS, c.pk, c.pseudonym) for c in citizens}
    people = []
    for c in citizens:
        values: dict[str, Any] = {f.field: getattr(c, f.field, None) for f in CITIZENS.columns}
        values["ekstern_id"] = citizen_key[c.pk]
        values["cpr"] = _cpr_text(c.cpr_token)
        values["residence_municipality"] = (
            c.residence_municipality.code if c.residence_municipality else None
        )
        people.append(values)
    pks = list(citizen_key)
    stays = _dicts(Stay.objects.filter(citizen_id__in=pks))
    courses = _dicts(SupportCourse.objects.filter(citizen_id__in=pks))
    shelter_pks = (
        {s["shelter_id"] for s in stays}
        | {c["chosen_shelter_id"] for c in courses if c["chosen_shelter_id"]}
        | set(Shelter.objects.filter(municipality=municipality).values_list("pk", flat=True))
    )
    shelters = list(Shelter.objects.filter(pk__in=shelter_pks).select_related("municipality"))
    rates: dict[int, list[tuple[date, Decimal]]] = {}
    for rate in ShelterRate.objects.filter(shelter_id__in=shelter_pks).order_by("valid_from"):
        rates.setdefault(rate.shelter_id, []).append((rate.valid_from, rate.daily_rate))
    shelter_key = {s.pk: ids.of(SHELTERS, s.pk) for s in shelters}
    found: dict[str, list[dict[str, Any]]] = {
        SHELTERS.name: [
            {
                **{f.field: getattr(s, f.field, None) for f in SHELTERS.columns},
                "ekstern_id": shelter_key[s.pk],
                "municipality": s.municipality.code,
                "rates": rates.get(s.pk, []),
            }
            for s in shelters
        ],
        CITIZENS.name: people,
    }
    course_key = {c["id"]: ids.of(COURSES, c["id"]) for c in courses}
    plain: list[tuple[Sheet, list[dict[str, Any]]]] = [
        (SITUATIONS, _dicts(HomelessnessSituation.objects.filter(citizen_id__in=pks))),
        (STAYS, stays),
        (COURSES, courses),
        (CONTACTS, _dicts(Contact.objects.filter(citizen_id__in=pks))),
        (LIST_EVENTS, _dicts(ByNameListEvent.objects.filter(citizen_id__in=pks))),
        (BOTILBUD, _dicts(BotilbudStay.objects.filter(citizen_id__in=pks))),
        (RISKS, _dicts(RiskOfHomelessness.objects.filter(citizen_id__in=pks))),
    ]
    for spec, records in plain:
        rows = []
        for record in records:
            row = dict(record)
            row["ekstern_id"] = (
                course_key[record["id"]] if spec is COURSES else ids.of(spec, record["id"])
            )
            row["citizen"] = citizen_key[record["citizen_id"]]
            if "shelter_id" in record:
                row["shelter"] = shelter_key[record["shelter_id"]]
            if "chosen_shelter_id" in record:
                row["chosen_shelter"] = shelter_key.get(record["chosen_shelter_id"])
            if "course_id" in record:
                row["course"] = course_key.get(record["course_id"])
            rows.append(row)
        found[spec.name] = rows
    found[SHELTERS.name].sort(key=lambda r: r["ekstern_id"])
    found[CITIZENS.name].sort(key=lambda r: r["ekstern_id"])
    for spec in (SITUATIONS, STAYS, COURSES, CONTACTS, LIST_EVENTS, BOTILBUD, RISKS):
        first_date = next(c.field for c in spec.columns if c.kind == DATE)
        found[spec.name].sort(key=partial(_order, first_date))
    ids.save()
    return found, pks


def _order(first_date: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["citizen"], row[first_date], row["ekstern_id"])


def _dicts(query: QuerySet[Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in query.values()]


def _cpr_text(token: str) -> str | None:
    if not token:
        return None
    digits = cpr_codec.decrypt(token)
    return f"{digits[:6]}-{digits[6:]}"


def workbook(found: dict[str, list[dict[str, Any]]]) -> Workbook:
    """Return the workbook of the sheets' rows, in the import's order."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for spec in SHEETS:
        write_sheet(book.create_sheet(spec.name), spec, found.get(spec.name, []))
    return book


def records_export(
    *, out: Path, municipality: Municipality, actor: User | None, username: str = ""
) -> tuple[int, dict[str, int]]:
    """Write the workbook atomically and log the export; return citizens and rows per sheet."""
    with transaction.atomic():  # the ids given, the log and the file: all or nothing
        found, pks = collect(municipality)
        book = workbook(found)
        fd, tmp = tempfile.mkstemp(dir=out.resolve().parent, prefix=f".{out.name}.", suffix=".tmp")
        os.close(fd)
        try:
            book.save(tmp)
            audit.record_many(
                actor=actor,
                username=username,
                action=AuditAction.EXPORT,
                citizen_ids=pks,
                detail={"export": "records", "municipality": municipality.code, "format": "xlsx"},
            )
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return len(pks), {name: len(rows) for name, rows in found.items()}

"""The reimbursement claims as xlsx and CSV for the auditor: pseudonymous ids only.

The xlsx has the lines (with a total row) and a sheet with the basis: the period, the parameter set
and every parameter value with its status and reference, the readings and the data fingerprint.
The CSV has the lines for Danish Excel (``;``, decimal comma, UTF-8 with BOM), each row naming the
parameter set (and the § 177 claim's readings) that produced it. One writer (``lines_csv``,
``lines_xlsx``) serves both kinds: the § 177 claim of stays and the § 176 a claim of courses.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from hjemvej.core.exports import Cell, cell_text
from hjemvej.core.formatting import period_text
from hjemvej.economy.models import (
    ClaimLine,
    ReimbursementClaim,
    SupportClaim,
    SupportClaimLine,
)
from hjemvej.economy.selectors.claims import last_day
from hjemvej.rules.parameters import is_enacted

MONEY_FORMAT = "#,##0.00"


L = TypeVar("L")


@dataclass(frozen=True)
class Column(Generic[L]):
    header: str
    value: Callable[[L], Cell]
    width: int


def columns(rule_texts: dict[str, str]) -> list[Column[ClaimLine]]:
    """Return the line columns; the rule versions as their Danish texts."""

    def rules(line: ClaimLine) -> str:
        return "; ".join(rule_texts.get(key, key) for key in line.rule_versions)

    return [
        Column("Pseudonym", lambda r: r.pseudonym, 16),
        Column("Ophold-id", lambda r: r.stay_pk, 10),
        Column("Boform", lambda r: r.shelter_name, 30),
        Column("Ekstern boform", lambda r: r.external, 10),
        Column("Registreret på Tilbudsportalen", lambda r: r.registered, 12),
        Column("Indskrevet", lambda r: r.admitted, 12),
        Column("Udskrevet (dato)", lambda r: r.discharged, 12),
        Column("Dage i perioden", lambda r: r.days, 10),
        Column("Dage med refusion", lambda r: r.reimbursed_days, 10),
        Column("Bruttoudgift (kr.)", lambda r: r.gross_cost, 14),
        Column("Egenbetaling (kr.)", lambda r: r.own_payment, 14),
        Column("Refusion (kr.)", lambda r: r.reimbursement, 14),
        Column("Nettoudgift (kr.)", lambda r: r.net_cost, 14),
        Column("Regelversioner", rules, 60),
    ]


TOTAL_FIELDS = ("days", "reimbursed_days", "gross_cost", "own_payment", "reimbursement", "net_cost")


def _totals(claim: ReimbursementClaim) -> list[Cell]:
    return [
        "I alt",
        None,
        None,
        None,
        None,
        None,
        None,
        *(getattr(claim, name) for name in TOTAL_FIELDS),
        None,
    ]


def readings_text(claim: ReimbursementClaim) -> str:
    """Return the readings as written on the command line."""
    return ", ".join(f"{k}={v}" for k, v in sorted(claim.readings.items()))


def claim_csv(
    claim: ReimbursementClaim, lines: Sequence[ClaimLine], rule_texts: dict[str, str]
) -> bytes:
    """Return the lines as CSV with ``;`` and decimal comma, UTF-8 with BOM (Danish Excel)."""
    basis = {
        "Periode": period_text(claim.period_start, claim.period_end),
        "Parametersæt": claim.parameter_set,
        "Læsninger": readings_text(claim),
        "Datafingeraftryk": claim.data_fingerprint,
    }
    return lines_csv(columns(rule_texts), lines, _totals(claim), basis)


def lines_csv(
    cols: Sequence[Column[L]], lines: Sequence[L], totals: list[Cell], basis: dict[str, str]
) -> bytes:
    """Return a claim's lines and total row as CSV for Danish Excel, each row with the basis."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in cols] + list(basis))
    extra = list(basis.values())
    for line in lines:
        writer.writerow([cell_text(c.value(line)) for c in cols] + extra)
    writer.writerow([cell_text(v) for v in totals] + extra)
    return buffer.getvalue().encode("utf-8-sig")


def claim_xlsx(
    claim: ReimbursementClaim,
    lines: Sequence[ClaimLine],
    rule_texts: dict[str, str],
    *,
    exported_by: str,
    exported_on: date,
) -> bytes:
    """Return the claim as an xlsx workbook: the lines, and the basis of the computation."""
    facts: list[tuple[str, Cell]] = [
        ("Refusionsopgørelse", claim.pk),
        *_made(claim, exported_by=exported_by, exported_on=exported_on),
        ("Lovgrundlag", "Serviceloven § 177, stk. 1 (refusion af ophold i boformer efter § 110)"),
        ("Parametersæt", claim.parameter_set),
        ("Læsninger", readings_text(claim)),
        ("Datafingeraftryk (SHA-256 af opholdenes rækker)", claim.data_fingerprint),
        ("Ophold i beregningen", claim.stays_in),
        ("Borgere i opgørelsen", claim.citizens),
        ("Linjer", len(lines)),
        ("Refusion i alt (kr.)", claim.reimbursement),
    ]
    return lines_xlsx(columns(rule_texts), lines, _totals(claim), facts, claim.parameters)


def _made(
    claim: ReimbursementClaim | SupportClaim, *, exported_by: str, exported_on: date
) -> list[tuple[str, Cell]]:
    """Return the facts every claim's basis sheet starts with: where, when and by whom."""
    return [
        ("Kommune", f"{claim.municipality.name} ({claim.municipality.code})"),
        ("Periode", period_text(claim.period_start, claim.period_end)),
        ("Periode fra", claim.period_start),
        ("Periode til og med", last_day(claim.period_end)),
        ("Dage talt til og med", last_day(claim.as_of)),
        ("Oprettet", claim.created_at.date()),
        ("Oprettet af", claim.created_by.get_username()),
        ("Filen dannet", exported_on),
        ("Filen dannet af (hver hentning logges)", exported_by),
    ]


def lines_xlsx(
    cols: Sequence[Column[L]],
    lines: Sequence[L],
    totals: list[Cell],
    facts: list[tuple[str, Cell]],
    parameters: list[dict[str, Any]],
) -> bytes:
    """Return a claim as an xlsx workbook: the lines with a total row, and the basis sheet."""
    # Write-only: a year of a city's stays is tens of thousands of rows.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Linjer")
    for index, col in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = col.width + 2
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(lines) + 1}"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, c.header, bold) for c in cols])
    for line in lines:
        sheet.append([_cell(sheet, c.value(line)) for c in cols])
    sheet.append([_cell(sheet, v, bold) for v in totals])

    about = book.create_sheet("Grundlag")
    for letter, width in zip("ABCDEFG", (44, 50, 18, 12, 12, 30, 80), strict=True):
        about.column_dimensions[letter].width = width
    for label, value in facts:
        about.append([_cell(about, label, bold), _cell(about, value)])
    about.append([])
    about.append([_cell(about, "Parameterværdier brugt", bold)])
    headers = ["Nøgle", "Parameter", "Værdi", "Gælder fra", "Gælder til", "Status", "Hjemmel"]
    about.append([_cell(about, h, bold) for h in headers])
    for record in parameters:
        values: list[Cell] = [
            record["key"],
            record["title"],
            record["value"],
            _iso(record["valid_from"]),
            _iso(record["valid_to"]),
            record["status_label"] if is_enacted(record["status"]) else record["notice"],
            record["reference"],
        ]
        about.append([_cell(about, v) for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- The § 176 a claim -------------------------------------------------------------------------


def support_columns(rule_texts: dict[str, str]) -> list[Column[SupportClaimLine]]:
    """Return the § 176 a claim's line columns; the rule versions as their Danish texts."""

    def rules(line: SupportClaimLine) -> str:
        return "; ".join(rule_texts.get(key, key) for key in line.rule_versions)

    return [
        Column("Pseudonym", lambda r: r.pseudonym, 16),
        Column("Forløb-id", lambda r: r.course_pk, 10),
        Column("Metode", lambda r: r.method_label, 30),
        Column("Afgørelse truffet", lambda r: r.decided_on, 12),
        Column("Start", lambda r: r.start, 12),
        Column("Slut (dato)", lambda r: r.end, 12),
        Column("Månedlig udgift (kr.)", lambda r: r.monthly_cost, 14),
        Column("Dage i perioden", lambda r: r.days, 10),
        Column("Dage med refusion", lambda r: r.reimbursed_days, 10),
        Column("Udgift (kr.)", lambda r: r.cost, 14),
        Column("Refusion (kr.)", lambda r: r.reimbursement, 14),
        Column("Nettoudgift (kr.)", lambda r: r.net_cost, 14),
        Column("Grundlag", lambda r: r.basis, 60),
        Column("Regelversioner", rules, 60),
    ]


SUPPORT_TOTAL_FIELDS = ("days", "reimbursed_days", "cost", "reimbursement", "net_cost")


def _support_totals(claim: SupportClaim) -> list[Cell]:
    return ["I alt", *([None] * 6), *(getattr(claim, n) for n in SUPPORT_TOTAL_FIELDS), None, None]


def support_claim_csv(
    claim: SupportClaim, lines: Sequence[SupportClaimLine], rule_texts: dict[str, str]
) -> bytes:
    """Return the § 176 a claim's lines as CSV for Danish Excel."""
    basis = {
        "Periode": period_text(claim.period_start, claim.period_end),
        "Parametersæt": claim.parameter_set,
        "Datafingeraftryk": claim.data_fingerprint,
    }
    return lines_csv(support_columns(rule_texts), lines, _support_totals(claim), basis)


def support_claim_xlsx(
    claim: SupportClaim,
    lines: Sequence[SupportClaimLine],
    rule_texts: dict[str, str],
    *,
    exported_by: str,
    exported_on: date,
) -> bytes:
    """Return the § 176 a claim as an xlsx workbook: the lines, and the basis."""
    facts: list[tuple[str, Cell]] = [
        ("Refusionsopgørelse efter § 176 a", claim.pk),
        *_made(claim, exported_by=exported_by, exported_on=exported_on),
        (
            "Lovgrundlag",
            "Serviceloven § 176 a, stk. 1 og 2 (refusion af støtte efter § 85 a efter "
            "udskrivning fra boform efter § 110, og af midlertidigt botilbud efter § 107)",
        ),
        ("Parametersæt", claim.parameter_set),
        (
            "Datafingeraftryk (SHA-256 af borgernes forløb, § 107-ophold og § 110-ophold)",
            claim.data_fingerprint,
        ),
        ("Forløb og § 107-ophold i beregningen", claim.courses_in),
        ("Borgere i opgørelsen", claim.citizens),
        ("Linjer", len(lines)),
        ("Refusion i alt (kr.)", claim.reimbursement),
    ]
    cols = support_columns(rule_texts)
    return lines_xlsx(cols, lines, _support_totals(claim), facts, claim.parameters)


def _cell(sheet: WriteOnlyWorksheet, value: Cell, font: Font | None = None) -> object:
    """Return a value as Danish Excel shows it: dd.mm.åååå, money with two decimals, Ja/Nej.

    Plain text and numbers go in as they are (fast); only formatted values become cells.
    """
    if isinstance(value, bool):
        value = "Ja" if value else "Nej"
    formula_like = isinstance(value, str) and value.startswith("=")
    if font is None and not formula_like and not isinstance(value, date | Decimal):
        return value
    cell = WriteOnlyCell(sheet, value=cast(Any, value))
    if formula_like:
        cell.data_type = "s"  # text, never a formula
    if isinstance(value, date):
        cell.number_format = "DD.MM.YYYY"
    elif isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    if font is not None:
        cell.font = font
    return cell


def _iso(raw: object) -> date | None:
    return date.fromisoformat(str(raw)) if raw else None

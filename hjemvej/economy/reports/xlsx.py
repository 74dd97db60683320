"""The council report as xlsx (openpyxl): summary, months, shelters, drivers, support, parameters.

Money is written as numbers in kroner with two decimals (format ``#,##0.00 "kr."``), so the
figures can be added up and checked; full-year persons with two decimals; charts as PNG images,
each with its text alternative twice: in the cell above it ("Grafen viser: …", for everyone) and
as the picture's description (what a screen reader in Excel reads). Values are named by their
Danish titles; the parameter keys and the parameter set's fingerprint stand only on the sheet
"Parametre". A month counted only in part says so in the column "Bemærkning".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hjemvej.core.formatting import period_text
from hjemvej.core.xlsx import BOLD, TITLE, put_chart, put_header
from hjemvej.economy.reports.content import (
    PARAMETER_HEADER,
    Cell,
    CouncilReport,
    Extra,
    Money,
    change_facts,
    change_rows,
    change_text,
    parameter_rows,
    support_rows,
)
from hjemvej.economy.reports.flows import HEADER as FLOWS_HEADER
from hjemvej.economy.reports.selectors import Period
from hjemvej.economy.reports.texts import READING_TEXTS

MONEY_FORMAT = '#,##0.00 "kr."'
PERSONS_FORMAT = "0.00"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.0 %"
WARN_FILL = PatternFill("solid", fgColor="FFF4E5")


def kroner(oere: int) -> Decimal:
    """Return øre as a Decimal number of kroner with two decimals (what a cell holds)."""
    return (Decimal(oere) / 100).quantize(Decimal("0.01"))


def _put(sheet: Worksheet, row: int, column: int, value: Cell) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Money):
        cell.value = kroner(value.oere)
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, Decimal):
        cell.value = value
        cell.number_format = PERSONS_FORMAT
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = COUNT_FORMAT
    else:
        cell.value = value


def _rows(sheet: Worksheet, first: int, rows: Sequence[Sequence[Cell]]) -> int:
    for r, row in enumerate(rows):
        for c, value in enumerate(row, start=1):
            _put(sheet, first + r, c, value)
    return first + len(rows)


def _widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _period_table(sheet: Worksheet, row: int, periods: Sequence[Period]) -> int:
    put_header(sheet, row, ["Nøgletal", *[p.label for p in periods]])
    rows: list[list[Cell]] = [
        ["Bruttoudgift", *[Money(p.total.gross_cost) for p in periods]],
        ["Egenbetaling", *[Money(p.total.own_payment) for p in periods]],
        ["Statsrefusion (§ 177)", *[Money(p.total.reimbursement) for p in periods]],
        ["Nettoudgift", *[Money(p.total.net_cost) for p in periods]],
        ["Dage på boform", *[p.total.days for p in periods]],
        ["Dage med refusion", *[p.total.reimbursed_days for p in periods]],
        ["Helårspersoner i alt", *[p.full_year_persons for p in periods]],
        ["Dage på eksterne boformer", *[p.external.days for p in periods]],
        ["Helårspersoner, eksterne boformer", *[p.external_full_year_persons for p in periods]],
        ["Nettoudgift, eksterne boformer", *[Money(p.external.net_cost) for p in periods]],
    ]
    end = _rows(sheet, row + 1, rows)
    for column in range(2, len(periods) + 2):
        sheet.cell(row=row + 4, column=column).font = BOLD
    sheet.cell(row=row + 4, column=1).font = BOLD
    return end


def _summary(book: Workbook, report: CouncilReport) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sammenfatning"
    sheet["A1"] = report.title
    sheet["A1"].font = TITLE
    sheet["A2"] = f"Rapport til kommunalbestyrelsen i {report.municipality.name}"
    sheet["A3"] = "Opgjort"
    sheet["B3"] = report.as_of
    sheet["B3"].number_format = "DD.MM.YYYY"
    sheet["A4"] = "Perioden"
    sheet["B4"] = period_text(report.period.start, report.period.end)
    sheet["A5"] = "Åbne ophold tæller til og med"
    sheet["B5"] = report.as_of - timedelta(days=1)
    sheet["B5"].number_format = "DD.MM.YYYY"
    row = 7
    for line in report.summary:
        sheet.cell(row=row, column=1, value=line)
        row += 1
    sheet.cell(row=7, column=1).font = BOLD
    if report.not_enacted:
        cell = sheet.cell(
            row=row,
            column=1,
            value=f"Tallene bygger på {len(report.not_enacted)} værdier, der ikke er vedtaget "
            "lov: se arket Parametre.",
        )
        cell.fill = WARN_FILL
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value=f"Årets tal {report.period.label}").font = BOLD
    columns = [p for p in (report.previous, report.period) if p is not None]
    row = _period_table(sheet, row + 1, columns) + 1
    sheet.cell(row=row, column=1, value="Udviklingen").font = BOLD
    row = _period_table(sheet, row + 1, report.trend) + 2
    put_chart(sheet, report.charts[0], row)
    _widths(sheet, [38, *([20] * len(report.trend))])


def _months(book: Workbook, report: CouncilReport) -> None:
    sheet = book.create_sheet("Måneder")
    headers = [
        "Måned",
        "Dage",
        "Dage med refusion",
        "Bruttoudgift",
        "Egenbetaling",
        "Statsrefusion",
        "Nettoudgift",
        "Helårspersoner",
        "Dage, eksterne",
        "Helårspersoner, eksterne",
        "Nettoudgift, eksterne",
        "Bemærkning",
    ]
    put_header(sheet, 1, headers)
    for r, m in enumerate(report.months, start=2):
        sheet.cell(row=r, column=1, value=m.start).number_format = "MMM YYYY"
        values: list[Cell] = [
            m.total.days,
            m.total.reimbursed_days,
            Money(m.total.gross_cost),
            Money(m.total.own_payment),
            Money(m.total.reimbursement),
            Money(m.total.net_cost),
            m.full_year_persons,
            m.external.days,
            m.external_full_year_persons,
            Money(m.external.net_cost),
        ]
        for c, value in enumerate(values, start=2):
            _put(sheet, r, c, value)
        if m.partial:
            note = f"Kun {m.start.day}.–{m.last_day.day}. {m.month_text().split()[0]}"
            sheet.cell(row=r, column=len(headers), value=f"{note}: en del af måneden")
    total_row = len(report.months) + 2
    t = report.period
    sheet.cell(row=total_row, column=1, value="I alt").font = BOLD
    totals: list[Cell] = [
        t.total.days,
        t.total.reimbursed_days,
        Money(t.total.gross_cost),
        Money(t.total.own_payment),
        Money(t.total.reimbursement),
        Money(t.total.net_cost),
        t.full_year_persons,
        t.external.days,
        t.external_full_year_persons,
        Money(t.external.net_cost),
    ]
    for c, value in enumerate(totals, start=2):
        _put(sheet, total_row, c, value)
        sheet.cell(row=total_row, column=c).font = BOLD
    sheet.cell(
        row=total_row + 1,
        column=1,
        value="Refusionen i alt er rundet én gang for hele året, ikke som summen af måneder.",
    )
    sheet.freeze_panes = "B2"
    _widths(sheet, [12, 12, 12, 18, 16, 18, 18, 14, 12, 14, 18, 36])
    row = put_chart(sheet, report.charts[1], total_row + 3)
    put_chart(sheet, report.charts[2], row)


def _shelters(book: Workbook, report: CouncilReport) -> None:
    sheet = book.create_sheet("Boformer")
    put_header(
        sheet,
        1,
        [
            "Boform",
            "Kommune",
            "Ekstern",
            "På Tilbudsportalen",
            "Dage",
            "Dage med refusion",
            "Bruttoudgift",
            "Egenbetaling",
            "Statsrefusion",
            "Nettoudgift",
            "Helårspersoner",
        ],
    )
    rows: list[list[Cell]] = [
        [
            r.shelter.name,
            r.shelter.municipality,
            "ja" if r.shelter.external else "nej",
            "ja" if r.shelter.on_tilbudsportalen else "nej",
            r.amounts.days,
            r.amounts.reimbursed_days,
            Money(r.amounts.gross_cost),
            Money(r.amounts.own_payment),
            Money(r.amounts.reimbursement),
            Money(r.amounts.net_cost),
            r.full_year_persons,
        ]
        for r in report.shelters
    ]
    end = _rows(sheet, 2, rows)
    sheet.freeze_panes = "B2"
    _widths(sheet, [40, 18, 9, 12, 12, 12, 18, 16, 18, 18, 14])
    if len(report.charts) > 3:
        put_chart(sheet, report.charts[3], end + 2)


def _drivers(book: Workbook, report: CouncilReport) -> None:
    sheet = book.create_sheet("Udgiftsdrivere")
    d = report.drivers
    put_header(sheet, 1, ["Forhold", report.period.label])

    def share(part: int, whole: int) -> Cell:
        return None if not whole else Decimal(part) / Decimal(whole)

    rows: list[tuple[str, Cell, str | None]] = [
        ("Dage på boform", d.days, None),
        ("Dage i ophold over 120 dage", d.days_over_120, None),
        ("Andel af dagene i ophold over 120 dage", share(d.days_over_120, d.days), PERCENT_FORMAT),
        ("Dage i ophold over 365 dage", d.days_over_365, None),
        ("Andel af dagene i ophold over 365 dage", share(d.days_over_365, d.days), PERCENT_FORMAT),
        ("Nettoudgift, eksterne boformer", Money(d.external_net_cost), None),
        (
            "Eksterne boformers andel af nettoudgiften",
            share(d.external_net_cost, d.net_cost),
            PERCENT_FORMAT,
        ),
        ("Helårspersoner på eksterne boformer", d.external_full_year_persons, None),
        ("Dage på boformer på Tilbudsportalen fra 1.10.2023", d.qualifying_days_in_cap_era, None),
        ("Dage ud over refusionsloftet", d.days_past_cap, None),
        ("Udgift til dage ud over loftet (efter egenbetaling)", Money(d.cost_past_cap), None),
        ("Refusion, der ikke udbetales på grund af loftet", Money(d.reimbursement_lost), None),
        ("Dage på boformer uden for Tilbudsportalen", d.non_qualifying_days, None),
    ]
    for r, (label, value, number_format) in enumerate(rows, start=2):
        sheet.cell(row=r, column=1, value=label)
        _put(sheet, r, 2, value)
        if number_format and value is not None:
            sheet.cell(row=r, column=2).number_format = number_format
    found = report.change
    if found is not None:
        row = len(rows) + 3
        sheet.cell(row=row, column=1, value=change_text(found))
        if found.split is not None:
            span = f"{found.before.label}–{found.after.label}"
            put_header(sheet, row + 1, ["Årsag til ændringen i bruttoudgiften", span])
            changes: list[Sequence[Cell]] = [
                (label, Money(amount)) for label, amount in change_rows(found)
            ]
            row = _rows(sheet, row + 2, changes) + 1
            put_header(sheet, row, ["Faktor", found.before.label, found.after.label])
            for r, (label, *values) in enumerate(change_facts(found), start=row + 1):
                sheet.cell(row=r, column=1, value=label)
                for c, value in enumerate(values, start=2):
                    sheet.cell(row=r, column=c, value=value)
    _widths(sheet, [56, 22, 22])


def _support(book: Workbook, report: CouncilReport) -> None:
    sheet = book.create_sheet("Støtte")
    put_header(sheet, 1, ["Indsats", "Forløb", "Udgift", "Refusion (§ 176 a)", "Nettoudgift"])
    s = report.support
    rows = support_rows(s)
    _rows(sheet, 2, rows)
    _widths(sheet, [40, 10, 18, 18, 18])


def _flows(book: Workbook, report: CouncilReport) -> None:
    """Write the by-name list's section: the text, the months and the chart."""
    section = report.flows
    sheet = book.create_sheet("Listen")
    sheet["A1"] = section.heading
    sheet["A1"].font = TITLE
    row = 2
    for text in section.paragraphs:
        sheet.cell(row=row, column=1, value=text)
        row += 1
    if not section.months:
        return
    row += 1
    put_header(
        sheet,
        row,
        FLOWS_HEADER,
    )
    for r, m in enumerate(section.months, start=row + 1):
        sheet.cell(row=r, column=1, value=m.month).number_format = "MMM YYYY"
        values = [m.on_list_start, m.inflow, m.outflow, m.on_list_end, m.long_term_end]
        for c, value in enumerate(values, start=2):
            _put(sheet, r, c, value)
    row += len(section.months) + 2
    if section.chart is not None:
        put_chart(sheet, section.chart, row)
    _widths(sheet, [14, 14, 12, 12, 14, 14])


def _extra(book: Workbook, extra: Extra) -> None:
    title = extra.heading[:31].replace("/", "-")
    sheet = book.create_sheet(title)
    sheet["A1"] = extra.heading
    sheet["A1"].font = TITLE
    row = 2
    for text in extra.paragraphs:
        sheet.cell(row=row, column=1, value=text)
        row += 1
    for block in extra.tables:
        row += 1
        sheet.cell(row=row, column=1, value=block.caption).font = BOLD
        put_header(sheet, row + 1, block.header)
        row = _rows(sheet, row + 2, block.rows)
    row += 2
    for chart in extra.charts:
        row = put_chart(sheet, chart, row)
    _widths(sheet, [40, *([18] * 8)])


def _parameters(book: Workbook, report: CouncilReport) -> None:
    sheet = book.create_sheet("Parametre")
    sheet["A1"] = "Parametre: hver værdi med sin nøgle i parametersættet"
    sheet["A1"].font = TITLE
    r = report.readings
    sheet["A2"] = "Parametersættets kendetegn"
    sheet["B2"] = report.params.fingerprint
    sheet["A3"] = "Læsningernes koder"
    sheet["B3"] = r.describe()
    sheet["A4"] = READING_TEXTS["window"][r.window]
    sheet["A5"] = READING_TEXTS["cap"][r.cap]
    sheet["A6"] = READING_TEXTS["days"][r.days]
    put_header(sheet, 7, PARAMETER_HEADER)
    for i, row in enumerate(parameter_rows(report.parameters), start=8):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=i, column=c, value=value)
        if not report.parameters[i - 8].enacted:
            for c in range(1, 8):
                sheet.cell(row=i, column=c).fill = WARN_FILL
    _widths(sheet, [48, 40, 16, 12, 12, 30, 80])
    sheet.freeze_panes = "A8"


def _rules(book: Workbook, report: CouncilReport) -> None:
    sheet = book.create_sheet("Regler")
    row = 1
    for section in report.account:
        sheet.cell(row=row, column=1, value=section.heading).font = BOLD
        row += 1
        for text in section.paragraphs:
            sheet.cell(row=row, column=1, value=text).alignment = Alignment(wrap_text=True)
            row += 1
        row += 1
    sheet.cell(row=row, column=1, value="Værdier, der ikke er vedtaget lov").font = BOLD
    row += 1
    for u in report.not_enacted:
        sheet.cell(
            row=row,
            column=1,
            value=f"{u.title}: {u.value.display}, gælder "
            f"{period_text(u.value.valid_from, u.value.valid_to)} – {u.notice}. "
            f"Kilde: {u.value.reference}.",
        ).alignment = Alignment(wrap_text=True)
        row += 1
    _widths(sheet, [140])


def render_xlsx(report: CouncilReport) -> bytes:
    """Return the council report as xlsx bytes."""
    book = Workbook()
    _summary(book, report)
    _months(book, report)
    _shelters(book, report)
    _drivers(book, report)
    _support(book, report)
    _flows(book, report)
    for extra in report.extras:
        _extra(book, extra)
    _parameters(book, report)
    _rules(book, report)
    book.properties.title = report.title
    book.properties.creator = "Hjemvej"
    book.properties.language = "da-DK"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

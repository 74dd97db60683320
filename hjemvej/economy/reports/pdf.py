"""The council report as a tagged PDF (PDF/UA-1): the content in order, typeset by Typst.

``document_data`` turns the report into blocks (headings, paragraphs, tables, charts) in reading
order; ``council_report.typ`` lays them out on the base every PDF shares (``core.pdf``). The body
names every value by its Danish title and every reading in words; the parameter keys, the readings'
codes and the parameter set's fingerprint stand only in the appendix (``APPENDIX``), for whoever
computes the figures again. Charts are SVG with a text alternative made from their data, and the
same numbers stand in a table beside each.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from hjemvej.core import charts
from hjemvej.core.charts import Chart
from hjemvej.core.formatting import danish_number, long_date, period_text, whole_kroner
from hjemvej.core.pdf import render
from hjemvej.economy.reports.content import (
    PARAMETER_HEADER,
    Cell,
    CouncilReport,
    Money,
    TableBlock,
    change_facts,
    change_rows,
    change_text,
    parameter_rows,
    signed_kroner,
    support_rows,
)
from hjemvej.economy.reports.flows import HEADER as FLOWS_HEADER
from hjemvej.economy.reports.selectors import Period, ShelterRow
from hjemvej.stats.flows.charts import month_name

TEMPLATE = Path(__file__).with_name("council_report.typ")
#: The appendix's heading: the keys and the fingerprint stand after it, nowhere before.
APPENDIX = "Bilag: parametre"

Block = dict[str, Any]


def cell_text(value: Cell) -> str:
    """Return a table cell as Danish text: kroner, whole numbers, two decimals, "–" for none."""
    if value is None:
        return "–"
    if isinstance(value, Money):
        return whole_kroner(value.oere)
    if isinstance(value, int):
        return danish_number(value)
    if isinstance(value, Decimal):
        return danish_number(value, 2)
    return str(value)


def _whole(text: str) -> str:
    """Return text with no-break spaces: a period's name heads its column on one line."""
    return text.replace(" ", "\u00a0")


def _h1(text: str) -> Block:
    return {"kind": "h1", "text": text}


def _h2(text: str) -> Block:
    return {"kind": "h2", "text": text}


def _p(text: str, kind: str = "p") -> Block:
    return {"kind": kind, "text": text}


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    columns: Sequence[str] | None = None,
    bold_rows: Sequence[int] = (),
    size: float | None = None,
) -> Block:
    """Return a table block; by default the first column is text and the others are numbers.

    Amounts and dates never wrap, so a table of many columns gets a smaller type instead.
    """
    kinds = list(columns or ["text", *(["number"] * (len(header) - 1))])
    size = size or (8.5 if len(header) <= 4 else 8 if len(header) <= 6 else 7)
    assert len(kinds) == len(header)
    return {
        "kind": "table",
        "header": list(header),
        "rows": [[cell_text(v) for v in row] for row in rows],
        "columns": kinds,
        "bold_rows": list(bold_rows),
        "size": size,
    }


def _figure(chart: Chart) -> Block:
    return {
        "kind": "figure",
        "svg": chart.svg_paths(),
        "alt": chart.alt,
        "caption": f"{chart.title}. Tallene står i tabellen.",
    }


def _period_rows(periods: Sequence[Period]) -> list[list[Cell]]:
    return [
        ["Bruttoudgift", *[Money(p.total.gross_cost) for p in periods]],
        ["Egenbetaling", *[Money(p.total.own_payment) for p in periods]],
        ["Statsrefusion (§ 177)", *[Money(p.total.reimbursement) for p in periods]],
        ["Nettoudgift", *[Money(p.total.net_cost) for p in periods]],
        ["Dage på boform", *[p.total.days for p in periods]],
        ["Dage med refusion", *[p.total.reimbursed_days for p in periods]],
        ["Helårspersoner i alt", *[p.full_year_persons for p in periods]],
        ["Helårspersoner, eksterne boformer", *[p.external_full_year_persons for p in periods]],
    ]


def _period_table(periods: Sequence[Period]) -> Block:
    return _table(
        ["Nøgletal", *[_whole(p.label) for p in periods]],
        _period_rows(periods),
        bold_rows=[3],
    )


def _shelter_label(row: ShelterRow) -> str:
    shelter = row.shelter
    notes = [shelter.municipality]
    if shelter.external:
        notes.append("ekstern")
    if not shelter.on_tilbudsportalen:
        notes.append("ikke på Tilbudsportalen")
    return f"{shelter.name} ({', '.join(notes)})"


def _block(block: TableBlock) -> list[Block]:
    n = len(block.header)
    kinds = ["text", *(["number"] * (n - 1))]
    return [_h2(block.caption), _table(block.header, block.rows, columns=kinds)]


def _summary(report: CouncilReport) -> list[Block]:
    blocks = [_h1("Sammenfatning"), _p(report.summary[0], "lead")]
    blocks.extend(_p(text) for text in report.summary[1:])
    if report.not_enacted:
        blocks.append(
            _p(
                f"Tallene bygger på {len(report.not_enacted)} værdier, der ikke er vedtaget lov. "
                "De står i afsnittet »Værdier, der ikke er vedtaget lov«.",
                "note",
            )
        )
    return blocks


def _figures(report: CouncilReport) -> list[Block]:
    p = report.period
    columns = [x for x in (report.previous, p) if x is not None]
    first, last = report.trend[0], report.trend[-1]
    return [
        _h1(f"Årets tal {p.label}"),
        _period_table(columns),
        _h1(f"Udviklingen {first.start.year}–{last.start.year}"),
        _p(f"Perioden {period_text(first.start, last.end)}, år for år."),
        _period_table(report.trend),
        _figure(report.charts[0]),
    ]


def _months(report: CouncilReport) -> list[Block]:
    blocks = [
        _h1("Måned for måned"),
        _figure(report.charts[1]),
        _figure(report.charts[2]),
        _table(
            [
                "Måned",
                "Bruttoudgift",
                "Egenbetaling",
                "Statsrefusion",
                "Nettoudgift",
                "Helårspersoner",
                "Heraf eksterne",
            ],
            [
                [
                    m.month_text().capitalize(),
                    Money(m.total.gross_cost),
                    Money(m.total.own_payment),
                    Money(m.total.reimbursement),
                    Money(m.total.net_cost),
                    m.full_year_persons,
                    m.external_full_year_persons,
                ]
                for m in report.months
            ],
            columns=["date", *(["number"] * 6)],
        ),
    ]
    for m in report.months:
        if m.partial:
            blocks.append(
                _p(
                    f"{m.month_text().split(' (')[0].capitalize()} er kun talt fra "
                    f"{m.start.day}. til {long_date(m.last_day).removesuffix(f' {m.start.year}')}"
                    ", dagen før rapporten blev opgjort: en del af måneden. Helårspersoner er "
                    "regnet over de talte dage.",
                    "small",
                )
            )
    return blocks


def _drivers(report: CouncilReport) -> list[Block]:
    d = report.drivers
    return [
        _h1("Hvad driver udgifterne"),
        _table(
            ["Forhold", _whole(report.period.label)],
            [
                ["Andel af dagene i ophold over 120 dage", charts.percent(d.days_over_120, d.days)],
                ["Andel af dagene i ophold over 365 dage", charts.percent(d.days_over_365, d.days)],
                [
                    "Eksterne boformers andel af nettoudgiften",
                    charts.percent(d.external_net_cost, d.net_cost),
                ],
                ["Nettoudgift, eksterne boformer", Money(d.external_net_cost)],
                ["Helårspersoner på eksterne boformer", d.external_full_year_persons],
                ["Dage ud over refusionsloftet", d.days_past_cap],
                ["Udgift til dage ud over loftet (efter egenbetaling)", Money(d.cost_past_cap)],
                ["Refusion, der ikke udbetales på grund af loftet", Money(d.reimbursement_lost)],
                ["Dage på boformer uden for Tilbudsportalen", d.non_qualifying_days],
            ],
        ),
        _p(
            "Et ophold regnes som langt efter sin samlede længde på opgørelsesdagen. Dage ud "
            "over loftet er dage på boformer på Tilbudsportalen fra 1. oktober 2023, der ikke "
            "giver refusion, fordi borgeren har brugt refusionsårets dage.",
            "small",
        ),
        *_change(report),
    ]


def _change(report: CouncilReport) -> list[Block]:
    """The last two whole years' change of the gross cost split into volume, length and price."""
    found = report.change
    if found is None:
        return []
    blocks = [_h2("Hvorfor udgiften ændrede sig"), _p(change_text(found))]
    rows = change_rows(found)
    if rows:
        blocks.append(
            _table(
                ["Årsag", f"{_whole(found.before.label)}–{_whole(found.after.label)}"],
                [[label, signed_kroner(amount)] for label, amount in rows],
                bold_rows=[3, len(rows) - 1],
            )
        )
        blocks.append(
            _table(
                ["Faktor", _whole(found.before.label), _whole(found.after.label)],
                [list(row) for row in change_facts(found)],
            )
        )
        blocks.append(
            _p(
                "Bruttoudgiften er personer × overnatninger pr. person × udgift pr. overnatning. "
                "Ændringen er delt med den logaritmiske middelværdi (LMDI), så de tre dele giver "
                "hele ændringen, uanset rækkefølgen. Udgift pr. overnatning ændres af taksterne "
                "og af, hvilke boformer borgerne bor på.",
                "small",
            )
        )
    return blocks


def _shelters(report: CouncilReport) -> list[Block]:
    blocks = [_h1("Boformer")]
    if not report.shelters:
        return [*blocks, _p(f"Ingen ophold på boformer {report.period.during}.")]
    blocks.append(_figure(report.charts[3]))
    blocks.append(
        _table(
            ["Boform", "Dage", "Helårspersoner", "Bruttoudgift", "Statsrefusion", "Nettoudgift"],
            [
                [
                    _shelter_label(r),
                    r.amounts.days,
                    r.full_year_persons,
                    Money(r.amounts.gross_cost),
                    Money(r.amounts.reimbursement),
                    Money(r.amounts.net_cost),
                ]
                for r in report.shelters
            ],
        )
    )
    return blocks


def _support(report: CouncilReport) -> list[Block]:
    blocks = [_h1("Støtte efter § 85 a og § 176 a")]
    s = report.support
    if not s.lines:
        return [*blocks, _p(f"Ingen støtteforløb med udgift {report.period.during}.")]
    rows = support_rows(s)
    blocks.append(
        _table(
            ["Indsats", "Forløb", "Udgift", "Statsrefusion", "Nettoudgift"],
            rows,
            bold_rows=[len(s.lines)],
        )
    )
    return blocks


def _flows(report: CouncilReport) -> list[Block]:
    """Return the by-name list's section: the text, the chart and its months in a table."""
    section = report.flows
    blocks = [_h1(section.heading), *(_p(text) for text in section.paragraphs)]
    if section.chart is None:
        return blocks
    blocks.append(_figure(section.chart))
    blocks.append(
        _table(
            FLOWS_HEADER,
            [
                [
                    month_name(m, long=True).capitalize(),
                    m.on_list_start,
                    m.inflow,
                    m.outflow,
                    m.on_list_end,
                    m.long_term_end,
                ]
                for m in section.months
            ],
            columns=["date", *(["number"] * 5)],
        )
    )
    blocks.append(
        _p(
            "Tallene er statistikkens (Listen over tid): en borger er på listen ved udgangen af "
            "en dag, når borgerens seneste hændelse på listen til og med den dag satte borgeren "
            "på listen; kom på og gik af er de hændelser, der ændrede det.",
            "small",
        )
    )
    return blocks


def _extras(report: CouncilReport) -> list[Block]:
    blocks: list[Block] = []
    for extra in report.extras:
        blocks.append(_h1(extra.heading))
        blocks.extend(_p(text) for text in extra.paragraphs)
        for table in extra.tables:
            blocks.extend(_block(table))
        blocks.extend(_figure(chart) for chart in extra.charts)
    return blocks


def _rules(report: CouncilReport) -> list[Block]:
    blocks = [_h1("Regler og læsninger")]
    for section in report.account:
        blocks.append(_h2(section.heading))
        blocks.extend(_p(text) for text in section.paragraphs)
    blocks.append(_h1("Værdier, der ikke er vedtaget lov"))
    if not report.not_enacted:
        return [*blocks, _p("Alle værdier er vedtaget lov.")]
    blocks.append(
        _p(
            "Disse værdier bygger på en politisk aftale eller er antaget. De kan ændre sig, når "
            "loven vedtages, eller når en administrator kontrollerer dem."
        )
    )
    blocks.append(
        {
            "kind": "bullets",
            "items": [
                f"{u.title}: {u.value.display}, gælder "
                f"{period_text(u.value.valid_from, u.value.valid_to)} – {u.notice}. "
                f"Kilde: {u.value.reference}."
                for u in report.not_enacted
            ],
        }
    )
    return blocks


def _appendix(report: CouncilReport) -> list[Block]:
    r = report.readings
    last_counted = report.as_of - timedelta(days=1)
    return [
        _h1(APPENDIX),
        _p(
            "Bilaget er til den, der vil regne tallene efter i Hjemvej: hver værdi med sin nøgle "
            "i parametersættet, og læsningerne med deres koder."
        ),
        _p(f"Parametersættets kendetegn: {report.params.fingerprint}."),
        _p(f"Læsningernes koder: {r.describe()}."),
        _p(
            f"Opgjort {report.as_of:%d.%m.%Y}: åbne ophold tæller til og med "
            f"{last_counted:%d.%m.%Y}."
        ),
        _table(
            PARAMETER_HEADER,
            parameter_rows(report.parameters),
            columns=["text", "date", "date", "date", "date", "text", "wide"],
        ),
    ]


def _subtitle(report: CouncilReport) -> str:
    p = report.period
    last_counted = report.as_of - timedelta(days=1)
    return (
        f"Rapport til kommunalbestyrelsen i {report.municipality.name}. Perioden "
        f"{period_text(p.start, p.end)}. Opgjort {report.as_of:%d.%m.%Y}: åbne ophold tæller "
        f"til og med {last_counted:%d.%m.%Y}."
    )


def document_data(report: CouncilReport) -> dict[str, Any]:
    """Return what ``council_report.typ`` prints, as JSON-ready data, in reading order."""
    return {
        "title": report.title,  # the document's metadata
        "heading": report.title.replace(report.period.label, _whole(report.period.label)),
        "author": report.municipality.name,
        "subtitle": _subtitle(report),
        "footer": f"{report.municipality.name} · {report.title}",
        "blocks": [
            *_summary(report),
            *_figures(report),
            *_months(report),
            *_drivers(report),
            *_shelters(report),
            *_support(report),
            *_flows(report),
            *_extras(report),
            *_rules(report),
        ],
        "appendix": _appendix(report),
    }


def render_pdf(report: CouncilReport) -> bytes:
    """Return the council report as a tagged PDF (A4; the appendix on landscape pages)."""
    return render(TEMPLATE, document_data(report), made_on=report.as_of)

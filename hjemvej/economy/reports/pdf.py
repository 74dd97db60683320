"""The council report as PDF (reportlab): the content in order; layout in ``pdf_layout``.

The font is DejaVu Sans from matplotlib's own package data, so æ, ø, å and § print on any machine
that has Hjemvej installed (no system fonts needed).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from hjemvej.core.pdf import WIDTH, register_fonts
from hjemvej.economy import charts
from hjemvej.economy.reports.content import Cell, CouncilReport, Money, TableBlock, parameter_rows
from hjemvej.economy.reports.pdf_layout import (
    Document,
    Heading,
    NumberedCanvas,
    chart_block,
    styles_,
    table,
)
from hjemvej.economy.reports.selectors import Period, ShelterRow
from hjemvej.economy.reports.texts import READING_TEXTS


def _period_rows(periods: Sequence[Period]) -> list[list[Cell]]:
    def row(label: str, values: Sequence[Cell]) -> list[Cell]:
        return [label, *values]

    return [
        row("Bruttoudgift", [Money(p.total.gross_cost) for p in periods]),
        row("Egenbetaling", [Money(p.total.own_payment) for p in periods]),
        row("Statsrefusion (§ 177)", [Money(p.total.reimbursement) for p in periods]),
        row("Nettoudgift", [Money(p.total.net_cost) for p in periods]),
        row("Dage på boform", [p.total.days for p in periods]),
        row("Dage med refusion", [p.total.reimbursed_days for p in periods]),
        row("Helårspersoner i alt", [p.full_year_persons for p in periods]),
        row("Helårspersoner, eksterne boformer", [p.external_full_year_persons for p in periods]),
    ]


def _shelter_label(row: ShelterRow) -> str:
    shelter = row.shelter
    notes = [shelter.municipality]
    if shelter.external:
        notes.append("ekstern")
    if not shelter.on_tilbudsportalen:
        notes.append("ikke på Tilbudsportalen")
    return f"{shelter.name} ({', '.join(notes)})"


def _paragraphs(texts: Sequence[str], style: ParagraphStyle) -> list[Flowable]:
    return [Paragraph(escape(t), style) for t in texts]


def _block(block: TableBlock, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    n = len(block.header)
    first = WIDTH * (0.5 if n <= 2 else 0.3 if n <= 4 else 0.18)
    rest = (WIDTH - first) / max(n - 1, 1)
    return [
        Paragraph(escape(block.caption), styles["h2"]),
        table(
            block.header,
            block.rows,
            styles,
            widths=[first, *([rest] * (n - 1))],
            compact=False,
            font_size=7 if n >= 5 else 8,
        ),
        Spacer(1, 6),
    ]


def render_pdf(report: CouncilReport) -> bytes:
    """Return the council report as PDF bytes."""
    register_fonts()
    styles = styles_()
    story: list[Flowable] = []
    p = report.period
    d = report.drivers

    story.append(Paragraph(escape(report.title), styles["title"]))
    story.append(
        Paragraph(
            escape(
                f"Rapport til kommunalbestyrelsen i {report.municipality.name}. Opgjort "
                f"{report.as_of:%d.%m.%Y}. Parametersæt {report.params.fingerprint}."
            ),
            styles["subtitle"],
        )
    )

    story.append(Heading("Sammenfatning", styles["h1"], 0))
    story.append(Paragraph(escape(report.summary[0]), styles["lead"]))
    story.extend(_paragraphs(report.summary[1:], styles["body"]))
    if report.not_enacted:
        story.append(
            Paragraph(
                escape(
                    f"Tallene bygger på {len(report.not_enacted)} værdier, der ikke er vedtaget "
                    "lov. De står i afsnittet »Værdier, der ikke er vedtaget lov«."
                ),
                styles["note"],
            )
        )

    story.append(Heading(f"Årets tal {p.label}", styles["h1"], 0))
    columns = [x for x in (report.previous, p) if x is not None]
    story.append(
        table(
            ["", *[c.label for c in columns]],
            _period_rows(columns),
            styles,
            widths=[WIDTH * 0.46, *([WIDTH * 0.54 / len(columns)] * len(columns))],
            bold_rows=[3],
        )
    )
    story.append(Spacer(1, 8))

    story.append(Heading(f"Udviklingen {report.trend[0].label[:4]}–{p.label[:4]}", styles["h1"], 0))
    n = len(report.trend)
    story.append(
        table(
            ["", *[t.label for t in report.trend]],
            _period_rows(report.trend),
            styles,
            widths=[WIDTH * 0.2, *([WIDTH * 0.8 / n] * n)],
            bold_rows=[3],
            font_size=7 if n > 3 else 8,
        )
    )
    story.append(Spacer(1, 8))
    story.append(chart_block(report.charts[0], styles))

    story.append(Heading("Måned for måned", styles["h1"], 0))
    story.append(chart_block(report.charts[1], styles))
    story.append(chart_block(report.charts[2], styles))
    story.append(
        table(
            [
                "Måned",
                "Brutto",
                "Egenbetaling",
                "Refusion",
                "Netto",
                "Helårspers.",
                "Heraf eksterne",
            ],
            [
                [
                    charts.month_label(m.start, long=True).capitalize(),
                    Money(m.total.gross_cost),
                    Money(m.total.own_payment),
                    Money(m.total.reimbursement),
                    Money(m.total.net_cost),
                    m.full_year_persons,
                    m.external_full_year_persons,
                ]
                for m in report.months
            ],
            styles,
            widths=[WIDTH * 0.16, *([WIDTH * 0.14] * 6)],
        )
    )

    story.append(Heading("Hvad driver udgifterne", styles["h1"], 0))
    story.append(
        table(
            ["Forhold", p.label],
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
            styles,
            widths=[WIDTH * 0.7, WIDTH * 0.3],
        )
    )
    story.append(
        Paragraph(
            escape(
                "Et ophold regnes som langt efter sin samlede længde på opgørelsesdagen. Dage ud "
                "over loftet er dage på boformer på Tilbudsportalen fra 1. oktober 2023, der ikke "
                "giver refusion, fordi borgeren har brugt refusionsårets dage."
            ),
            styles["small"],
        )
    )

    story.append(Heading("Boformer", styles["h1"], 0))
    if report.shelters:
        story.append(chart_block(report.charts[3], styles))
        story.append(
            table(
                ["Boform", "Dage", "Helårspers.", "Brutto", "Refusion", "Netto"],
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
                styles,
                widths=[WIDTH * 0.35, WIDTH * 0.1, WIDTH * 0.1, *([WIDTH * 0.15] * 3)],
            )
        )
    else:
        story.append(Paragraph("Ingen ophold på boformer i året.", styles["body"]))

    story.append(Heading("Støtte efter § 85 a og § 176 a", styles["h1"], 0))
    if report.support.lines:
        s = report.support
        support_rows: list[list[Cell]] = [
            [
                line.label,
                line.courses,
                Money(line.cost),
                Money(line.reimbursement),
                Money(line.net_cost),
            ]
            for line in s.lines
        ]
        support_rows.append(
            ["I alt", s.courses, Money(s.cost), Money(s.reimbursement), Money(s.net_cost)]
        )
        story.append(
            table(
                ["Indsats", "Forløb", "Udgift", "Refusion", "Netto"],
                support_rows,
                styles,
                widths=[WIDTH * 0.4, WIDTH * 0.12, *([WIDTH * 0.16] * 3)],
                bold_rows=[len(s.lines)],
            )
        )
    else:
        story.append(Paragraph("Ingen støtteforløb med udgift i året.", styles["body"]))

    for extra in report.extras:
        story.append(Heading(extra.heading, styles["h1"], 0))
        story.extend(_paragraphs(extra.paragraphs, styles["body"]))
        for block in extra.tables:
            story.extend(_block(block, styles))
        for chart in extra.charts:
            story.append(chart_block(chart, styles))

    story.append(Heading("Regler og læsninger", styles["h1"], 0))
    for section in report.account:
        story.append(Heading(section.heading, styles["h2"], 1))
        story.extend(_paragraphs(section.paragraphs, styles["body"]))

    story.append(Heading("Værdier, der ikke er vedtaget lov", styles["h1"], 0))
    if report.not_enacted:
        story.append(
            Paragraph(
                "Disse værdier bygger på en politisk aftale eller er antaget. De kan ændre sig, "
                "når loven vedtages, eller når en administrator kontrollerer dem.",
                styles["body"],
            )
        )
        for u in report.not_enacted:
            story.append(
                Paragraph(
                    escape(
                        f"{u.title} ({u.value.name}): {u.value.display} fra "
                        f"{u.value.valid_from:%d.%m.%Y} – {u.notice}. Kilde: {u.value.reference}."
                    ),
                    styles["bullet"],
                    bulletText="•",
                )
            )
    else:
        story.append(Paragraph("Alle værdier er vedtaget lov.", styles["body"]))

    story.append(Heading("Parametersæt og læsninger", styles["h1"], 0))
    r = report.readings
    story.extend(
        _paragraphs(
            [
                f"Parametersæt: {report.params.fingerprint}. Læsninger: {r.describe()}.",
                READING_TEXTS["window"][r.window] + ".",
                READING_TEXTS["cap"][r.cap] + ".",
                READING_TEXTS["days"][r.days] + ".",
                f"Opgjort {report.as_of:%d.%m.%Y}. Åbne ophold tæller til og med dagen før.",
            ],
            styles["body"],
        )
    )
    story.append(
        table(
            ["Parameter", "Værdi", "Fra", "Status", "Kilde"],
            [[row[0], row[2], row[3], row[5], row[6]] for row in parameter_rows(report.parameters)],
            styles,
            widths=[WIDTH * 0.28, WIDTH * 0.12, WIDTH * 0.11, WIDTH * 0.14, WIDTH * 0.35],
            numeric_from=5,
        )
    )

    buffer = io.BytesIO()
    document = Document(
        buffer,
        title=report.title,
        subject=f"Rapport til kommunalbestyrelsen, {report.municipality.name}",
        footer=f"{report.municipality.name} · {report.title}",
    )
    canvas_class = type("_ReportCanvas", (NumberedCanvas,), {"footer_text": document.footer})
    document.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()

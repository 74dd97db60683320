"""The council report's PDF building blocks: the font, styles, page template, tables, charts.

DejaVu Sans comes from matplotlib's own package data, so æ, ø, å and § print on any machine with
Hjemvej installed; headings become the PDF outline; every page says "Side n af m".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hjemvej.core.formatting import danish_number, whole_kroner
from hjemvej.core.pdf import FONT, FONT_BOLD, GREY, HEAD_BG, RULE, WIDTH, ZEBRA
from hjemvej.economy.reports.extras import Cell, Money
from hjemvej.economy.reports.graphics import Chart


def styles_() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle(
            "title", base, fontName=FONT_BOLD, fontSize=20, leading=25, spaceAfter=6
        ),
        "subtitle": ParagraphStyle("subtitle", base, textColor=GREY, spaceAfter=14),
        "h1": ParagraphStyle(
            "h1",
            base,
            fontName=FONT_BOLD,
            fontSize=15,
            leading=19,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "body": ParagraphStyle("body2", base, spaceAfter=5),
        "lead": ParagraphStyle(
            "lead", base, fontName=FONT_BOLD, fontSize=12, leading=16, spaceAfter=6
        ),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, textColor=GREY),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "cellhead": ParagraphStyle("cellhead", base, fontName=FONT_BOLD, fontSize=8, leading=10),
        "cellright": ParagraphStyle("cellright", base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "cellhead_right": ParagraphStyle(
            "cellhead_right", base, fontName=FONT_BOLD, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        "bullet": ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=2, spaceAfter=3),
        "note": ParagraphStyle(
            "note",
            base,
            backColor=colors.HexColor("#fff4e5"),
            borderPadding=6,
            borderColor=colors.HexColor("#e69f00"),
            borderWidth=0.8,
            spaceBefore=6,
            spaceAfter=10,
        ),
    }


class Heading(Paragraph):  # type: ignore[misc]
    """A paragraph that becomes an entry in the PDF outline (bookmarks)."""

    def __init__(self, text: str, style: ParagraphStyle, level: int) -> None:
        super().__init__(escape(text), style)
        self.outline_text = text
        self.outline_level = level


class Document(BaseDocTemplate):  # type: ignore[misc]
    """An A4 document with one frame, Danish metadata and an outline of the headings."""

    def __init__(self, buffer: io.BytesIO, *, title: str, subject: str, footer: str) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=2 * cm,
            rightMargin=2 * cm,
            topMargin=2 * cm,
            bottomMargin=2.2 * cm,
            title=title,
            author="Hjemvej",
            subject=subject,
            creator="Hjemvej",
            lang="da-DK",
            displayDocTitle=True,
            invariant=True,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.footer = footer
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._bookmarks = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            key = f"h{self._bookmarks}"
            self._bookmarks += 1
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level)


class NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes "Side n af m" on every page once it knows m."""

    footer_text = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8)
        self.setFillColor(GREY)
        self.setStrokeColor(RULE)
        self.line(2 * cm, 1.6 * cm, A4[0] - 2 * cm, 1.6 * cm)
        self.drawString(2 * cm, 1.2 * cm, self.footer_text)
        self.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Side {self._pageNumber} af {total}")
        self.restoreState()


def cell_text(value: Cell) -> str:
    if value is None:
        return "–"
    if isinstance(value, Money):
        return whole_kroner(value.oere)
    if isinstance(value, int):
        return danish_number(value)
    if isinstance(value, Decimal):
        return danish_number(value, 2)
    return str(value)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    styles: dict[str, ParagraphStyle],
    *,
    widths: Sequence[float] | None = None,
    numeric_from: int = 1,
    bold_rows: Sequence[int] = (),
    font_size: float = 8,
    compact: bool = True,
) -> Table:
    """Return a zebra table; columns from ``numeric_from`` on are right-aligned numbers.

    ``compact`` numbers never wrap (figures tables); otherwise they wrap at spaces.
    """
    right = ParagraphStyle("right", styles["cellright"], fontSize=font_size, leading=font_size + 2)
    data: list[list[Any]] = [
        [
            Paragraph(escape(h), styles["cellhead" if i < numeric_from else "cellhead_right"])
            for i, h in enumerate(header)
        ]
    ]
    for row in rows:
        data.append(
            [
                Paragraph(escape(cell_text(v)), styles["cell"])
                if i < numeric_from
                else (cell_text(v) if compact else Paragraph(escape(cell_text(v)), right))
                for i, v in enumerate(row)
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, font_size),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for r in range(2, len(data), 2):
        commands.append(("BACKGROUND", (0, r), (-1, r), ZEBRA))
    for r in bold_rows:
        commands.append(("FONT", (numeric_from, r + 1), (-1, r + 1), FONT_BOLD, font_size))
    table.setStyle(TableStyle(commands))
    return table


def chart_block(chart: Chart, styles: dict[str, ParagraphStyle]) -> KeepTogether:
    png = chart.png(dpi=150)
    reader = ImageReader(io.BytesIO(png))
    w, h = reader.getSize()
    width = WIDTH
    image = Image(io.BytesIO(png), width=width, height=width * h / w)
    caption = f"Figur: {chart.title}. Tallene står i tabellen."
    return KeepTogether([image, Paragraph(escape(caption), styles["small"]), Spacer(1, 8)])

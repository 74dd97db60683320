"""What every xlsx Hjemvej writes shares: the header row's look and a chart with its description.

A chart is written as a PNG picture with its text alternative twice: in the cell above it
("Grafen viser: …", for everyone) and as the picture's description (what a screen reader in
Excel reads). The council report and the statistics write their workbooks with these.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from openpyxl.drawing.fill import Blip
from openpyxl.drawing.geometry import PresetGeometry2D
from openpyxl.drawing.image import Image as SheetImage
from openpyxl.drawing.picture import PictureFrame
from openpyxl.drawing.spreadsheet_drawing import OneCellAnchor
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from hjemvej.core.charts import Chart

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF5")
#: The height of a row in pixels (Excel's default), to leave room below a chart.
ROW_PIXELS = 20
#: English Metric Units in a pixel (at 96 pixels to the inch), the unit of a drawing's size.
PIXEL_EMU = 9525


def put_header(sheet: Worksheet, row: int, labels: Sequence[str]) -> None:
    """Write a table's header row: bold, shaded, wrapped."""
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.font = BOLD
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def put_chart(sheet: Worksheet, chart: Chart, row: int) -> int:
    """Write what the chart shows in row ``row``, the chart below it; return the next free row."""
    sheet.cell(row=row, column=1, value=f"Grafen viser: {chart.alt}")
    image = SheetImage(io.BytesIO(chart.png(dpi=100)))
    anchor = OneCellAnchor()
    anchor._from.row = row  # zero-based: the row below the text
    anchor._from.col = 0
    anchor.ext = XDRPositiveSize2D(image.width * PIXEL_EMU, image.height * PIXEL_EMU)
    # openpyxl describes every picture as "Picture"; this one says what the chart shows.
    frame = PictureFrame()
    frame.nvPicPr.cNvPr.id = len(sheet._images) + 1  # type: ignore[attr-defined]
    frame.nvPicPr.cNvPr.name = chart.title
    frame.nvPicPr.cNvPr.descr = chart.alt
    frame.blipFill.blip = Blip(cstate="print")
    frame.spPr.prstGeom = PresetGeometry2D(prst="rect")
    frame.spPr.ln = None
    anchor.pic = frame
    image.anchor = anchor
    sheet.add_image(image)
    return row + 1 + math.ceil(image.height / ROW_PIXELS) + 1

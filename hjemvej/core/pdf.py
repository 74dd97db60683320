"""The base of every PDF Hjemvej makes: the embedded font, the text column and the colours.

DejaVu Sans comes from matplotlib's own package data, so æ, ø, å and § print on any machine with
Hjemvej installed, and every PDF (letters, the council report) embeds the same font.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "HjemvejSans"
FONT_BOLD = "HjemvejSans-Bold"
WIDTH = A4[0] - 4 * cm  # the text column
GREY = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#bfbfbf")
HEAD_BG = colors.HexColor("#e8eef5")
ZEBRA = colors.HexColor("#f5f5f5")


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) from matplotlib's package data, once."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )

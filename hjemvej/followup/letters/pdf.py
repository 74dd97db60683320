"""A letter as PDF (reportlab): the lines of ``LetterText`` in reading order, nothing else.

Line breaks typed in the form are kept: a blank line starts a new paragraph, a single line break a
new line within it.

The font is the one every PDF here embeds (``core.pdf``: DejaVu Sans, so æ, ø, å and § print on
any machine). The document is built ``invariant``: the same letter gives the same bytes,
whenever it is rendered again.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from hjemvej.core.pdf import FONT, FONT_BOLD, GREY, register_fonts
from hjemvej.followup.letters.texts import LetterText, blocks


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("letter-body", fontName=FONT, fontSize=11, leading=15, spaceAfter=8)
    return {
        "body": body,
        "sender": ParagraphStyle("letter-sender", body, textColor=GREY, spaceAfter=18),
        "address": ParagraphStyle("letter-address", body, spaceAfter=0),
        "date": ParagraphStyle("letter-date", body, spaceBefore=18, spaceAfter=18),
        "subject": ParagraphStyle(
            "letter-subject", body, fontName=FONT_BOLD, fontSize=15, leading=19, spaceAfter=10
        ),
        "action": ParagraphStyle(
            "letter-action", body, fontName=FONT_BOLD, fontSize=12, leading=17, spaceAfter=12
        ),
        "closing": ParagraphStyle("letter-closing", body, spaceAfter=0),
        "rules_heading": ParagraphStyle(
            "letter-rules-heading", body, fontName=FONT_BOLD, fontSize=9, spaceBefore=24
        ),
        "rules": ParagraphStyle(
            "letter-rules", body, fontSize=9, leading=12, textColor=GREY, spaceAfter=4
        ),
    }


def render_pdf(text: LetterText) -> bytes:
    """Return the letter as PDF bytes (A4, one column)."""
    register_fonts()
    styles = _styles()

    def para(content: str, style: str) -> Paragraph:
        return Paragraph(escape(content), styles[style])

    def lines(content: list[str], style: str) -> Paragraph:
        return Paragraph("<br/>".join(escape(line) for line in content), styles[style])

    def typed(content: str, style: str) -> list[Flowable]:
        return [lines(block, style) for block in blocks(content)]

    story: list[Flowable] = [
        lines(list(text.header), "sender"),
        para(text.recipient, "address"),
        *typed(text.address, "address"),
        lines([f"Dato: {text.date_text}", *([text.case_text] if text.case_number else [])], "date"),
        para(text.subject, "subject"),
        *typed(text.action, "action"),
        *(flowable for p in text.paragraphs for flowable in typed(p, "body")),
        Spacer(1, 8),
        para("Venlig hilsen", "closing"),
        para(text.sender, "closing"),
        *(para(line, "closing") for line in text.signature),
        para(text.header[0], "closing"),
    ]
    if text.references:
        story.append(para("Regler", "rules_heading"))
        story.extend(para(r, "rules") for r in text.references)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2.5 * cm,
        rightMargin=2.5 * cm,
        topMargin=2.5 * cm,
        bottomMargin=2.5 * cm,
        title=text.subject,
        author=text.header[0],
        subject=text.subject,
        creator="Hjemvej",
        lang="da-DK",
        displayDocTitle=True,
        invariant=True,
    )
    document.build(story)
    return buffer.getvalue()

"""A letter as a tagged PDF (PDF/UA-1): the lines of ``LetterText`` in reading order, nothing else.

The layout is ``letter.typ`` (Typst, on the base every PDF shares: ``core.pdf``). Line breaks typed
in the form are kept: a blank line starts a new paragraph, a single line break a new line within
it. The same letter gives the same bytes, whenever it is rendered again.
"""

from __future__ import annotations

from pathlib import Path

from hjemvej.core.pdf import render
from hjemvej.followup.letters.texts import LetterText, blocks

TEMPLATE = Path(__file__).with_name("letter.typ")


def render_pdf(text: LetterText) -> bytes:
    """Return the letter as PDF bytes (A4, one column)."""
    data = {
        "header": list(text.header),
        # The name and the address as one block, the address's typed lines kept.
        "postal": [text.recipient, *(line for chunk in blocks(text.address) for line in chunk)],
        "dated": [f"Dato: {text.date_text}", *([text.case_text] if text.case_number else [])],
        "subject": text.subject,
        "action": blocks(text.action),
        "paragraphs": [blocks(p) for p in text.paragraphs],
        "sender": text.sender,
        "signature": list(text.signature),
        "references": list(text.references),
    }
    return render(TEMPLATE, data, made_on=text.sent_on)

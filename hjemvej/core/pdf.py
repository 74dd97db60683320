"""The base of every PDF Hjemvej makes: tagged, accessible PDF (PDF/UA-1) with embedded fonts.

Documents are typeset by Typst (the ``typst`` package: the Typst compiler in a wheel, no system
libraries): a template (``*.typ`` beside the code that owns the document) imports the shared base
``core/typst/hjemvej.typ`` and reads its data as JSON, so every value is text and never markup.
Typst writes the structure tree (headings, paragraphs, tables with header cells, figures with
alternative text), the document language and title, and checks PDF/UA-1 while it writes: a
document that breaks it (an image without alternative text, say) is an error, not a file.

The font is DejaVu Sans from matplotlib's own package data, embedded as a subset, so æ, ø, å and §
print on any machine with Hjemvej installed; system fonts are ignored, so every machine makes the
same bytes. Why Typst: WeasyPrint, the other library that writes tagged PDF, needs the system's
Pango, which a machine with only Python does not have; reportlab writes no tags.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import matplotlib
import typst

#: Typst's root: a template may import anything under the package (``/core/typst/hjemvej.typ``).
ROOT = Path(__file__).resolve().parent.parent


class PdfError(Exception):
    """A document could not be typeset (a template or PDF/UA error); the message says why."""


def _fonts() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def render(template: Path, data: Mapping[str, Any], *, made_on: date) -> bytes:
    """Return ``template`` typeset with ``data`` as a tagged PDF/UA-1 document.

    ``made_on`` is the document's creation date in its metadata: the same data and date give the
    same bytes, whenever the document is made again.
    """
    stamp = int(datetime.combine(made_on, time(12), tzinfo=UTC).timestamp())
    try:
        return typst.compile(
            str(template),
            root=str(ROOT),
            format="pdf",
            font_paths=[str(_fonts())],
            ignore_system_fonts=True,
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            pdf_standards=["ua-1"],
            timestamp=stamp,
        )
    except typst.TypstError as error:
        raise PdfError(f"PDF-dokumentet {template.name} kunne ikke dannes: {error}") from error

"""What every PDF Hjemvej makes must be: tagged, accessible (PDF/UA-1), with its fonts embedded.

Read back with pypdf, independently of the library that wrote the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject


def _root(reader: PdfReader) -> Any:
    return reader.trailer["/Root"].get_object()


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def elements(reader: PdfReader) -> Iterator[DictionaryObject]:
    """Yield the structure elements of the document in reading order."""

    def walk(node: Any) -> Iterator[DictionaryObject]:
        node = _resolve(node)
        if isinstance(node, ArrayObject):
            for kid in node:
                yield from walk(kid)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                yield node
            if "/K" in node:
                yield from walk(node["/K"])

    yield from walk(_root(reader)["/StructTreeRoot"])


def structure_tags(reader: PdfReader) -> list[str]:
    """Return the structure element types of the document in reading order (H1, P, Table …)."""
    return [str(e["/S"]).lstrip("/") for e in elements(reader)]


def figure_alternatives(reader: PdfReader) -> list[str]:
    """Return the alternative text of every Figure in the structure tree."""
    return [str(e.get("/Alt", "")) for e in elements(reader) if e.get("/S") == "/Figure"]


def unembedded_fonts(reader: PdfReader) -> list[str]:
    """Return the names of the fonts used on any page without a font program in the file."""
    missing: list[str] = []
    for page in reader.pages:
        fonts = _resolve(_resolve(page["/Resources"]).get("/Font", {}))
        for font in fonts.values():
            font = _resolve(font)
            descendants = font.get("/DescendantFonts")
            target = _resolve(descendants[0]) if descendants else font
            descriptor = _resolve(target.get("/FontDescriptor", {}))
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def assert_accessible_pdf(data: bytes, *, title: str) -> PdfReader:
    """Assert that ``data`` is a tagged PDF/UA-1 document in Danish titled ``title``."""
    reader = PdfReader(io.BytesIO(data))
    root = _root(reader)
    assert bool(root["/MarkInfo"]["/Marked"]), "dokumentet er ikke markeret som tagget"
    assert str(root["/Lang"]) == "da-DK"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    metadata = reader.xmp_metadata
    assert metadata is not None
    assert metadata.dc_title == {"x-default": title}
    parts = [
        n.firstChild.nodeValue
        for n in metadata.rdf_root.getElementsByTagName("pdfuaid:part")
        if n.firstChild
    ]
    assert parts == ["1"], "PDF/UA-1 er ikke angivet i dokumentets metadata"
    assert unembedded_fonts(reader) == []
    assert structure_tags(reader), "dokumentet har ingen struktur-tags"
    return reader

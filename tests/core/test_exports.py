"""A CSV cell is what Danish Excel reads, and never a formula."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from hjemvej.core.exports import cell_text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.50"), "1234,50"),
        (date(2026, 3, 1), "01.03.2026"),
        (True, "Ja"),
        (False, "Nej"),
        (None, ""),
        (42, "42"),
        ("+45 1234", "'+45 1234"),
        ("Åse", "Åse"),
    ],
)
def test_csv_cells_are_what_danish_excel_reads(value: Any, text: str) -> None:
    assert cell_text(value) == text

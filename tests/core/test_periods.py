"""One date convention: a closed-open period is shown as its first and last day."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template

from hjemvej.core.formatting import period_text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2026, 7, 1), date(2026, 10, 1), "01.07.–30.09.2026"),
        (date(2025, 12, 15), date(2026, 1, 15), "15.12.2025–14.01.2026"),
        (date(2025, 1, 1), date(2026, 1, 1), "01.01.–31.12.2025"),
        (date(2026, 8, 1), date(2026, 8, 2), "01.08.2026"),  # one day
        (date(2026, 8, 1), None, "fra 01.08.2026"),  # still open
    ],
)
def test_period_text_is_the_first_and_last_day(start: date, end: date | None, text: str) -> None:
    assert period_text(start, end) == text


def test_an_empty_period_is_refused() -> None:
    with pytest.raises(ValueError, match="tom"):
        period_text(date(2026, 8, 1), date(2026, 8, 1))


def test_the_template_filter_is_the_same_function() -> None:
    template = Template("{% load periods %}{{ start|period:end }}")
    context = Context({"start": date(2026, 7, 1), "end": date(2026, 10, 1)})
    assert template.render(context) == "01.07.–30.09.2026"

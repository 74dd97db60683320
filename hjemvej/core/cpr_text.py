"""The one CPR detector: a CPR number in free text, a search field or a log line.

A CPR number is ten digits whose first six are a date (DDMMÅÅ). People write it with a hyphen,
an en or em dash, a minus sign, a non-breaking hyphen, dots or spaces, anywhere between the
digits (``010180-5678``, ``010180–5678``, ``010180.5678``, ``01 01 80 56 78``,
``01.01.80-5678``). Every room asks this module: the refusal of free text in letters and tasks
(``citizens.cpr.in_text``), the search fields that must never carry a CPR number in an address
(``looks_like_cpr``), the log lines and the error reports (``core.logs.hide_long_numbers``).

What is not a CPR number: an eight-digit Danish phone number (with or without +45: the country
code makes ten digits, but "45" is no day), an amount or a date with fewer than ten digits, and a
date followed by a time (``01.01.2024 12:30``: the digits run on after a colon), and a period
that ends in a full date (``01.01.–05.12.2026``). Ten digits that
are not a date are no CPR number either. ``tests/core/test_cpr_text.py`` holds the property test.

The module lives in ``core`` (below ``citizens``) because the log filter needs it; it imports no
Django and no room.
"""

from __future__ import annotations

import re
from datetime import date

#: What may stand between two digits: whitespace (also the non-breaking kinds), a dot, the
#: hyphen-minus, the Unicode hyphens and dashes (U+2010-U+2015), the minus sign (U+2212), the
#: small and full-width hyphen-minus (U+FE63, U+FF0D), the small em dash (U+FE58).
SEPARATOR = r"[\s.\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]"
#: At most three separators between two digits (`` - `` or ``. `` as people type them).
_GAP = rf"{SEPARATOR}{{0,3}}"
#: Ten digits, maybe with separators between them, not inside a longer number and not running
#: on into a time or a decimal (``12:30``, ``,50``). A lookahead, so overlapping starts are found.
_CANDIDATE = re.compile(rf"(?<!\d)(?=(\d(?:{_GAP}\d){{9}})(?!\d)(?![:.,]\d))")
_SEPARATORS = re.compile(f"{SEPARATOR}+")
#: Six digits in a row once the separators are gone: a CPR number or its date part.
_DATE_PART = re.compile(r"\d{6}")
#: A full date at the end of ten digits (``05.12.2026``): the end of a period such as
#: ``01.–05.12.2026`` or ``01.01.–05.12.2026`` as Hjemvej writes it, not a CPR number.
_DATE_AT_END = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})$")
#: The digits of the 7th place that say which century the birth year is in (as python-stdnum).
_CENTURY_1900 = frozenset("0123")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _is_date(digits: str) -> bool:
    """Return whether the first six of ten digits are a date DDMMÅÅ (the century by digit 7)."""
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    seventh = digits[6]
    if seventh in _CENTURY_1900:
        year += 1900
    elif seventh in "49":
        year += 2000 if year <= 36 else 1900
    else:
        year += 2000 if year <= 57 else 1800
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _ends_in_a_date(candidate: str) -> bool:
    """Return whether the digits end in a full date with dots (DD.MM.ÅÅÅÅ), as a period does."""
    found = _DATE_AT_END.search(candidate)
    if found is None:
        return False
    day, month, year = (int(part) for part in found.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def spans(text: str) -> list[tuple[int, int]]:
    """Return where the text holds what may be a CPR number, as (start, end), merged."""
    found: list[tuple[int, int]] = []
    for match in _CANDIDATE.finditer(text):
        start, end = match.span(1)
        if _is_date(_digits(match.group(1))) and not _ends_in_a_date(match.group(1)):
            if found and start < found[-1][1]:
                found[-1] = (found[-1][0], max(end, found[-1][1]))
            else:
                found.append((start, end))
    return found


def in_text(text: str) -> bool:
    """Return whether free text holds what may be a CPR number (refuse it in notes and letters)."""
    return bool(spans(text))


def hide(text: str, replacement: str = "[cpr]") -> str:
    """Return the text with every possible CPR number replaced."""
    for start, end in reversed(spans(text)):
        text = text[:start] + replacement + text[end:]
    return text


def looks_like_cpr(text: str) -> bool:
    """Return whether a search field holds a CPR number or its date part (six digits or more).

    Stricter than ``in_text``: a name or pseudonym search has no business with six digits, and a
    search field's value would stand in an address, so a date part is refused too.
    """
    return bool(_DATE_PART.search(_SEPARATORS.sub("", text)))


#: The same rule for the browser: an ``<input pattern>`` that refuses six digits with separators
#: between them before the form is sent (``app.js`` gives the Danish message). A pattern must
#: match the whole value, so it says: nowhere six digits, each maybe followed by separators.
INPUT_PATTERN = r"(?!.*(?:\d[\s.\-\u2010-\u2015\u2212]*){6}).*"
#: What the browser says when the pattern refuses (the server says the same after a redirect).
INPUT_MESSAGE = "Skriv ikke et CPR-nummer her: det ville stå i adressen. Søg på navn."

"""A cell as a value: dates as people write them, Danish or English numbers, Danish choices.

Each function returns the value or raises :class:`CellError` with a Danish message that says what
the cell should hold; the caller adds the sheet, row and column. A CPR number is never repeated
in a message.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db.models import TextChoices

from hjemvej.core import cpr_text
from hjemvej.interchange.read import COMMA, SEMICOLON, Raw
from hjemvej.stays_csv.text import shorten

#: The date forms the import reads: ISO, and day-month-year with dots, dashes or slashes.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DANISH = re.compile(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})")
_DANISH_AMOUNT = re.compile(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+(,\d+)?")
_POINT_AMOUNT = re.compile(r"-?\d+(\.\d+)?")
YES = frozenset({"ja", "j", "1", "sand", "true", "x"})
NO = frozenset({"nej", "n", "0", "falsk", "false"})


class CellError(ValueError):
    """The cell does not hold what its column needs (the message is Danish)."""


def shown(text: str) -> str:
    """Return a cell's text as a message may repeat it: shortened, anything like a CPR hidden."""
    return shorten(cpr_text.hide(text))


def text_of(raw: Raw) -> str:
    """Return the cell as stripped text ("" for an empty cell)."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def parse_date(raw: Raw) -> date:
    """Return the date in the cell: an Excel date, ``ÅÅÅÅ-MM-DD`` or ``dd.mm.åååå``."""
    if isinstance(raw, datetime):
        if raw.time() != datetime.min.time():
            raise CellError("skal være en dato uden klokkeslæt")
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = text_of(raw)
    iso = _ISO.fullmatch(text)
    danish = _DANISH.fullmatch(text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if danish:
            return date(int(danish[3]), int(danish[2]), int(danish[1]))
    except ValueError:
        pass
    raise CellError(
        f"'{shown(text)}' er ikke en dato; skriv dd.mm.åååå (dag før måned) eller ÅÅÅÅ-MM-DD"
    )


def parse_amount(raw: Raw, dialect: str) -> Decimal:
    """Return an amount in kroner: decimal comma in the Danish dialect, point in the other."""
    if isinstance(raw, bool):
        raise CellError("skal være et beløb i kroner")
    if isinstance(raw, int | float):
        value = Decimal(str(raw))
    else:
        text = text_of(raw).replace(" ", "").replace("\u00a0", "").removesuffix("kr.")
        if dialect == COMMA:
            ok = _POINT_AMOUNT.fullmatch(text)
            hint = "skriv fx 1234.50 (punktum i en kommasepareret fil)"
            text_number = text
        else:
            ok = _DANISH_AMOUNT.fullmatch(text)
            hint = "skriv fx 1234,50 (komma som decimaltegn)"
            text_number = text.replace(".", "").replace(",", ".")
        if not ok:
            raise CellError(f"'{shown(text)}' er ikke et beløb; {hint}")
        try:
            value = Decimal(text_number)
        except InvalidOperation:
            raise CellError(f"'{shown(text)}' er ikke et beløb; {hint}") from None
    if value != value.quantize(Decimal("0.01")):
        raise CellError("et beløb har højst to decimaler (øre)")
    if abs(value) >= Decimal(10**12):
        raise CellError("beløbet er for stort")
    return value.quantize(Decimal("0.01"))


def parse_count(raw: Raw) -> int:
    """Return a whole number (0 or more)."""
    text = text_of(raw)
    if isinstance(raw, bool) or not text.isdigit():
        raise CellError(f"'{shown(text)}' er ikke et helt tal (0 eller flere)")
    return int(text)


def parse_yes_no(raw: Raw) -> bool:
    """Return Ja/Nej as a truth value."""
    if isinstance(raw, bool):
        return raw
    text = text_of(raw).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"'{shown(text)}' er hverken Ja eller Nej")


def parse_choice(raw: Raw, choices: type[TextChoices]) -> str:
    """Return the choice's code, from its Danish label (as the export writes it) or its code."""
    text = text_of(raw)
    wanted = text.casefold()
    for value, label in choices.choices:
        if wanted in (str(label).casefold(), str(value).casefold()):
            return str(value)
    labels = "; ".join(str(label) for label in choices.labels)
    # The cell is not repeated: a free text here may tell of health or crime.
    raise CellError(f"ikke et af valgene: {labels}")


def parse_rates(raw: Raw) -> list[tuple[date, Decimal]]:
    """Return the rates of ``01.01.2025: 1234,50; 01.01.2026: 1300,00`` (dates in order)."""
    rates: list[tuple[date, Decimal]] = []
    for part in text_of(raw).split(";"):
        if not part.strip():
            continue
        when, sep, amount = part.partition(":")
        if not sep:
            raise CellError(
                f"'{shown(part.strip())}' er ikke en takst; skriv »dd.mm.åååå: beløb«, "
                "flere adskilt af semikolon"
            )
        day = parse_date(when.strip())
        text = amount.strip()
        dialect = SEMICOLON if "," in text or "." not in text else COMMA
        rates.append((day, parse_amount(text, dialect)))
    days = [day for day, _ in rates]
    if len(set(days)) != len(days):
        raise CellError("to takster gælder fra samme dato")
    return sorted(rates)


def rates_text(rates: list[tuple[date, Decimal]]) -> str:
    """Return the rates as the column writes them."""
    return "; ".join(f"{day:%d.%m.%Y}: {str(amount).replace('.', ',')}" for day, amount in rates)

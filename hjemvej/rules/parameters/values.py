"""Typed parameter values: statuses, units and labels; parse, check and format; ParameterError."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

Status = Literal["law", "agreed", "assumed", "scenario"]
STATUSES: tuple[Status, ...] = ("law", "agreed", "assumed", "scenario")
STATUS_LABELS: dict[str, str] = {
    "law": "lov",
    "agreed": "politisk aftale",
    "assumed": "antaget",
    "scenario": "scenarie",
}


def is_enacted(status: str) -> bool:
    """Return whether a status is enacted law: the one check, also for a stored status."""
    return status == "law"


# Units and the Python type a value of that unit has once loaded.
MONEY_UNITS = frozenset({"kr", "kr/day", "kr/month", "kr/year"})
COUNT_UNITS = frozenset({"days", "weeks", "months", "years", "m2", "persons", "count"})
UNITS = MONEY_UNITS | COUNT_UNITS | {"percent", "boolean", "date"}
UNIT_LABELS: dict[str, str] = {
    "kr": "kr.",
    "kr/day": "kr. pr. dag",
    "kr/month": "kr. pr. måned",
    "kr/year": "kr. pr. år",
    "days": "dage",
    "weeks": "uger",
    "months": "måneder",
    "years": "år",
    "m2": "m²",
    "persons": "personer",
    "count": "",
    "percent": "%",
    "boolean": "",
    "date": "",
}

#: The labels that differ for exactly one: "1 måned", "1 dag", "1 uge", "1 person".
SINGULAR_LABELS: dict[str, str] = {
    **UNIT_LABELS,
    "days": "dag",
    "weeks": "uge",
    "months": "måned",
    "persons": "person",
}

Value = int | Decimal | bool | date | None


class ParameterError(ValueError):
    """A parameter file, a lookup or an override is wrong; the message names file and key."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def format_value(value: Value, unit: str) -> str:
    """Return a value in Danish notation with its unit."""
    if value is None:
        return "ingen"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if unit in MONEY_UNITS and isinstance(value, int):
        return f"{format_kroner(value)} {UNIT_LABELS[unit]}"
    if isinstance(value, Decimal):
        text = decimal_comma(value.normalize())
        return f"{text} %" if unit == "percent" else text
    label = SINGULAR_LABELS.get(unit, "") if value == 1 else UNIT_LABELS.get(unit, "")
    return f"{value} {label}".strip()


def format_kroner(oere: int) -> str:
    """Return an amount in øre as Danish kroner: 1.234,50."""
    sign = "-" if oere < 0 else ""
    kroner, rest = divmod(abs(oere), 100)
    return f"{sign}{kroner:,}".replace(",", ".") + f",{rest:02d}"


def exact_kroner(oere: int) -> str:
    """Return an amount in øre as Danish kroner and øre with the unit: 1.234,50 kr."""
    return f"{format_kroner(oere)} kr."


def decimal_comma(value: Decimal) -> str:
    """Return a decimal with a decimal comma, all its digits and no thousands dots: 1234,50."""
    return format(value, "f").replace(".", ",")


#: The largest amount a parameter may hold (10 mia. kr. in øre) and the largest count: far above
#: any real value, and small enough that the engine's 64-bit sums of days × amount cannot overflow.
MAX_OERE = 10**12
MAX_COUNT = 1_000_000


def parse_value(text: str, unit: str) -> Value:
    """Parse a value as written on a command line or in a form (Danish or plain notation)."""
    raw = text.strip()
    if raw.lower() in {"none", "null", "ingen", ""}:
        return None
    if unit == "boolean":
        lowered = raw.lower()
        if lowered in {"true", "ja", "1", "yes"}:
            return True
        if lowered in {"false", "nej", "0", "no"}:
            return False
        raise ParameterError([f"'{raw}' er ikke ja/nej"])
    if unit == "date":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ParameterError([f"'{raw}' er ikke en dato (ÅÅÅÅ-MM-DD)"]) from None
    number = _decimal(raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw)
    if number is None:
        raise ParameterError([f"'{raw}' er ikke et tal"])
    if unit in MONEY_UNITS:
        return _to_oere(number)
    if unit == "percent":
        return number
    if number != number.to_integral_value():
        raise ParameterError([f"'{raw}' skal være et helt tal ({UNIT_LABELS[unit]})"])
    return int(number)


def _decimal(raw: object) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def _to_oere(kroner: Decimal) -> int:
    oere = kroner * 100
    if oere != oere.to_integral_value():
        raise ParameterError([f"{kroner} kr. har mere end to decimaler"])
    return int(oere)


def _check_value(value: Value, unit: str, nullable: bool) -> str | None:
    """Return what is wrong with a loaded value for its unit, or None."""
    if value is None:
        return None if nullable else "værdien mangler (parameteren må ikke være 'ingen')"
    if unit == "boolean":
        return None if isinstance(value, bool) else "skal være ja/nej (true/false)"
    if unit == "date":
        return None if isinstance(value, date) else "skal være en dato"
    if unit == "percent":
        if isinstance(value, Decimal) and 0 <= value <= 100:
            return None
        return "skal være en procentsats mellem 0 og 100"
    if isinstance(value, bool) or not isinstance(value, int):
        return f"skal være et helt tal ({UNIT_LABELS[unit] or unit})"
    if value < 0:
        return "må ikke være negativ"
    limit = MAX_OERE if unit in MONEY_UNITS else MAX_COUNT
    if value > limit:
        shown = f"{limit // 100:,} kr." if unit in MONEY_UNITS else f"{limit:,}"
        return f"er for stort; højst {shown.replace(',', '.')}"
    return None


def _load_value(raw: object, unit: str) -> Value:
    """Turn a YAML scalar into the typed value for its unit (money → øre)."""
    if raw is None or isinstance(raw, bool | date):
        return raw
    if unit in MONEY_UNITS:
        number = _decimal(raw)
        if number is None:
            raise ParameterError([f"'{raw}' er ikke et beløb i kroner"])
        return _to_oere(number)
    if unit == "percent":
        number = _decimal(raw)
        if number is None:
            raise ParameterError([f"'{raw}' er ikke en procentsats"])
        return number
    if isinstance(raw, int):
        return raw
    raise ParameterError([f"'{raw}' er ikke et helt tal"])

"""Date-versioned parameters of law and policy: load, validate, look up by date, override.

Every number of law or policy lives in ``params/*.yaml``. A file holds one area of law::

    area: shelter
    title: Boformer efter § 110 og statsrefusion efter § 177
    parameters:
      shelter.reimbursement.day_cap:
        title: Loft over refusionsberettigede dage pr. år
        unit: days
        nullable: true
        values:
          - from: 2023-10-01
            value: 120
            reference: Serviceloven § 177, stk. 1, jf. lov nr. 482 af 12. maj 2023
            source: https://www.retsinformation.dk/eli/lta/2023/482
            status: law

A value is in force from its ``from`` date until the next value's ``from`` date (closed-open).
Money is written in kroner and held as integer øre; percentages are held as ``Decimal``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Literal, TypeVar, cast

import yaml

PARAMS_DIR = Path(__file__).resolve().parent / "params"

Status = Literal["law", "agreed", "assumed", "scenario"]
STATUSES: tuple[Status, ...] = ("law", "agreed", "assumed", "scenario")
STATUS_LABELS: dict[str, str] = {
    "law": "lov",
    "agreed": "politisk aftale",
    "assumed": "antaget",
    "scenario": "scenarie",
}

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
_T = TypeVar("_T")


class ParameterError(ValueError):
    """A parameter file, a lookup or an override is wrong; the message names file and key."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class ParameterValue:
    """One dated value of a parameter, in force on ``[valid_from, valid_to)``."""

    name: str
    valid_from: date
    valid_to: date | None
    value: Value
    unit: str
    reference: str
    source: str
    status: Status
    note: str = ""

    def covers(self, on: date) -> bool:
        """Return whether the value is in force on the date."""
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)

    @property
    def display(self) -> str:
        """Return the value as a Danish user reads it, with its unit."""
        return format_value(self.value, self.unit)

    @property
    def status_label(self) -> str:
        """Return the status in Danish."""
        return STATUS_LABELS[self.status]

    def describe(self) -> str:
        """Return the value, its status and its reference in one Danish line."""
        return f"{self.display} ({self.status_label}; {self.reference})"


@dataclass(frozen=True)
class Parameter:
    """A named parameter and its dated values, oldest first."""

    name: str
    title: str
    unit: str
    area: str
    file: str
    values: tuple[ParameterValue, ...]
    nullable: bool = False

    def at(self, on: date) -> ParameterValue:
        """Return the value in force on the date."""
        for candidate in reversed(self.values):
            if candidate.valid_from <= on:
                return candidate
        raise ParameterError(
            [
                f"{self.file}: {self.name}: ingen værdi den {on.isoformat()} "
                f"(første værdi gælder fra {self.values[0].valid_from.isoformat()})"
            ]
        )

    def between(self, start: date, end: date) -> list[ParameterValue]:
        """Return the values in force on some day of ``[start, end)``, oldest first."""
        return [
            v
            for v in self.values
            if v.valid_from < end and (v.valid_to is None or v.valid_to > start)
        ]

    @property
    def first_date(self) -> date:
        """Return the first date the parameter has a value."""
        return self.values[0].valid_from


@dataclass(frozen=True)
class Override:
    """A scenario's replacement of a parameter's value from a date on (all dates when None)."""

    name: str
    value: Value
    valid_from: date | None = None

    def describe(self) -> str:
        """Return the override as written on the command line."""
        suffix = f"@{self.valid_from.isoformat()}" if self.valid_from else ""
        shown = "ingen" if self.value is None else str(self.value)
        return f"{self.name}={shown}{suffix}"


@dataclass(frozen=True)
class ParameterSet:
    """All parameters, possibly with a scenario's overrides applied."""

    parameters: Mapping[str, Parameter]
    overrides: tuple[Override, ...] = field(default=())

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError([f"ukendt parameter: {name}"]) from None

    def __contains__(self, name: object) -> bool:
        return name in self.parameters

    def __iter__(self) -> Iterator[Parameter]:
        return iter(sorted(self.parameters.values(), key=lambda p: (p.area, p.name)))

    def at(self, name: str, on: date) -> ParameterValue:
        """Return the dated value of a parameter in force on the date."""
        return self[name].at(on)

    def value(self, name: str, on: date) -> Value:
        """Return the bare value of a parameter in force on the date."""
        return self[name].at(on).value

    def money(self, name: str, on: date) -> int:
        """Return a money parameter's value in øre."""
        return _expect(self.at(name, on), int)

    def count(self, name: str, on: date) -> int:
        """Return a count parameter's value (days, months, m² …)."""
        return _expect(self.at(name, on), int)

    def percent(self, name: str, on: date) -> Decimal:
        """Return a percentage parameter's value."""
        return _expect(self.at(name, on), Decimal)

    def flag(self, name: str, on: date) -> bool:
        """Return a boolean parameter's value."""
        return _expect(self.at(name, on), bool)

    @property
    def is_scenario(self) -> bool:
        """Return whether any value is a scenario's rather than the parameter files'."""
        return bool(self.overrides)

    @property
    def fingerprint(self) -> str:
        """Return a short hash that changes whenever any value, date or status changes."""
        canon = [
            [
                p.name,
                p.unit,
                [[v.valid_from.isoformat(), _jsonable(v.value), v.status] for v in p.values],
            ]
            for p in self
        ]
        digest = hashlib.sha256(json.dumps(canon, sort_keys=True).encode()).hexdigest()
        return digest[:16]

    def with_overrides(self, overrides: Iterable[Override]) -> ParameterSet:
        """Return a new set where each override replaces the values from its date on."""
        params = dict(self.parameters)
        applied = list(self.overrides)
        for override in overrides:
            param = self[override.name]
            problem = _check_value(override.value, param.unit, param.nullable)
            if problem:
                raise ParameterError([f"scenarie: {override.name}: {problem}"])
            start = override.valid_from or param.first_date
            kept = [v for v in param.values if v.valid_from < start]
            new = ParameterValue(
                name=param.name,
                valid_from=start,
                valid_to=None,
                value=override.value,
                unit=param.unit,
                reference=f"Scenarie: {override.describe()}",
                source="scenarie",
                status="scenario",
            )
            params[param.name] = replace(param, values=_close_periods([*kept, new]))
            applied.append(override)
        return ParameterSet(parameters=params, overrides=tuple(applied))


def _expect(value: ParameterValue, kind: type[_T]) -> _T:
    """Return the value when it has the expected type, else raise a clear error."""
    if isinstance(value.value, kind) and not (kind is int and isinstance(value.value, bool)):
        return value.value
    raise ParameterError(
        [f"{value.name}: værdien {value.display!r} fra {value.valid_from} er ikke {kind.__name__}"]
    )


def _jsonable(value: Value) -> object:
    if isinstance(value, Decimal | date):
        return str(value)
    return value


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
        text = format(value.normalize(), "f").replace(".", ",")
        return f"{text} %" if unit == "percent" else text
    label = SINGULAR_LABELS.get(unit, "") if value == 1 else UNIT_LABELS.get(unit, "")
    return f"{value} {label}".strip()


def format_kroner(oere: int) -> str:
    """Return an amount in øre as Danish kroner: 1.234,50."""
    sign = "-" if oere < 0 else ""
    kroner, rest = divmod(abs(oere), 100)
    return f"{sign}{kroner:,}".replace(",", ".") + f",{rest:02d}"


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


def _close_periods(values: Sequence[ParameterValue]) -> tuple[ParameterValue, ...]:
    """Set each value's ``valid_to`` to the next value's ``valid_from``."""
    ordered = sorted(values, key=lambda v: v.valid_from)
    return tuple(
        replace(v, valid_to=ordered[i + 1].valid_from if i + 1 < len(ordered) else None)
        for i, v in enumerate(ordered)
    )


def _parse_file(path: Path, problems: list[str]) -> list[Parameter]:
    where = f"params/{path.name}"
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506
    except yaml.YAMLError as exc:
        problems.append(f"{where}: kan ikke læses som YAML: {exc}")
        return []
    if not isinstance(document, dict) or not isinstance(document.get("parameters"), dict):
        problems.append(f"{where}: filen skal have 'area', 'title' og 'parameters'")
        return []
    area = str(document.get("area", path.stem))
    result: list[Parameter] = []
    for name, spec in cast(dict[object, object], document["parameters"]).items():
        key = f"{where}: {name}"
        if not isinstance(spec, dict):
            problems.append(f"{key}: skal være en mapping med 'unit' og 'values'")
            continue
        unit = spec.get("unit")
        if unit not in UNITS:
            problems.append(f"{key}: ukendt enhed {unit!r} (kendte: {', '.join(sorted(UNITS))})")
            continue
        if not spec.get("title"):
            problems.append(f"{key}: mangler 'title'")
        nullable = bool(spec.get("nullable", False))
        raw_values = spec.get("values")
        if not isinstance(raw_values, list) or not raw_values:
            problems.append(f"{key}: mangler 'values'")
            continue
        loaded: list[ParameterValue] = []
        previous: date | None = None
        for index, entry in enumerate(raw_values, start=1):
            here = f"{key}: værdi nr. {index}"
            if not isinstance(entry, dict):
                problems.append(f"{here}: skal være en mapping med from, value, reference, status")
                continue
            start = entry.get("from")
            if not isinstance(start, date):
                problems.append(f"{here}: 'from' skal være en dato (ÅÅÅÅ-MM-DD)")
                continue
            here = f"{key}: værdien fra {start.isoformat()}"
            if previous is not None and start == previous:
                problems.append(f"{here}: datoen findes to gange")
            elif previous is not None and start < previous:
                problems.append(f"{here}: datoerne står ikke i rækkefølge")
            previous = start
            missing = [k for k in ("value", "reference", "source", "status") if k not in entry]
            for k in missing:
                problems.append(f"{here}: mangler '{k}'")
            if missing:
                continue
            status = entry["status"]
            if status not in STATUSES or status == "scenario":
                problems.append(f"{here}: ugyldig status {status!r} (law, agreed eller assumed)")
                continue
            try:
                value = _load_value(entry["value"], str(unit))
            except ParameterError as exc:
                problems.append(f"{here}: {exc}")
                continue
            problem = _check_value(value, str(unit), nullable)
            if problem:
                problems.append(f"{here}: {problem}")
                continue
            if not str(entry["reference"]).strip():
                problems.append(f"{here}: 'reference' er tom")
            loaded.append(
                ParameterValue(
                    name=str(name),
                    valid_from=start,
                    valid_to=None,
                    value=value,
                    unit=str(unit),
                    reference=str(entry["reference"]).strip(),
                    source=str(entry["source"]).strip(),
                    status=cast(Status, status),
                    note=str(entry.get("note", "")).strip(),
                )
            )
        if loaded:
            result.append(
                Parameter(
                    name=str(name),
                    title=str(spec.get("title", "")),
                    unit=str(unit),
                    area=area,
                    file=where,
                    values=_close_periods(loaded),
                    nullable=nullable,
                )
            )
    return result


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_parameters(directory: Path | None = None) -> ParameterSet:
    """Load and validate every parameter file; raise one error listing every problem."""
    folder = directory or PARAMS_DIR
    problems: list[str] = []
    params: dict[str, Parameter] = {}
    files = sorted(folder.glob("*.yaml"))
    if not files:
        problems.append(f"{folder}: ingen parameterfiler fundet")
    for path in files:
        for param in _parse_file(path, problems):
            if param.name in params:
                problems.append(
                    f"{param.file}: {param.name}: findes også i {params[param.name].file}"
                )
            params[param.name] = param
    if problems:
        raise ParameterError(problems)
    return ParameterSet(parameters=params)


@cache
def default_parameters() -> ParameterSet:
    """Return the parameter files' set, loaded once per process."""
    return load_parameters()


def parse_override(text: str, params: ParameterSet) -> Override:
    """Parse ``NAME=VALUE[@YYYY-MM-DD]`` against the parameter's unit."""
    name, sep, rest = text.partition("=")
    if not sep or not name.strip():
        raise ParameterError([f"--set {text}: skrives PARAMETER=VÆRDI[@ÅÅÅÅ-MM-DD]"])
    name = name.strip()
    raw_value, at, raw_date = rest.partition("@")
    param = params[name]
    try:
        value = parse_value(raw_value, param.unit)
    except ParameterError as exc:
        raise ParameterError([f"--set {text}: {exc}"]) from None
    valid_from: date | None = None
    if at:
        try:
            valid_from = date.fromisoformat(raw_date.strip())
        except ValueError:
            raise ParameterError([f"--set {text}: '{raw_date}' er ikke en dato"]) from None
    problem = _check_value(value, param.unit, param.nullable)
    if problem:
        raise ParameterError([f"--set {text}: {problem}"])
    return Override(name=name, value=value, valid_from=valid_from)

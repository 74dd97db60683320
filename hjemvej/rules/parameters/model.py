"""A parameter's dated values, a scenario's override, and the set of all parameters."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from hjemvej.rules.parameters.values import (
    STATUS_LABELS,
    ParameterError,
    Status,
    Value,
    _check_value,
    format_value,
    is_enacted,
)

_T = TypeVar("_T")


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

    @property
    def enacted(self) -> bool:
        """Return whether the value is enacted law (not an agreement, assumption or scenario)."""
        return is_enacted(self.status)

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
        """Return a new set where each override replaces the values from its date on.

        The overrides apply in the order given, each to the values the ones before it left: two
        of one parameter from different dates both hold (the later date's from its date on).
        """
        params = dict(self.parameters)
        applied = list(self.overrides)
        for override in overrides:
            known = self[override.name]  # an unknown name: ParameterError in Danish
            param = params[known.name]  # with the overrides before this one
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


def _close_periods(values: Sequence[ParameterValue]) -> tuple[ParameterValue, ...]:
    """Set each value's ``valid_to`` to the next value's ``valid_from``."""
    ordered = sorted(values, key=lambda v: v.valid_from)
    return tuple(
        replace(v, valid_to=ordered[i + 1].valid_from if i + 1 < len(ordered) else None)
        for i, v in enumerate(ordered)
    )

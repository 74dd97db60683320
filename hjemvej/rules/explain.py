"""Explanations every rule result carries: Danish text for users, structured data for code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from hjemvej.rules.parameters import ParameterValue


def danish_date(day: date) -> str:
    """Return a date as Danes write it: 15.10.2024."""
    return day.strftime("%d.%m.%Y")


def danish_period(start: date, end: date) -> str:
    """Return the closed-open period ``[start, end)`` as its first and last day."""
    last = end - timedelta(days=1)
    if last <= start:
        return danish_date(start)
    return f"{danish_date(start)}–{danish_date(last)}"


@dataclass(frozen=True)
class Step:
    """One explained piece of a result: a period, what happened in it, and why."""

    start: date
    end: date  # closed-open: the first day after the period
    text: str  # Danish, for users
    kind: str  # a stable code for code: "reimbursed", "cap_reached", ...
    parameters: tuple[ParameterValue, ...] = ()
    data: Mapping[str, object] = field(default_factory=dict)

    @property
    def days(self) -> int:
        """Return the number of days in the period."""
        return (self.end - self.start).days

    def as_dict(self) -> dict[str, object]:
        """Return the step as plain data (JSON-ready)."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "kind": self.kind,
            "text": self.text,
            "parameters": [
                {
                    "name": p.name,
                    "value": p.display,
                    "valid_from": p.valid_from.isoformat(),
                    "status": p.status,
                    "reference": p.reference,
                }
                for p in self.parameters
            ],
            **{k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.data.items()},
        }

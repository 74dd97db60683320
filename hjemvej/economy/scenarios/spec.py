"""What a scenario changes: overrides, readings, horizon and practice inputs, to and from JSON.

The JSON kept in ``Scenario.parameters``::

    {"horizon": 2030,
     "overrides": [["shelter.reimbursement.day_cap", 90, "2026-04-01"]],
     "readings": {"window": "anchored", "cap": "per_day", "days": "nights"},
     "practice": {"kind": "shorter_stays", "days": 10}}

An override's value is written so that ``parse_value`` reads it back (money in kroner as text,
percentages as text, whole numbers, true/false, null), and every override is parsed again with
``parse_override`` when the scenario is read: a parameter that has disappeared from the parameter
files gives the same Danish error as on the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal, cast

from hjemvej.core.formatting import danish_number_half_even
from hjemvej.rules.parameters import (
    MONEY_UNITS,
    Override,
    ParameterError,
    ParameterSet,
    format_value,
    parse_override,
)
from hjemvej.rules.paths import METHODS
from hjemvej.rules.shelter import Readings
from hjemvej.rules.support import METHOD_LABELS, Method
from hjemvej.stays_csv.text import shorten

Kind = Literal["law", "practice"]
PracticeKind = Literal["shorter_stays", "fewer_external", "housing_first", "own_payment_back"]
PRACTICE_KINDS: tuple[PracticeKind, ...] = (
    "shorter_stays",
    "fewer_external",
    "housing_first",
    "own_payment_back",
)
PRACTICE_LABELS: dict[str, str] = {
    "shorter_stays": "Kortere ophold",
    "fewer_external": "Færre helårspersoner på eksterne boformer",
    "housing_first": "Udflytning med Housing First-støtte",
    "own_payment_back": "Egenbetaling betalt tilbage ved udflytning",
}
READING_LABELS: dict[str, dict[str, str]] = {
    "window": {
        "anchored": "forankret etårsvindue (Social- og Boligstyrelsens vejledning)",
        "rolling365": "rullende 365 dage",
    },
    "cap": {
        "per_day": "loftet i kraft den enkelte dag",
        "window_start": "loftet i kraft, da vinduet åbnede",
    },
    "days": {
        "nights": "nætter (udskrivningsdagen tæller ikke)",
        "dates": "datoer (udskrivningsdagen tæller med)",
    },
}
READING_TITLES = {"window": "Refusionsvindue", "cap": "Loft", "days": "Dage"}
COMPARE_DAYS: tuple[int, ...] = (30, 90, 120, 365)
_DANISH_DATE = re.compile(r"@\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")
#: A number with Danish thousands separators: 12.500 or 12.500,50 (dots go, the comma stays).
_THOUSANDS = re.compile(r"^(-?\d{1,3}(?:\.\d{3})+)(,\d+)?$")


@dataclass(frozen=True)
class Practice:
    """A practice scenario's inputs; only those of its kind are set."""

    kind: PracticeKind
    days: int | None = None  # shorter_stays: days shorter per closed stay
    since: date | None = None  # shorter_stays: only stays discharged on or after this date
    persons: Decimal | None = None  # fewer_external: full-year persons fewer
    start_year: int | None = None  # fewer_external, housing_first, own_payment_back: first year
    method: Method | None = None  # housing_first
    citizens_per_year: int | None = None  # housing_first
    compare_days: int | None = None  # housing_first: the shelter path it replaces
    share: int | None = None  # own_payment_back: percent of those moving into a home who get it

    def to_json(self) -> dict[str, object]:
        """Return the inputs as JSON-ready data (only those that are set)."""
        data: dict[str, object] = {"kind": self.kind}
        for key in ("days", "start_year", "method", "citizens_per_year", "compare_days", "share"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.since is not None:
            data["since"] = self.since.isoformat()
        if self.persons is not None:
            data["persons"] = str(self.persons)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Practice:
        """Read the inputs back; raise ValueError in Danish when they are not usable."""
        kind = data.get("kind")
        if kind not in PRACTICE_KINDS:
            raise ValueError(f"ukendt praksisscenarie {kind!r}")
        practice = cls(
            kind=cast(PracticeKind, kind),
            days=_int(data.get("days")),
            since=date.fromisoformat(str(data["since"])) if data.get("since") else None,
            persons=_decimal(data.get("persons")),
            start_year=_int(data.get("start_year")),
            method=cast(Method, data["method"]) if data.get("method") else None,
            citizens_per_year=_int(data.get("citizens_per_year")),
            compare_days=_int(data.get("compare_days")),
            share=_int(data.get("share")),
        )
        practice.check()
        return practice

    def check(self) -> None:
        """Raise ValueError in Danish when the inputs of the kind are missing or wrong."""
        if self.kind == "shorter_stays" and (self.days is None or self.days < 1):
            raise ValueError("antal dage kortere skal være mindst 1")
        if self.kind == "fewer_external" and (self.persons is None or self.persons <= 0):
            raise ValueError("antal helårspersoner færre skal være større end 0")
        if self.kind in ("fewer_external", "housing_first", "own_payment_back") and (
            self.start_year is None
        ):
            raise ValueError("det første år mangler")
        if self.kind == "own_payment_back" and (self.share is None or not 1 <= self.share <= 100):
            raise ValueError("andelen skal være fra 1 til 100 %")
        if self.kind == "housing_first":
            if self.method not in METHODS:
                raise ValueError(f"ukendt metode {self.method!r}")
            if self.citizens_per_year is None or self.citizens_per_year < 1:
                raise ValueError("antal borgere om året skal være mindst 1")
            if self.compare_days not in COMPARE_DAYS:
                raise ValueError("sammenlign med 30, 90, 120 eller 365 dage om året")

    def describe(self) -> list[str]:
        """Return the inputs as Danish lines."""
        if self.kind == "shorter_stays":
            since = (
                f", for ophold udskrevet fra {self.since:%d.%m.%Y}"
                if self.since
                else ", for alle afsluttede ophold"
            )
            return [
                f"Hvert afsluttet ophold {self.days} dage kortere (dog mindst 1 dag){since}; "
                "igangværende ophold er uændrede."
            ]
        if self.kind == "fewer_external":
            persons = danish_number_half_even(self.persons or 0, 2).removesuffix(",00")
            return [f"{persons} helårspersoner færre på eksterne boformer fra {self.start_year}."]
        if self.kind == "own_payment_back":
            return [
                f"Fra {self.start_year} får {self.share} % af de borgere, der flytter i egen "
                "bolig, egenbetalingen under opholdene på boform efter § 110 betalt tilbage til "
                "indskud eller etablering."
            ]
        method = METHOD_LABELS[self.method] if self.method else ""
        return [
            f"{self.citizens_per_year} borgere om året flytter fra {self.start_year} fra boform "
            f"efter § 110 til egen bolig med {method}; indskud, indbo og etablering betales som "
            "følgeudgift til Housing First.",
            f"Sammenlignet med ophold på boform {self.compare_days} dage om året i fem år.",
        ]


@dataclass(frozen=True)
class ScenarioSpec:
    """Everything a scenario changes, as the calculations read it."""

    kind: Kind
    horizon: int
    overrides: tuple[Override, ...] = ()
    readings: Readings = field(default_factory=Readings)
    practice: Practice | None = None

    def to_json(self, params: ParameterSet) -> dict[str, object]:
        """Return the specification as JSON-ready data for ``Scenario.parameters``."""
        data: dict[str, object] = {
            "horizon": self.horizon,
            "overrides": [
                [
                    o.name,
                    override_json_value(o, params),
                    o.valid_from.isoformat() if o.valid_from else None,
                ]
                for o in self.overrides
            ],
            "readings": {
                "window": self.readings.window,
                "cap": self.readings.cap,
                "days": self.readings.days,
            },
        }
        if self.practice is not None:
            data["practice"] = self.practice.to_json()
        return data

    @classmethod
    def from_json(cls, kind: str, data: Mapping[str, object], params: ParameterSet) -> ScenarioSpec:
        """Read a saved specification; raise ``ParameterError``/ValueError in Danish if broken."""
        if kind not in ("law", "practice"):
            raise ValueError(f"ukendt scenarietype {kind!r}")
        horizon = _int(data.get("horizon"))
        if horizon is None:
            raise ValueError("horisonten (sidste år) mangler")
        raw = data.get("overrides") or []
        if not isinstance(raw, list):
            raise ValueError("'overrides' skal være en liste")
        overrides: list[Override] = []
        for item in raw:
            if not isinstance(item, list | tuple) or len(item) != 3:
                raise ValueError(f"ændringen {item!r} skal være [navn, værdi, fra]")
            name, value, start = item
            overrides.append(override_from_json(str(name), value, start, params))
        readings_data = data.get("readings") or {}
        if not isinstance(readings_data, Mapping):
            raise ValueError("'readings' skal være en mapping")
        readings = Readings.parse([f"{k}={v}" for k, v in readings_data.items()])
        practice_data = data.get("practice")
        practice = None
        if kind == "practice":
            if not isinstance(practice_data, Mapping):
                raise ValueError("praksisscenariets forudsætninger mangler")
            practice = Practice.from_json(practice_data)
        return cls(
            kind=cast(Kind, kind),
            horizon=horizon,
            overrides=tuple(overrides),
            readings=readings,
            practice=practice,
        )

    def changes_anything(self) -> bool:
        """Return whether a law scenario differs from the current rules at all."""
        return bool(self.overrides) or self.readings != Readings()

    def describe(self, params: ParameterSet) -> list[str]:
        """Return what the scenario changes, in Danish, one line per change."""
        lines = [describe_override(o, params) for o in self.overrides]
        for key, title in READING_TITLES.items():
            chosen = getattr(self.readings, key)
            if chosen != getattr(Readings(), key):
                lines.append(f"Læsning – {title.lower()}: {READING_LABELS[key][chosen]}")
        if self.practice is not None:
            lines = self.practice.describe() + lines
        return lines


def override_json_value(override: Override, params: ParameterSet) -> object:
    """Return an override's value as JSON that ``parse_value`` reads back to the same value.

    Money is written in kroner as text ("2130.00"), percentages as text ("37.5"), counts as
    whole numbers, flags as true/false, dates as ÅÅÅÅ-MM-DD, "no value" as null.
    """
    value = override.value
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if params[override.name].unit in MONEY_UNITS:
        sign = "-" if value < 0 else ""
        kroner, oere = divmod(abs(value), 100)
        return f"{sign}{kroner}.{oere:02d}"
    return value


def override_from_json(name: str, value: object, start: object, params: ParameterSet) -> Override:
    """Parse a saved override again against the parameter's unit (Danish errors)."""
    if value is None:
        text = "ingen"
    elif isinstance(value, bool):
        text = "ja" if value else "nej"
    else:
        text = str(value)
    suffix = f"@{start}" if start else ""
    return parse_override(f"{name}={text}{suffix}", params)


def parse_override_lines(text: str, params: ParameterSet) -> tuple[list[Override], list[str]]:
    """Parse one ``NAVN=VÆRDI[@dato]`` per line; return the overrides and the Danish errors.

    Blank lines and lines starting with ``#`` are skipped; a date may be written dd.mm.åååå.
    """
    overrides: list[Override] = []
    errors: list[str] = []
    seen: set[tuple[str, date | None]] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = _DANISH_DATE.sub(lambda m: f"@{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", line)
        line = _danish_thousands(line)
        try:
            override = parse_override(line, params)
        except ParameterError as exc:
            errors.extend(f"Linje {number}: {_plain(p)}" for p in exc.problems)
            continue
        key = (override.name, override.valid_from)
        if key in seen:
            errors.append(f"Linje {number}: {override.name} ændres to gange fra samme dato")
            continue
        seen.add(key)
        overrides.append(override)
    return overrides, errors


def overrides_text(overrides: Iterable[Override], params: ParameterSet) -> str:
    """Return overrides as the lines the form takes (one ``NAVN=VÆRDI@ÅÅÅÅ-MM-DD`` a line)."""
    lines = []
    for o in overrides:
        value = override_json_value(o, params)
        if value is None:
            shown = "ingen"
        elif isinstance(value, bool):
            shown = "ja" if value else "nej"
        else:
            shown = str(value)
        suffix = f"@{o.valid_from.isoformat()}" if o.valid_from else ""
        lines.append(f"{o.name}={shown}{suffix}")
    return "\n".join(lines)


def describe_override(override: Override, params: ParameterSet) -> str:
    """Return an override in Danish: title, new value, from when, and the value it replaces."""
    param = params[override.name]
    since = override.valid_from or param.first_date
    replaced = param.at(max(since, param.first_date))
    return (
        f"{param.title} ({param.name}): {format_value(override.value, param.unit)} fra "
        f"{since:%d.%m.%Y} i stedet for {replaced.display} ({replaced.status_label})"
    )


def _danish_thousands(line: str) -> str:
    """Drop thousands separators from the value of ``NAME=VALUE[@date]``: 2.130,50 → 2130,50."""
    name, sep, rest = line.partition("=")
    value, at, when = rest.partition("@")
    match = _THOUSANDS.match(value.strip())
    if not sep or match is None:
        return line
    return f"{name}={match[1].replace('.', '')}{match[2] or ''}{at}{when}"


def _plain(problem: str) -> str:
    """Drop the command line's ``--set`` from ``parse_override``'s Danish messages."""
    return problem.removeprefix("--set ").strip()


def _int(raw: object) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} er ikke et helt tal")
    if isinstance(raw, int):
        return raw
    try:
        return int(str(raw))
    except ValueError:
        raise ValueError(f"{shorten(repr(raw))} er ikke et helt tal") from None


def _decimal(raw: object) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        return Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        raise ValueError(f"{shorten(repr(raw))} er ikke et tal") from None

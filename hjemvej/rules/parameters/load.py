"""Load and validate the parameter files (once per process), and parse a command-line override."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import cast

import yaml

from hjemvej.rules.parameters.model import (
    Override,
    Parameter,
    ParameterSet,
    ParameterValue,
    _close_periods,
)
from hjemvej.rules.parameters.values import (
    STATUSES,
    UNITS,
    ParameterError,
    Status,
    _check_value,
    _load_value,
    parse_value,
)

PARAMS_DIR = Path(__file__).resolve().parent.parent / "params"


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

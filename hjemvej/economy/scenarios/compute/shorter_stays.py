"""A change of practice: every closed stay a number of days shorter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np

from hjemvej.core.formatting import danish_number
from hjemvej.economy.scenarios.compute.common import (
    SHELTER_PARAMETERS,
    _first_year,
    _future_note,
    _not_law,
    _rows,
    _shelter_years,
    _summary,
)
from hjemvej.economy.scenarios.results import ScenarioResult
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter import MISSING, Readings, StayTable
from hjemvej.stats.stays import load_stays


def shortened(table: StayTable, days: int, since: date | None = None) -> tuple[StayTable, int, int]:
    """Return the table with every closed stay ``days`` shorter (at least one night), the number
    of stays shortened and the nights taken off (reading ``nights``)."""
    admitted, discharged = table.admitted, table.discharged
    closed = discharged != MISSING
    if since is not None:
        closed &= discharged >= since.toordinal()
    floor = np.minimum(discharged, admitted + 1)  # a same-day stay stays as it is
    new = np.where(closed, np.maximum(floor, discharged - days), discharged)
    changed = new != discharged
    return (
        replace(table, discharged=new),
        int(changed.sum()),
        int((discharged - new)[changed].sum()),
    )


def _shorter(
    spec: ScenarioSpec,
    name: str,
    municipality_id: int,
    as_of: date,
    scenario_id: int | None,
    params: ParameterSet,
) -> ScenarioResult:
    practice = spec.practice
    assert practice is not None
    assert practice.days is not None
    data = load_stays(municipality_id, until=as_of)
    last_year = max(spec.horizon, as_of.year)
    first_year = _first_year(data, as_of)
    years = range(first_year, last_year + 1)
    table, count, nights = shortened(data.table, practice.days, practice.since)
    before, after = (
        _shelter_years(
            t,
            data.external,
            first_year=first_year,
            last_year=last_year,
            params=params,
            readings=Readings(),
        )
        for t in (data.table, table)
    )
    rows = _rows(years, before, after, as_of)
    notes = [
        f"{danish_number(count, 0)} afsluttede ophold er gjort kortere, med i alt "
        f"{danish_number(nights, 0)} nætter; et ophold bliver "
        "aldrig kortere end én nat, og igangværende ophold er uændrede.",
        "Refusionen efter § 177 er regnet forfra for de kortere ophold: færre dage kan også "
        "betyde færre dage ud over loftet i et refusionsvindue.",
    ]
    if last_year >= as_of.year:
        notes.append(_future_note(as_of, last_year))
    return ScenarioResult(
        scenario_id=scenario_id,
        name=name,
        kind="practice",
        practice_kind="shorter_stays",
        as_of=as_of,
        first_year=first_year,
        last_year=last_year,
        rows=rows,
        summary=_summary(name, rows, "med de faktiske ophold", as_of),
        base_label="Faktiske ophold",
        base_fingerprint=params.fingerprint,
        scenario_fingerprint=params.fingerprint,
        base_readings=Readings().describe(),
        scenario_readings=Readings().describe(),
        changes=tuple(spec.describe(params)),
        parameters=_not_law(
            (params,), SHELTER_PARAMETERS, date(first_year, 1, 1), date(last_year + 1, 1, 1)
        ),
        notes=tuple(notes),
    )

"""A change of law: the same stays and courses under the current and the changed parameters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hjemvej.core.formatting import danish_number
from hjemvej.economy.scenarios.compute.common import (
    SHELTER_PARAMETERS,
    SUPPORT_PREFIX,
    _first_year,
    _future_note,
    _not_law,
    _rows,
    _shelter_years,
    _summary,
)
from hjemvej.economy.scenarios.courses import load_support, support_by_year
from hjemvej.economy.scenarios.results import ScenarioResult
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter import Readings
from hjemvej.stats.stays import load_stays


def _law(
    spec: ScenarioSpec,
    name: str,
    municipality_id: int,
    as_of: date,
    scenario_id: int | None,
    base: ParameterSet,
    changed: ParameterSet,
) -> ScenarioResult:
    data = load_stays(municipality_id, until=as_of)
    last_year = max(spec.horizon, as_of.year)
    support_changed = any(o.name.startswith(SUPPORT_PREFIX) for o in spec.overrides)
    support = load_support(municipality_id, until=as_of) if support_changed else None
    first_year = _first_year(data, as_of)
    if support and support.courses:
        first_year = min(first_year, min(c.start for c in support.courses).year)
    years = range(first_year, last_year + 1)
    kwargs = {"first_year": first_year, "last_year": last_year}
    before = _shelter_years(data.table, data.external, params=base, readings=Readings(), **kwargs)
    shelter_changed = spec.readings != Readings() or any(
        o.name in SHELTER_PARAMETERS for o in spec.overrides
    )
    # The § 177 figures depend on the shelter parameters and the readings only: unchanged, reuse.
    after = (
        _shelter_years(data.table, data.external, params=changed, readings=spec.readings, **kwargs)
        if shelter_changed
        else dict(before)
    )
    notes: list[str] = []
    names = list(SHELTER_PARAMETERS)
    if support is not None:
        end = date(last_year + 1, 1, 1)
        old, new = (
            support_by_year(
                support, first_year=first_year, last_year=last_year, as_of=end, params=p
            )
            for p in (base, changed)
        )
        for y in years:
            before[y] = replace(
                before[y], support_cost=old[y].cost, support_reimbursement=old[y].reimbursement
            )
            after[y] = replace(
                after[y], support_cost=new[y].cost, support_reimbursement=new[y].reimbursement
            )
        names.extend(n for p in changed if (n := p.name).startswith(SUPPORT_PREFIX))
        sel107 = sum(1 for c in support.courses if c.method == "sel107")
        notes.append(
            f"Kommunens {danish_number(len(support.courses) - sel107, 0)} forløb efter § 85 a "
            f"(CTI, ICM, ACT og M-ACT) og {danish_number(sel107, 0)} ophold i midlertidigt "
            "botilbud efter § 107 er regnet med, fordi scenariet ændrer en regel for refusion "
            "efter § 176 a; åbne forløb og ophold er regnet som fortsat til horisonten. Bostøtte "
            "efter § 85 og § 99 giver ikke refusion efter § 176 a og er ikke med."
        )
    else:
        notes.append(
            "Støtte efter § 85 a og refusion efter § 176 a er ikke med: scenariet ændrer ingen "
            "regel for dem, så de er ens før og efter."
        )
    ignored = [
        o.name
        for o in spec.overrides
        if o.name not in SHELTER_PARAMETERS and not o.name.startswith(SUPPORT_PREFIX)
    ]
    if ignored:
        notes.append(
            "Disse parametre indgår ikke i udgifterne til ophold og støtte og ændrer derfor ikke "
            f"tallene her: {', '.join(sorted(set(ignored)))}."
        )
    if spec.readings != Readings():
        notes.append(
            f"Scenariet bruger læsningerne {spec.readings.describe()}; de gældende regler er "
            f"regnet med standardlæsningerne {Readings().describe()}."
        )
    if not len(data):
        notes.append("Kommunen har ingen ophold på boformer i data.")
    if last_year >= as_of.year:
        notes.append(_future_note(as_of, last_year))
    rows = _rows(years, before, after, as_of)
    end = date(last_year + 1, 1, 1)
    return ScenarioResult(
        scenario_id=scenario_id,
        name=name,
        kind="law",
        practice_kind=None,
        as_of=as_of,
        first_year=first_year,
        last_year=last_year,
        rows=rows,
        summary=_summary(name, rows, "efter gældende regler", as_of),
        base_label="Gældende regler",
        base_fingerprint=base.fingerprint,
        scenario_fingerprint=changed.fingerprint,
        base_readings=Readings().describe(),
        scenario_readings=spec.readings.describe(),
        changes=tuple(spec.describe(base)),
        parameters=_not_law(
            (base, changed),
            [*names, *(o.name for o in spec.overrides)],
            date(first_year, 1, 1),
            end,
        ),
        notes=tuple(notes),
        has_support=support is not None,
    )

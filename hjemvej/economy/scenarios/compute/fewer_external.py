"""A change of practice: fewer full-year persons on external shelters, at last year's cost a day."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import numpy as np

from hjemvej.core.formatting import danish_number, danish_number_half_even, whole_kroner
from hjemvej.economy.scenarios.compute.common import SHELTER_PARAMETERS, _not_law, _rows, _summary
from hjemvej.economy.scenarios.compute.sources import RANDERS_BUDGET
from hjemvej.economy.scenarios.results import Amounts, Reference, ScenarioResult
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.rules.budget import days_in_year
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter import Readings
from hjemvej.rules.shelter.aggregate import monthly_figures
from hjemvej.stats.stays import MunicipalityStays, load_stays


def _reference(data: MunicipalityStays, year: int, as_of: date, params: ParameterSet) -> Reference:
    """Return the external shelters' figures in the reference year (all shelters if none)."""
    if not len(data):
        return Reference(year, True, 0, 0, 0, 0)
    figures = monthly_figures(
        data.table,
        start=date(year, 1, 1),
        end=date(year + 1, 1, 1),
        as_of=as_of,
        params=params,
        groups=data.external.astype(np.int64),
        n_groups=2,
    )
    external = figures.total(groups=np.array([1], dtype=np.int64))
    chosen, is_external = (external, True) if external["days"] else (figures.total(), False)
    return Reference(
        year=year,
        external=is_external,
        days=chosen["days"],
        gross_cost=chosen["gross_cost"],
        own_payment=chosen["own_payment"],
        reimbursement=chosen["reimbursement"],
    )


def _scaled(amount: int, factor: Fraction) -> int:
    """Return ``amount × factor`` rounded half away from zero to a whole øre (or day)."""
    value = amount * factor
    rounded = int((abs(value) * 2 + 1) // 2)
    return rounded if value >= 0 else -rounded


def _fewer_external(
    spec: ScenarioSpec,
    name: str,
    municipality_id: int,
    as_of: date,
    scenario_id: int | None,
    params: ParameterSet,
) -> ScenarioResult:
    practice = spec.practice
    assert practice is not None
    assert practice.persons is not None
    assert practice.start_year is not None
    data = load_stays(municipality_id, until=as_of)
    ref_year = as_of.year - 1
    ref = _reference(data, ref_year, as_of, params)
    first_year = practice.start_year
    last_year = max(spec.horizon, first_year)
    years = range(first_year, last_year + 1)
    persons = Fraction(practice.persons)
    before: dict[int, Amounts] = {}
    after: dict[int, Amounts] = {}
    for year in years:
        level = Fraction(days_in_year(year), days_in_year(ref_year))  # the same persons a year
        cut = persons * days_in_year(year) / ref.days if ref.days else Fraction(0)
        base = Amounts(
            days=_scaled(ref.days, level),
            external_days=_scaled(ref.days, level) if ref.external else 0,
            gross_cost=_scaled(ref.gross_cost, level),
            own_payment=_scaled(ref.own_payment, level),
            reimbursement=_scaled(ref.reimbursement, level),
        )
        saving = Amounts(
            days=_scaled(ref.days, cut),
            external_days=_scaled(ref.days, cut) if ref.external else 0,
            gross_cost=_scaled(ref.gross_cost, cut),
            own_payment=_scaled(ref.own_payment, cut),
            reimbursement=_scaled(ref.reimbursement, cut),
        )
        before[year] = base
        after[year] = base - saving
    rows = _rows(years, before, after, as_of)
    where = "eksterne boformer" if ref.external else "alle boformer (ingen eksterne ophold)"
    notes = [
        f"Besparelsen er regnet som i {RANDERS_BUDGET}: færre "
        f"helårspersoner × dage i året × den gennemsnitlige nettoudgift pr. dag på {where} i "
        f"{ref_year}, {whole_kroner(ref.net_per_day)} (brutto {whole_kroner(ref.gross_per_day)} "
        "fratrukket egenbetaling og refusion efter § 177).",
        f"Grundlaget er niveauet i {ref_year}, {danish_number(ref.full_year_persons, 2)} "
        "helårspersoner på "
        f"{where}, holdt fast i årene frem.",
    ]
    if not ref.external and ref.days:
        notes.append(
            f"Kommunen havde ingen ophold på eksterne boformer i {ref_year}; gennemsnittet for "
            "alle boformer er brugt."
        )
    if not ref.days:
        notes.append(
            f"Kommunen har ingen ophold på boformer i {ref_year}, så der er intet gennemsnit at "
            "regne besparelsen ud fra."
        )
    elif ref.full_year_persons < practice.persons:
        notes.append(
            "Scenariet fjerner flere helårspersoner "
            f"({danish_number_half_even(practice.persons, 2)}) end der "
            f"var i {ref_year} ({danish_number(ref.full_year_persons, 2)})."
        )
    label = f"niveauet i {ref_year}"
    return ScenarioResult(
        scenario_id=scenario_id,
        name=name,
        kind="practice",
        practice_kind="fewer_external",
        as_of=as_of,
        first_year=first_year,
        last_year=last_year,
        rows=rows,
        summary=_summary(name, rows, label, as_of),
        base_label=label.capitalize(),
        base_fingerprint=params.fingerprint,
        scenario_fingerprint=params.fingerprint,
        base_readings=Readings().describe(),
        scenario_readings=Readings().describe(),
        changes=tuple(spec.describe(params)),
        parameters=_not_law(
            (params,), SHELTER_PARAMETERS, date(ref_year, 1, 1), date(ref_year + 1, 1, 1)
        ),
        notes=tuple(notes),
        reference=ref,
    )

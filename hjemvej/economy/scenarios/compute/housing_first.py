"""A change of practice: citizens move from a shelter to a home with Housing First support."""

from __future__ import annotations

from datetime import date

from hjemvej.economy.scenarios.compute.common import _not_law, _rows, _summary
from hjemvej.economy.scenarios.compute.sources import NATIONAL_PARTNERSHIP
from hjemvej.economy.scenarios.results import Amounts, ScenarioResult
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.paths import (
    METHODS,
    Path,
    UnitCosts,
    compare_paths,
    housing_first_path,
    shelter_path,
    used_parameters,
)
from hjemvej.rules.shelter import Readings


def _path_amounts(path: Path, index: int, citizens: int) -> Amounts:
    """Return ``citizens`` times one path year as Amounts."""
    y = path.years[index]
    if path.kind == "shelter":
        return Amounts(
            days=y.shelter_days * citizens,
            gross_cost=y.shelter_cost * citizens,
            own_payment=y.own_payment * citizens,
            reimbursement=y.reimbursement * citizens,
        )
    return Amounts(
        support_cost=(y.support_cost + y.move_in_cost + y.botilbud_cost) * citizens,
        support_reimbursement=y.reimbursement * citizens,
    )


def _housing_first(
    spec: ScenarioSpec, name: str, as_of: date, scenario_id: int | None, params: ParameterSet
) -> ScenarioResult:
    practice = spec.practice
    assert practice is not None
    assert practice.start_year is not None
    assert practice.method in METHODS
    assert practice.compare_days is not None
    assert practice.citizens_per_year is not None
    first_year = practice.start_year
    last_year = max(spec.horizon, first_year)
    years = range(first_year, last_year + 1)
    citizens = practice.citizens_per_year
    before = {y: Amounts() for y in years}
    after = {y: Amounts() for y in years}
    cohort_paths: list[Path] = []
    for cohort in years:
        start = date(cohort, 1, 1)
        costs = UnitCosts.from_parameters(params, start)
        stay = shelter_path(practice.compare_days, start=start, params=params, costs=costs)
        home = housing_first_path(practice.method, start=start, params=params, costs=costs)
        cohort_paths.extend((stay, home))
        for k in range(len(stay.years)):
            year = cohort + k
            if year in before:
                before[year] = before[year] + _path_amounts(stay, k, citizens)
                after[year] = after[year] + _path_amounts(home, k, citizens)
    rows = _rows(years, before, after, as_of)
    start = date(first_year, 1, 1)
    costs = UnitCosts.from_parameters(params, start)
    paths = compare_paths(start=start, params=params, costs=costs)
    end = date(first_year + len(paths[0].years), 1, 1)
    label = f"ophold på boform {practice.compare_days} dage om året"
    notes = [
        "Forløbene er forenklede som i Social- og Boligstyrelsens SØM-baserede beregninger "
        f"({NATIONAL_PARTNERSHIP}): borgeren udskrives fra boform efter § 110 den 1. januar "
        "og følges i fem år. Afgørelsen om § 85 a er truffet før udskrivningen, så støtten "
        "giver refusion efter § 176 a i to år. Boformsforløbet har ét ophold om året fra årets "
        "første dag med refusion efter § 177 for dagene under loftet.",
        f"Hvert år fra {first_year} begynder {citizens} nye borgere forløbet; et år i tabellen "
        "rummer alle de årgange, der er i gang det år (højst fem).",
        "Social- og Boligstyrelsens beregninger fandt, at CTI- og ICM-forløb over fem år koster "
        "kommunen mindre end selv 30 opholdsdage om året på boform, at ACT og M-ACT koster mere "
        "end 30–90, men mindre end 120–365 dage om året, og at botilbud koster mere end alle "
        f"boformsforløb ({NATIONAL_PARTNERSHIP}). Hjemvejs tal bygger på enhedspriserne "
        "nedenfor, og de fleste er antagne; med andre priser kan rækkefølgen blive en anden.",
        "Udgifter, der ikke modsvarer opholdet på boform (husleje, boligstøtte, forsørgelse, "
        "behandling), er ikke med.",
    ]
    names = [p.name for p in costs.parameters]
    law_names = [v.name for v in used_parameters(params, start, end)]
    return ScenarioResult(
        scenario_id=scenario_id,
        name=name,
        kind="practice",
        practice_kind="housing_first",
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
        parameters=_not_law((params,), [*names, *law_names], start, date(last_year + 5, 1, 1)),
        notes=tuple(notes),
        has_support=True,
        paths=tuple(paths),
        highlighted_paths=(practice.method, f"shelter_{practice.compare_days}"),
    )

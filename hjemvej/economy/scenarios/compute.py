"""Run a scenario on a municipality's own data: a change of law, or a change of practice.

``as_of`` is the day the run is made for (today): the stays and courses admitted or begun before
it are the data; the engine counts open stays and courses up to the end of the horizon (the last
year the user chose), so the years after ``as_of`` hold today's open stays carried on, and no new
admissions. Every figure is computed twice, under the current rules and under the scenario, on the
same data; the rows show both and the difference.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from fractions import Fraction

import numpy as np

from hjemvej.core.errors import DomainError
from hjemvej.economy.data import MunicipalityStays, load_stays
from hjemvej.economy.scenarios.courses import load_support, support_by_year
from hjemvej.economy.scenarios.results import (
    Amounts,
    Reference,
    ScenarioResult,
    YearRow,
    danish_number,
    whole_kroner,
)
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.rules.budget import days_in_year
from hjemvej.rules.explain import danish_date
from hjemvej.rules.parameters import ParameterError, ParameterSet, ParameterValue
from hjemvej.rules.paths import (
    METHODS,
    Path,
    UnitCosts,
    compare_paths,
    housing_first_path,
    shelter_path,
    used_parameters,
)
from hjemvej.rules.shelter import MISSING, Readings, StayTable
from hjemvej.rules.shelter.aggregate import monthly_figures

SHELTER_PARAMETERS = (
    "shelter.reimbursement.rate",
    "shelter.reimbursement.day_cap",
    "shelter.own_payment.daily",
)
SUPPORT_PREFIX = "support."
NOT_LAW = ("agreed", "assumed", "scenario")


class ScenarioError(DomainError):
    """The scenario cannot be computed; the message says why, in Danish."""


def run_spec(
    spec: ScenarioSpec,
    *,
    name: str,
    municipality_id: int,
    as_of: date,
    scenario_id: int | None = None,
    params: ParameterSet,
) -> ScenarioResult:
    """Compute the scenario against the current rules or practice; raise ScenarioError."""
    try:
        changed = params.with_overrides(spec.overrides)
        if spec.kind == "law":
            return _law(spec, name, municipality_id, as_of, scenario_id, params, changed)
        assert spec.practice is not None
        kind = spec.practice.kind
        if kind == "shorter_stays":
            return _shorter(spec, name, municipality_id, as_of, scenario_id, changed)
        if kind == "fewer_external":
            return _fewer_external(spec, name, municipality_id, as_of, scenario_id, changed)
        return _housing_first(spec, name, as_of, scenario_id, changed)
    except ParameterError as exc:
        raise ScenarioError("; ".join(exc.problems)) from exc
    except ValueError as exc:  # the engines' Danish messages: a rate missing on a stay's day …
        raise ScenarioError(str(exc)) from exc


# --- Shelter figures per year --------------------------------------------------------------------


def _shelter_years(
    table: StayTable,
    external: np.ndarray,
    *,
    first_year: int,
    last_year: int,
    params: ParameterSet,
    readings: Readings,
) -> dict[int, Amounts]:
    """Return each year's days, cost, own payment and § 177 reimbursement (rounded per year)."""
    years = range(first_year, last_year + 1)
    if len(table) == 0:
        return {y: Amounts() for y in years}
    end = date(last_year + 1, 1, 1)
    figures = monthly_figures(
        table,
        start=date(first_year, 1, 1),
        end=end,
        as_of=end,
        params=params,
        readings=readings,
        groups=external.astype(np.int64),
        n_groups=2,
    )
    out: dict[int, Amounts] = {}
    outside = np.array([1], dtype=np.int64)
    for i, year in enumerate(years):
        months = slice(12 * i, 12 * i + 12)
        total = figures.total(months=months)
        out[year] = Amounts(
            days=total["days"],
            external_days=figures.total(groups=outside, months=months)["days"],
            gross_cost=total["gross_cost"],
            own_payment=total["own_payment"],
            reimbursement=total["reimbursement"],
        )
    return out


def _first_year(data: MunicipalityStays, as_of: date) -> int:
    """Return the year of the first admission in the data (this year when there is none)."""
    if not len(data):
        return as_of.year
    return min(date.fromordinal(int(data.table.admitted.min())).year, as_of.year)


def _rows(
    years: Iterable[int], base: dict[int, Amounts], scenario: dict[int, Amounts], as_of: date
) -> tuple[YearRow, ...]:
    return tuple(YearRow(y, base[y], scenario[y], as_of) for y in years)


def _not_law(
    sets: Sequence[ParameterSet], names: Iterable[str], start: date, end: date
) -> tuple[ParameterValue, ...]:
    """Return the values of the parameters in force in ``[start, end)`` that are not law."""
    seen: set[tuple[str, date, str, str]] = set()
    out: list[ParameterValue] = []
    for params in sets:
        for name in names:
            if name not in params:
                continue
            for value in params[name].between(start, end):
                key = (value.name, value.valid_from, value.status, value.display)
                if value.status in NOT_LAW and key not in seen:
                    seen.add(key)
                    out.append(value)
    return tuple(sorted(out, key=lambda v: (v.name, v.valid_from, v.status != "scenario")))


def _summary(
    name: str, rows: Sequence[YearRow], base_label: str, as_of: date, what: str = "nettoudgiften"
) -> str:
    """Return the Danish summary line of a result."""
    if not rows:
        return f"{name}: ingen år at beregne."
    first, last = rows[0].year, rows[-1].year
    span = str(first) if first == last else f"{first}–{last}"
    total = sum(r.difference.net_cost for r in rows)
    if total == 0:
        return f"{name}: {what} i {span} er den samme som {base_label}."
    direction = "højere" if total > 0 else "lavere"
    text = f"{name}: {what} i {span} bliver i alt {whole_kroner(abs(total))} {direction} end "
    text += base_label
    future = [r for r in rows if r.state != "past"]
    if future and len(future) < len(rows):
        part = sum(r.difference.net_cost for r in future)
        when = f"{future[0].year}–{last}" if future[0].year != last else str(last)
        if part == 0:
            text += f" (uændret i {when})"
        else:
            text += (
                f" (heraf {whole_kroner(abs(part))} {'højere' if part > 0 else 'lavere'} i {when})"
            )
    return text + "."


def _future_note(as_of: date, last_year: int) -> str:
    return (
        f"Årene fra {as_of.year} bygger kun på de ophold, der var indskrevet før "
        f"{danish_date(as_of)}: åbne ophold er regnet som fortsat til og med 31.12.{last_year}, "
        "og nye indskrivninger er ikke med (se prognosen for dem)."
    )


# --- Law ---------------------------------------------------------------------------------------


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
        old = support_by_year(support, as_of=end, params=base, **kwargs)
        new = support_by_year(support, as_of=end, params=changed, **kwargs)
        for y in years:
            before[y] = replace(
                before[y], support_cost=old[y].cost, support_reimbursement=old[y].reimbursement
            )
            after[y] = replace(
                after[y], support_cost=new[y].cost, support_reimbursement=new[y].reimbursement
            )
        names.extend(n for p in changed if (n := p.name).startswith(SUPPORT_PREFIX))
        notes.append(
            f"Kommunens {danish_number(len(support.courses), 0)} forløb efter § 85 a (CTI, ICM, "
            "ACT og M-ACT) er regnet med, fordi scenariet ændrer en regel for refusion efter "
            "§ 176 a; åbne forløb er regnet som fortsat til horisonten. Bostøtte efter § 85 og "
            "§ 99 giver ikke refusion efter § 176 a og er ikke med."
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


# --- Practice: shorter stays -------------------------------------------------------------------


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


# --- Practice: fewer full-year persons on external shelters ------------------------------------


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
        f"Besparelsen er regnet som Randers Kommunes budgetforslag (seeds/002): færre "
        f"helårspersoner × dage i året × den gennemsnitlige nettoudgift pr. dag på {where} i "
        f"{ref_year}, {whole_kroner(ref.net_per_day)} (brutto {whole_kroner(ref.gross_per_day)} "
        "fratrukket egenbetaling og refusion efter § 177).",
        f"Grundlaget er niveauet i {ref_year}, {danish_number(ref.full_year_persons)} "
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
            f"Scenariet fjerner flere helårspersoner ({danish_number(practice.persons)}) end der "
            f"var i {ref_year} ({danish_number(ref.full_year_persons)})."
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


# --- Practice: Housing First paths -------------------------------------------------------------


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
        "(seeds/001): borgeren udskrives fra boform efter § 110 den 1. januar og følges i fem år. "
        "Afgørelsen om § 85 a er truffet før udskrivningen, så støtten giver refusion efter "
        "§ 176 a i to år. Boformsforløbet har ét ophold om året fra årets første dag med "
        "refusion efter § 177 for dagene under loftet.",
        f"Hvert år fra {first_year} begynder {citizens} nye borgere forløbet; et år i tabellen "
        "rummer alle de årgange, der er i gang det år (højst fem).",
        "Social- og Boligstyrelsens beregninger fandt, at CTI- og ICM-forløb over fem år koster "
        "kommunen mindre end selv 30 opholdsdage om året på boform, at ACT og M-ACT koster mere "
        "end 30–90, men mindre end 120–365 dage om året, og at botilbud koster mere end alle "
        "boformsforløb (seeds/001). Hjemvejs tal bygger på enhedspriserne nedenfor, og de "
        "fleste er antagne; med andre priser kan rækkefølgen blive en anden.",
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

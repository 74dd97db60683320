"""What every kind of scenario shares: shelter figures per year, rows, notes and non-law values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np

from hjemvej.core.formatting import whole_kroner
from hjemvej.economy.scenarios.results import Amounts, YearRow
from hjemvej.rules.explain import danish_date
from hjemvej.rules.parameters import ParameterSet, ParameterValue
from hjemvej.rules.shelter import Readings, StayTable
from hjemvej.rules.shelter.aggregate import monthly_figures
from hjemvej.stats.stays import MunicipalityStays

SHELTER_PARAMETERS = (
    "shelter.reimbursement.rate",
    "shelter.reimbursement.day_cap",
    "shelter.own_payment.daily",
)
SUPPORT_PREFIX = "support."


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
                if not value.enacted and key not in seen:
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

"""Actual figures from the law engine per month, inside and outside the municipality.

The shelter stays come from § 177's engine; the budget's other areas (support, § 107 stays,
grants, deposit loans) from ``areas``; the total net cost adds them up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from hjemvej.core.errors import DomainError
from hjemvej.economy.budgets.models import Measure
from hjemvej.economy.budgets.results import Amount
from hjemvej.economy.budgets.selectors.areas import (
    AREA_MEASURES,
    NET_PARTS,
    AreaActuals,
    area_actuals,
)
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.model import Readings
from hjemvej.stats.measures import StayFigures, counted_period, full_year_persons, shelter_figures
from hjemvej.stats.stays import MunicipalityStays


@dataclass
class _Actuals:
    """The engine's figures per month and inside (group 0) / outside (group 1) the municipality."""

    figures: StayFigures
    as_of: date
    areas: AreaActuals = field(default_factory=lambda: AreaActuals(as_of=date.min))

    def _slice(self, start: date, end: date) -> slice:
        months = self.figures.months
        first = next((i for i, m in enumerate(months) if m >= start), len(months))
        last = next((i for i, m in enumerate(months) if m >= end), len(months))
        return slice(first, last)

    def totals(self, start: date, end: date) -> tuple[dict[str, int], dict[str, int]]:
        """Return the sums of the months of ``[start, end)``: all stays, and external ones."""
        months = self._slice(start, end)
        return (
            self.figures.total(months=months),
            self.figures.total(np.array([1], dtype=np.int64), months),
        )

    def counted_days(self, start: date, end: date) -> int:
        """Return the days of ``[start, end)`` before ``as_of``."""
        return max(0, (min(end, self.as_of) - start).days)

    def amount(self, measure: str, start: date, end: date) -> Amount | None:
        """Return a measure's actual figure over the counted days of ``[start, end)``."""
        period = counted_period(start, end, as_of=self.as_of)
        if not period.counted_days:
            return None
        if measure in AREA_MEASURES:
            return self.areas.amount(measure, start, end)
        total, external = self.totals(start, end)
        if measure == Measure.TOTAL_NET_COST:
            parts = (self.areas.amount(m, start, end) or 0 for m in NET_PARTS)
            return total[Measure.NET_COST] + sum(parts)
        if measure == Measure.FULL_YEAR_PERSONS:
            return full_year_persons(total["nights"], period)
        if measure == Measure.FULL_YEAR_PERSONS_EXTERNAL:
            return full_year_persons(external["nights"], period)
        return total[measure]


def _actuals(
    stays: MunicipalityStays,
    *,
    municipality_id: int,
    start: date,
    end: date,
    as_of: date,
    params: ParameterSet,
    readings: Readings,
) -> _Actuals:
    """Run the engine once over ``[start, end)`` (whole months), grouped inside/outside.

    Raise DomainError (Danish) when the data cannot be priced, e.g. a shelter has no rate yet on
    a day of a stay, or a parameter has no value on a day.
    """
    try:
        figures = shelter_figures(
            stays,
            start=start,
            end=end,
            as_of=as_of,
            params=params,
            readings=readings,
            groups=stays.external.astype(np.int64),
            n_groups=2,
        )
    except ValueError as exc:  # the engine's Danish message names the stay or the parameter
        raise DomainError(f"Tallene kan ikke beregnes: {exc}") from exc
    areas = area_actuals(municipality_id, start=start, end=end, as_of=as_of, params=params)
    return _Actuals(figures=figures, as_of=as_of, areas=areas)

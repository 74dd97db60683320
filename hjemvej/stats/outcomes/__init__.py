"""Outcome measures (resultatmål): what the work achieves in a year, and the citizens behind it.

``results`` computes the measures of one municipality's year as of a day, reading each kind of
record once (``records.Records``); ``measures`` holds one function per measure, ``model`` the
shapes they return (a figure, the lines behind it) and ``texts`` what each means in plain Danish.
The pages under /statistik/resultater/, ``hjemvej stats outcomes`` and the council report all call
``results``, so they show the same figures. docs/statistics.md, "Outcome measures", gives every
definition. Months are calendar months (``rules.dates``); the windows are dated parameters
(``rules/params/outcomes.yaml``) read on the year's first day.

A figure over a year not yet over is counted up to the as-of day and marked (``PARTIAL``); a
cohort not yet followed to the end of its window is not computed (``NOT_YET``, with the day it
will be); a figure over nobody is ``NO_BASE``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from hjemvej.rules.parameters import ParameterSet, default_parameters
from hjemvej.stats.outcomes.measures import (
    MEASURES,
    first_counted_year,
    first_move_in,
    period_problem,
    since,
)
from hjemvej.stats.outcomes.model import (
    NO_BASE,
    NOT_YET,
    OK,
    PARTIAL,
    Cell,
    Figure,
    Line,
    Period,
    Result,
    cell_text,
    value_text,
)
from hjemvej.stats.outcomes.records import Records, first_year
from hjemvej.stats.outcomes.texts import BY_KEY, BY_SLUG, STATUS_TEXTS, TEXTS, MeasureText

__all__ = [
    "BY_KEY",
    "BY_SLUG",
    "MEASURES",
    "NOT_YET",
    "NO_BASE",
    "OK",
    "PARTIAL",
    "STATUS_TEXTS",
    "TEXTS",
    "Cell",
    "Figure",
    "Line",
    "MeasureText",
    "Period",
    "Records",
    "Result",
    "cell_text",
    "first_counted_year",
    "first_move_in",
    "first_year",
    "period_problem",
    "results",
    "since",
    "value_text",
]


def results(
    municipality_id: int,
    *,
    year: int,
    as_of: date,
    keys: Iterable[str] | None = None,
    params: ParameterSet | None = None,
    records: Records | None = None,
) -> dict[str, Result]:
    """Return the measures (all, or ``keys``) of the municipality's year as of the day.

    The caller checks the year first (``period_problem``). Records dated on or after ``as_of``
    are not counted: it is the day the figures are made, as the council report's. ``records``
    (of the same municipality and day) lets several years share the rows fetched once.
    """
    params = params or default_parameters()
    records = records or Records(municipality_id, as_of, since(year, params))
    if (records.municipality_id, records.as_of) != (municipality_id, as_of):
        raise ValueError("records: en anden kommune eller dag end tallene")
    if records.since > since(year, params):
        raise ValueError("records: læst fra en senere dag, end året ser tilbage")
    period = Period(year, as_of)
    wanted = list(MEASURES) if keys is None else list(keys)
    return {key: MEASURES[key](records, period, params) for key in wanted}

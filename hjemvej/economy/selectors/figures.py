"""A year's shelter figures per month, inside/outside the municipality and per shelter, and the
stays behind each figure.

Every figure comes from the statistics' one selector of costs and nights
(``hjemvej.stats.measures.shelter_figures``) over the municipality's stays as
``hjemvej.stats.stays.load_stays`` gives them; money is integer øre until a page shows it. One
engine pass per page: the year's cells per shelter × month; a sum over shelters (inside or outside
the municipality, all) is the rounded sum of the cells' exact amounts (``Figures.total``), so every
figure is rounded once, and a figure's rows add up to it (each row is rounded once too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from hjemvej.core import law
from hjemvej.core.formatting import MONTHS
from hjemvej.core.law import UsedParameter, problem_in_danish, readings_in_danish
from hjemvej.economy.selectors.common import (
    Amounts,
    FigureRow,
    cell_bounds,
    month_rows,
    not_enacted,
    per_stay,
    shelter_parameters_used,
    year_bounds,
    year_row,
)
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter import Readings
from hjemvej.rules.shelter.money import round_reimbursement
from hjemvej.stats.measures import (
    CountedPeriod,
    counted_period,
    night_bounds,
    nights_in,
    shelter_figures,
    year_period,
)
from hjemvej.stats.stays import MunicipalityStays, ShelterInfo, load_stays

# --- A year's figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Split:
    """The figures of all shelters, those inside or those outside the municipality."""

    key: str  # "all", "internal", "external"
    title: str
    external: bool | None  # the ``external`` query parameter of the rows behind it
    months: list[FigureRow]
    year: FigureRow

    @property
    def query(self) -> str:
        """Return the query parameters that lead to the rows behind this split."""
        if self.external is None:
            return ""
        return "&external=1" if self.external else "&external=0"


@dataclass(frozen=True)
class ShelterYear:
    """One shelter's figures for the year (and, on the shelter's page, per month)."""

    info: ShelterInfo
    year: FigureRow
    months: list[FigureRow] = field(default_factory=list)


@dataclass
class YearFigures:
    """The figures page: the year per month, inside/outside, per shelter, with the rules used."""

    year: int
    as_of: date
    fingerprint: str
    readings: Readings
    readings_text: list[str]
    splits: list[Split]
    shelters: list[ShelterYear]
    used: list[UsedParameter]
    first_year: int
    stays_in: int
    problem: str = ""

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the values used that are not enacted law."""
        return not_enacted(self.used)

    @property
    def period(self) -> CountedPeriod:
        """Return the year counted as of the page's day (its note marks a year not over)."""
        return year_period(self.year, as_of=self.as_of)

    @property
    def full_year_persons(self) -> list[tuple[FigureRow, FigureRow]]:
        """Return per month and for the year: (all shelters, external shelters)."""
        total = next(s for s in self.splits if s.key == "all")
        external = next(s for s in self.splits if s.key == "external")
        return [*zip(total.months, external.months, strict=True), (total.year, external.year)]


def _first_year(stays: MunicipalityStays, fallback: int) -> int:
    if not len(stays):
        return fallback
    return date.fromordinal(int(stays.table.admitted.min())).year


def year_figures(
    municipality_id: int,
    *,
    year: int,
    today: date,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
    shelter_pk: int | None = None,
) -> YearFigures:
    """Return the year's shelter figures; with ``shelter_pk`` that shelter's months as well."""
    params = params or law.current_parameters()
    readings = readings or Readings()
    start, end = year_bounds(year)
    stays = load_stays(municipality_id, until=end)
    used = shelter_parameters_used(params, readings, start, min(end, today))
    result = YearFigures(
        year=year,
        as_of=today,
        fingerprint=params.fingerprint,
        readings=readings,
        readings_text=readings_in_danish(readings),
        splits=[],
        shelters=[],
        used=used,
        first_year=_first_year(stays, year),
        stays_in=len(stays),
    )
    try:
        figures = shelter_figures(
            stays,
            start=start,
            end=end,
            as_of=today,
            params=params,
            readings=readings,
            groups=stays.shelter_code,
            n_groups=len(stays.shelters),
        )
    except ValueError as exc:  # a shelter without a rate, a parameter without a value
        result.problem = problem_in_danish(str(exc))
        return result
    codes = np.arange(len(stays.shelters), dtype=np.int64)
    external = np.array([s.external for s in stays.shelters], dtype=bool)
    for key, title, flag, groups in (
        ("all", "Alle boformer", None, None),
        ("internal", "Boformer i kommunen", False, codes[~external]),
        ("external", "Boformer uden for kommunen (eksterne)", True, codes[external]),
    ):
        months, whole = month_rows(figures, year, groups, as_of=today)
        result.splits.append(Split(key, title, flag, months, whole))
    for code, info in enumerate(stays.shelters):
        selected = codes[code : code + 1]
        if shelter_pk == info.pk:
            months, whole = month_rows(figures, year, selected, as_of=today)
        else:
            months, whole = [], year_row(figures, year, selected, as_of=today)
        if whole.amounts.days or shelter_pk == info.pk:
            result.shelters.append(ShelterYear(info, whole, months))
    result.shelters.sort(key=lambda s: (-s.year.amounts.gross_cost, s.info.name))
    return result


# --- The rows behind a figure -----------------------------------------------------------------


@dataclass(frozen=True)
class StayLine:
    """One stay's days and money inside the figure's period; the citizen by pseudonym."""

    stay_pk: int
    citizen_pk: int
    pseudonym: str
    shelter: ShelterInfo
    admitted: date
    discharged: date | None
    amounts: Amounts


@dataclass
class StayRows:
    """The stays behind one figure: a month or the year, all/inside/outside or one shelter."""

    year: int
    month: int | None
    start: date
    end: date
    as_of: date
    shelter: ShelterInfo | None
    external: bool | None
    fingerprint: str
    readings_text: list[str]
    lines: list[StayLine]
    total: Amounts | None
    used: list[UsedParameter]
    shelter_pk: int | None = None
    problem: str = ""

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the values used that are not enacted law."""
        return not_enacted(self.used)

    @property
    def title(self) -> str:
        """Return what the rows are behind, in Danish."""
        when = f"{MONTHS[self.month - 1]} {self.year}" if self.month else f"året {self.year}"
        if self.shelter is not None:
            where = self.shelter.name
        elif self.shelter_pk is not None:
            where = "den valgte boform"
        elif self.external is True:
            where = "boformer uden for kommunen"
        elif self.external is False:
            where = "boformer i kommunen"
        else:
            where = "alle boformer"
        return f"Ophold bag tallene for {where}, {when}"


def stay_rows(
    municipality_id: int,
    *,
    year: int,
    month: int | None,
    today: date,
    shelter_pk: int | None = None,
    external: bool | None = None,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
) -> StayRows:
    """Return the stays with days in the cell, each with its days and money in the cell."""
    params = params or law.current_parameters()
    readings = readings or Readings()
    start, end = cell_bounds(year, month)
    stays = load_stays(municipality_id, until=end)
    shelter = next((s for s in stays.shelters if s.pk == shelter_pk), None)
    result = StayRows(
        year=year,
        month=month,
        start=start,
        end=end,
        as_of=today,
        shelter=shelter,
        external=external,
        fingerprint=params.fingerprint,
        readings_text=readings_in_danish(readings),
        lines=[],
        total=None,
        used=shelter_parameters_used(params, readings, start, min(end, today)),
        shelter_pk=shelter_pk,
    )
    try:
        cut = per_stay(
            stays.table, start=start, end=end, as_of=today, params=params, readings=readings
        )
    except ValueError as exc:
        result.problem = problem_in_danish(str(exc))
        return result
    days = cut.days
    wanted = days > 0
    if shelter_pk is not None:
        wanted &= stays.shelter_pk == shelter_pk
    if external is not None:
        wanted &= stays.external == external
    selected = np.flatnonzero(wanted)
    period = counted_period(start, end, as_of=today)
    lo, hi = night_bounds(stays.table.admitted, stays.table.discharged, as_of=today)
    nights = np.where(stays.is_stay, nights_in(lo, hi, start, end), 0)
    numerator = int(cut.numerator[selected].sum())
    reimbursed, gross, own = cut.reimbursed_days, cut.gross_cost, cut.own_payment
    reimbursement = cut.reimbursement
    result.total = Amounts(
        days=int(days[selected].sum()),
        reimbursed_days=int(reimbursed[selected].sum()),
        gross_cost=int(gross[selected].sum()),
        own_payment=int(own[selected].sum()),
        reimbursement=int(round_reimbursement(np.array([numerator], dtype=np.int64))[0]),
        nights=int(nights[selected].sum()),
        period=period,
    )
    table = stays.table
    lines = []
    for i in selected.tolist():
        discharged = int(table.discharged[i])
        lines.append(
            StayLine(
                stay_pk=int(stays.stay_pk[i]),
                citizen_pk=int(stays.citizen_pk[i]),
                pseudonym=stays.pseudonyms[int(stays.citizen_pk[i])],
                shelter=stays.shelters[int(stays.shelter_code[i])],
                admitted=date.fromordinal(int(table.admitted[i])),
                discharged=None if discharged < 0 else date.fromordinal(discharged),
                amounts=Amounts(
                    days=int(days[i]),
                    reimbursed_days=int(reimbursed[i]),
                    gross_cost=int(gross[i]),
                    own_payment=int(own[i]),
                    reimbursement=int(reimbursement[i]),
                    nights=int(nights[i]),
                    period=period,
                ),
            )
        )
    lines.sort(key=lambda line: (line.pseudonym, line.admitted, line.stay_pk))
    result.lines = lines
    return result

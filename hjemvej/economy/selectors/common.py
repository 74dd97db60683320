"""What every economy page shares: amounts in øre, months and the parameters used."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from hjemvej.core.formatting import MONTHS, decimal_comma, exact_kroner, whole_kroner
from hjemvej.core.law import UsedParameter
from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.parameters import ParameterSet, ParameterValue
from hjemvej.rules.shelter import MISSING, Readings, StayTable
from hjemvej.rules.shelter.aggregate import monthly_figures
from hjemvej.rules.shelter.money import round_reimbursement
from hjemvej.rules.shelter.periods import CAP, OWN_PAYMENT, RATE
from hjemvej.stats.measures import CountedPeriod, StayFigures, counted_period, full_year_persons

#: The parameters of § 110/§ 177 every shelter figure uses.
SHELTER_PARAMETERS = (RATE, CAP, OWN_PAYMENT)
#: The parameters of § 176 a the support figures use.
SUPPORT_PARAMETERS = (
    "support.reimbursement.rate",
    "support.reimbursement.period_months",
    "support.botilbud.reimbursement.rate",
    "support.botilbud.reimbursement.period_months",
    "support.botilbud.reimbursement.within_months",
    "support.extension.all_situations",
    "support.extension.period_months",
)


def oere_to_decimal(oere: int) -> Decimal:
    """Return øre as kroner (``Decimal`` with two decimals) for the database and exports."""
    return (Decimal(oere) / 100).quantize(Decimal("0.01"))


# --- Amounts and periods ----------------------------------------------------------------------


@dataclass(frozen=True)
class Amounts:
    """Days, nights and money (øre) of one figure over a period, counted as of a day."""

    days: int
    reimbursed_days: int
    gross_cost: int
    own_payment: int
    reimbursement: int
    nights: int
    period: CountedPeriod

    @classmethod
    def of(cls, total: dict[str, int], period: CountedPeriod) -> Amounts:
        """Return the amounts of a ``StayFigures.total`` dict."""
        return cls(
            days=total["days"],
            reimbursed_days=total["reimbursed_days"],
            gross_cost=total["gross_cost"],
            own_payment=total["own_payment"],
            reimbursement=total["reimbursement"],
            nights=total["nights"],
            period=period,
        )

    @property
    def net_cost(self) -> int:
        """Return gross cost − own payment − reimbursement in øre."""
        return self.gross_cost - self.own_payment - self.reimbursement

    @property
    def full_year_persons(self) -> Decimal:
        """Return the nights as full-year persons of the days counted (helårspersoner)."""
        return full_year_persons(self.nights, self.period)

    @property
    def full_year_persons_text(self) -> str:
        """Return the full-year persons with two decimals and a decimal comma."""
        return decimal_comma(self.full_year_persons)

    def shown(self, exact: bool = False) -> dict[str, str]:
        """Return the money as Danish text (whole kroner, or with øre when ``exact``)."""
        fmt = exact_kroner if exact else whole_kroner
        return {
            "gross_cost": fmt(self.gross_cost),
            "own_payment": fmt(self.own_payment),
            "reimbursement": fmt(self.reimbursement),
            "net_cost": fmt(self.net_cost),
        }

    @property
    def text(self) -> dict[str, str]:
        """Return the money in whole kroner for templates."""
        return self.shown()

    @property
    def exact(self) -> dict[str, str]:
        """Return the money with øre for templates."""
        return self.shown(exact=True)


@dataclass(frozen=True)
class FigureRow:
    """One month (``month`` 1–12) or the whole year (``month`` None) of a figure table."""

    label: str
    month: int | None
    start: date
    end: date
    amounts: Amounts


def year_bounds(year: int) -> tuple[date, date]:
    """Return the year as ``[1 January, 1 January next year)``."""
    return date(year, 1, 1), date(year + 1, 1, 1)


def cell_bounds(year: int, month: int | None) -> tuple[date, date]:
    """Return a month of the year, or the whole year, as a closed-open period."""
    if month is None:
        return year_bounds(year)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last) + timedelta(days=1)


def month_rows(
    figures: StayFigures, year: int, groups: np.ndarray | slice | None, *, as_of: date
) -> tuple[list[FigureRow], FigureRow]:
    """Return the 12 month rows and the year row of a set of groups, each rounded once."""
    rows = []
    for index, month_start in enumerate(figures.months):
        start, end = cell_bounds(year, month_start.month)
        total = figures.total(groups=groups, months=slice(index, index + 1))
        rows.append(
            FigureRow(
                label=MONTHS[month_start.month - 1].capitalize(),
                month=month_start.month,
                start=start,
                end=end,
                amounts=Amounts.of(total, counted_period(start, end, as_of=as_of)),
            )
        )
    return rows, year_row(figures, year, groups, as_of=as_of)


def year_row(
    figures: StayFigures, year: int, groups: np.ndarray | slice | None, *, as_of: date
) -> FigureRow:
    start, end = year_bounds(year)
    total = figures.total(groups=groups)
    amounts = Amounts.of(total, counted_period(start, end, as_of=as_of))
    return FigureRow(f"Året {year}", None, start, end, amounts)


# --- Parameters used --------------------------------------------------------------------------


def parameters_used(
    params: ParameterSet, names: tuple[str, ...], start: date, end: date
) -> list[UsedParameter]:
    """Return the values of the parameters in force on some day of ``[start, end)``."""
    used: list[UsedParameter] = []
    if end <= start:
        return used
    for name in names:
        if name not in params:
            continue
        param = params[name]
        used.extend(UsedParameter(value, param.title) for value in param.between(start, end))
    return used


def shelter_parameters_used(
    params: ParameterSet, readings: Readings, start: date, end: date
) -> list[UsedParameter]:
    """Return the § 177 values a period's figures may use.

    Under the ``window_start`` cap reading a day is held to the cap in force when its window
    opened, up to a year before the period, so those cap values are listed too.
    """
    used = parameters_used(params, (RATE, OWN_PAYMENT), start, end)
    cap_from = start - timedelta(days=366) if readings.cap == "window_start" else start
    return parameters_used(params, (CAP,), cap_from, end) + used


def not_enacted(used: list[UsedParameter]) -> list[UsedParameter]:
    """Return the values that are not enacted law (agreed, assumed, scenario)."""
    return [p for p in used if not p.enacted]


def value_text(value: ParameterValue) -> str:
    """Return a parameter value, its status and where it applies from, in Danish."""
    return f"{value.display} ({value.status_label}, fra {value.valid_from:%d.%m.%Y})"


# --- Per stay in a period -----------------------------------------------------------------------


@dataclass(frozen=True)
class PerStay:
    """Each stay's days and money inside a period (arrays in the table's row order, øre).

    ``numerator`` is the exact reimbursement (øre × basis points); ``reimbursement`` rounds it
    once per stay.
    """

    days: np.ndarray
    reimbursed_days: np.ndarray
    gross_cost: np.ndarray
    own_payment: np.ndarray
    numerator: np.ndarray

    @property
    def reimbursement(self) -> np.ndarray:
        """Return each stay's reimbursement in the period, rounded once."""
        result: np.ndarray = round_reimbursement(self.numerator)
        return result


#: Months per engine pass when cutting a period per stay (bounds memory: stays × months cells).
CHUNK_MONTHS = 12


def per_stay(
    table: StayTable,
    *,
    start: date,
    end: date,
    as_of: date,
    params: ParameterSet,
    readings: Readings,
) -> PerStay:
    """Return every stay's figures inside ``[start, end)``, from the engine run over all history.

    Only stays that can have days in the period get a group of their own; the others share one,
    and long periods are cut into passes of a year, so the cells stay few.
    """
    n = len(table)
    is_open = table.discharged == MISSING
    # Conservative: the discharge date itself may count (reading days=dates).
    reaches = is_open | (table.discharged >= start.toordinal())
    relevant = np.flatnonzero((table.admitted < end.toordinal()) & reaches)
    groups = np.full(n, len(relevant), dtype=np.int64)
    groups[relevant] = np.arange(len(relevant), dtype=np.int64)
    sums = [np.zeros(len(relevant) + 1, dtype=np.int64) for _ in range(5)]
    chunk_start = start
    while chunk_start < end:
        chunk_end = min(end, month_start_plus(chunk_start, CHUNK_MONTHS))
        figures = monthly_figures(
            table,
            start=chunk_start,
            end=chunk_end,
            as_of=as_of,
            params=params,
            readings=readings,
            groups=groups,
            n_groups=len(relevant) + 1,
        )
        for total, cells in zip(
            sums,
            (
                figures.days,
                figures.reimbursed_days,
                figures.gross_cost,
                figures.own_payment,
                figures.numerator,
            ),
            strict=True,
        ):
            total += cells.sum(axis=1)
        chunk_start = chunk_end
    out = [np.zeros(n, dtype=np.int64) for _ in range(5)]
    for full, total in zip(out, sums, strict=True):
        full[relevant] = total[:-1]
    return PerStay(*out)

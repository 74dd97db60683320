"""The outcome measures' shapes: the period counted, a figure, a line behind it, and arithmetic.

Shares are percentages and durations days, each with one decimal rounded half up once, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from hjemvej.core.formatting import danish_number
from hjemvej.rules.parameters import ParameterValue

#: A figure's status: a whole year, the year to date, a cohort not yet followed, nobody to count.
OK = "ok"
PARTIAL = "partial"
NOT_YET = "not_yet"
NO_BASE = "no_base"

Cell = date | int | str | bool | None


@dataclass(frozen=True)
class Period:
    """A year ``[start, end)``, counted up to (not including) the as-of day."""

    year: int
    as_of: date

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year + 1, 1, 1)

    @property
    def stop(self) -> date:
        """Return the end of what is counted: the year's end, or the as-of day before it."""
        return min(self.end, self.as_of)

    @property
    def partial(self) -> bool:
        """Return whether the year is not over on the as-of day."""
        return self.as_of < self.end

    def holds(self, day: date) -> bool:
        """Return whether the day lies in the counted part of the year."""
        return self.start <= day < self.stop


@dataclass(frozen=True)
class Figure:
    """One number of a measure: the value over ``base`` citizens (or stays), ``count`` of them.

    A cohort not yet followed to the end of its window has no value and no count (``NOT_YET``):
    the count so far would read as a result.
    """

    group: str
    label: str
    unit: str  # "percent" or "days"
    value: Decimal | None
    count: int | None
    base: int
    status: str
    ready_on: date | None = None  # a cohort's first as-of day with its whole window followed


def value_text(figure: Figure) -> str:
    """Return the figure as Danish text: "12,5 %", "45,0 dage", "ikke opgjort endnu" or "–"."""
    if figure.status == NOT_YET:
        return "ikke opgjort endnu"
    if figure.value is None:
        return "–"
    unit = "%" if figure.unit == "percent" else "dage"
    return f"{danish_number(figure.value, 1)} {unit}"


def cell_text(cell: Cell) -> str:
    """Return a line's cell as Danish text: a date as 01.04.2025, yes or no, "–" for none."""
    if cell is None:
        return "–"
    if isinstance(cell, bool):
        return "ja" if cell else "nej"
    if isinstance(cell, date):
        return f"{cell:%d.%m.%Y}"
    if isinstance(cell, int):
        return danish_number(cell)
    return cell


NONE: frozenset[str] = frozenset()


class Line(NamedTuple):
    """One citizen (or stay) behind a measure, with the groups whose count holds them."""

    citizen: int
    cells: tuple[Cell, ...]
    counted: frozenset[str] = NONE


@dataclass(frozen=True)
class Result:
    figures: tuple[Figure, ...]
    columns: tuple[str, ...]
    lines: tuple[Line, ...]
    used: tuple[ParameterValue, ...] = ()


# --- Arithmetic --------------------------------------------------------------------------------

TENTH = Decimal("0.1")


def share(count: int, base: int) -> Decimal | None:
    """Return ``count`` as a percentage of ``base`` with one decimal (None over nobody)."""
    if not base:
        return None
    return (Decimal(count) * 100 / Decimal(base)).quantize(TENTH, rounding=ROUND_HALF_UP)


def mean(values: Sequence[int]) -> Decimal | None:
    """Return the mean with one decimal, rounded half up (None for no values)."""
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(TENTH, rounding=ROUND_HALF_UP)


def median(values: Sequence[int]) -> Decimal | None:
    """Return the median with one decimal: the middle value, or the mean of the two middle."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle]).quantize(TENTH)
    return (Decimal(ordered[middle - 1] + ordered[middle]) / 2).quantize(TENTH)

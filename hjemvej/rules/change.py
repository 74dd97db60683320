"""Why a cost changed: volume, length and price (the council's question when shelter costs rise).

A year's gross shelter cost is the product of three factors::

    gross cost = persons × nights per person × cost per night

The change from one year to the next is split into one effect per factor with the logarithmic
mean Divisia index (LMDI-I, Ang 2004): effect of a factor = L(cost after, cost before) × ln(factor
after / factor before), where L(a, b) = (a − b) / (ln a − ln b) and L(a, a) = a. The effects add up
to the whole change exactly, whatever the order of the factors (a step-by-step split would give
another answer for each order). Rounded to the øre, the rounding goes to the effects by the
largest remainder, so the rounded effects still add up to the change.

A year without nights has no cost per night and no nights per person: the split is not defined,
and ``split_change`` says why instead of inventing one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

#: The factors of a year's gross cost, in the order the council reads them.
FACTORS = ("volume", "length", "price")


@dataclass(frozen=True)
class Year:
    """One year's factors: persons with a night, their nights, and the gross cost in øre."""

    persons: int
    nights: int
    gross_cost: int

    @property
    def factors(self) -> tuple[float, float, float]:
        """Return persons, nights per person and cost per night (the cost's three factors)."""
        return (
            float(self.persons),
            self.nights / self.persons,
            self.gross_cost / self.nights,
        )

    @property
    def defined(self) -> bool:
        """Return whether every factor is positive (the split needs their logarithms)."""
        return self.persons > 0 and self.nights > 0 and self.gross_cost > 0


@dataclass(frozen=True)
class Split:
    """The change of the gross cost from ``before`` to ``after``, in øre, split by factor."""

    before: Year
    after: Year
    effects: dict[str, int]  # øre per factor (``FACTORS``); they add up to ``change``

    @property
    def change(self) -> int:
        """Return the change of the gross cost in øre."""
        return self.after.gross_cost - self.before.gross_cost


def log_mean(a: float, b: float) -> float:
    """Return the logarithmic mean of two positive numbers (``a`` when they are equal)."""
    if a == b:
        return a
    return (a - b) / (math.log(a) - math.log(b))


def apportion(total: int, shares: Sequence[float]) -> list[int]:
    """Return whole numbers near ``shares`` that add up to ``total`` (largest remainder)."""
    floors = [math.floor(share) for share in shares]
    left = total - sum(floors)
    order = sorted(range(len(shares)), key=lambda i: (floors[i] - shares[i], i))
    step = 1 if left >= 0 else -1
    if step < 0:
        order = order[::-1]
    for i in range(abs(left)):
        floors[order[i % len(order)]] += step
    return floors


def split_change(before: Year, after: Year) -> Split | None:
    """Return the change of the gross cost split into volume, length and price; None if undefined.

    Undefined when either year has no person, night or cost (no logarithm of zero).
    """
    if not (before.defined and after.defined):
        return None
    weight = log_mean(float(after.gross_cost), float(before.gross_cost))
    exact = [weight * math.log(a / b) for a, b in zip(after.factors, before.factors, strict=True)]
    rounded = apportion(after.gross_cost - before.gross_cost, exact)
    return Split(before=before, after=after, effects=dict(zip(FACTORS, rounded, strict=True)))

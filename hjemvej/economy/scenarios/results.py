"""What running a scenario gives: per year the base, the scenario and the difference."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from hjemvej.rules.budget import days_in_year, full_year_persons
from hjemvej.rules.parameters import ParameterValue
from hjemvej.rules.paths import Path


@dataclass(frozen=True)
class Amounts:
    """A year's figures in øre (days as days): shelter stays and, where computed, § 85 a support."""

    days: int = 0
    external_days: int = 0
    gross_cost: int = 0
    own_payment: int = 0
    reimbursement: int = 0  # § 177
    support_cost: int = 0  # § 85 a support, deposits and furnishing
    support_reimbursement: int = 0  # § 176 a
    paid_back: int = 0  # own payment paid back for a deposit or an establishment (a grant)

    @property
    def net_cost(self) -> int:
        """Return the municipality's cost: expenses − own payment − state reimbursement."""
        return (
            self.gross_cost
            - self.own_payment
            - self.reimbursement
            + self.support_cost
            - self.support_reimbursement
            + self.paid_back
        )

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def __sub__(self, other: Amounts) -> Amounts:
        return Amounts(*(getattr(self, f.name) - getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True)
class YearRow:
    """One calendar year: the base (current rules or practice) against the scenario."""

    year: int
    base: Amounts
    scenario: Amounts
    as_of: date

    @property
    def difference(self) -> Amounts:
        """Return scenario − base (negative money: the scenario costs less)."""
        return self.scenario - self.base

    @property
    def state(self) -> str:
        """Return "past", "current" (as_of falls in it) or "future"."""
        if self.year < self.as_of.year:
            return "past"
        return "current" if self.year == self.as_of.year else "future"

    @property
    def state_label(self) -> str:
        """Return the year's state in Danish, for the year cell (never colour alone)."""
        return {"past": "", "current": "i gang", "future": "fremskrevet"}[self.state]

    @property
    def base_full_year_persons(self) -> Decimal:
        """Return the base's stay days as full-year persons."""
        return full_year_persons(self.base.days, days_in_year(self.year))

    @property
    def scenario_full_year_persons(self) -> Decimal:
        """Return the scenario's stay days as full-year persons."""
        return full_year_persons(self.scenario.days, days_in_year(self.year))

    @property
    def difference_full_year_persons(self) -> Decimal:
        """Return the difference in full-year persons."""
        return self.scenario_full_year_persons - self.base_full_year_persons


@dataclass(frozen=True)
class Reference:
    """The reference year of "fewer full-year persons on external shelters" (money in øre)."""

    year: int
    external: bool  # False: no external stays that year, all shelters' average used
    days: int
    gross_cost: int
    own_payment: int
    reimbursement: int

    @property
    def net_cost(self) -> int:
        return self.gross_cost - self.own_payment - self.reimbursement

    @property
    def full_year_persons(self) -> Decimal:
        return full_year_persons(self.days, days_in_year(self.year))

    @property
    def net_per_day(self) -> int:
        """Return the average net cost per day in øre (rounded half up once, for display)."""
        return (2 * self.net_cost + self.days) // (2 * self.days) if self.days else 0

    @property
    def gross_per_day(self) -> int:
        return (2 * self.gross_cost + self.days) // (2 * self.days) if self.days else 0


@dataclass(frozen=True)
class PaidBack:
    """The reference year of "own payment paid back when the citizen moves home" (øre)."""

    year: int
    movers: int  # citizens who moved into their own home in the year (the first move counts)
    with_stays: int  # of them, those with an own payment to pay back
    amount: int  # the own payment of their current period's stays, counted on the move-in day
    uncounted: int  # movers whose stays the engine could not count (left out of ``amount``)
    granted_count: int  # own payments paid back (granted) in the year
    granted_amount: int


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's result: per-year rows, a Danish summary, and what it was computed from."""

    scenario_id: int | None
    name: str
    kind: str  # "law" or "practice"
    practice_kind: str | None
    as_of: date
    first_year: int
    last_year: int
    rows: tuple[YearRow, ...]
    summary: str
    base_label: str  # Danish: what the scenario is compared with
    base_fingerprint: str
    scenario_fingerprint: str
    base_readings: str
    scenario_readings: str
    changes: tuple[str, ...]  # Danish lines: what the scenario changes
    parameters: tuple[ParameterValue, ...]  # values used that are not enacted law
    notes: tuple[str, ...] = ()
    has_support: bool = False
    paths: tuple[Path, ...] = ()
    highlighted_paths: tuple[str, ...] = ()
    reference: Reference | None = None
    paid_back: PaidBack | None = None

    @property
    def shows_stays(self) -> bool:
        """Return whether the result has shelter stays to show (days, full-year persons)."""
        return self.paid_back is None

    @property
    def total(self) -> Amounts:
        """Return the difference summed over all years."""
        total = Amounts()
        for row in self.rows:
            total = total + row.difference
        return total

    @property
    def future_total(self) -> Amounts:
        """Return the difference summed over the current and later years."""
        total = Amounts()
        for row in self.rows:
            if row.state != "past":
                total = total + row.difference
        return total

    @property
    def has_future(self) -> bool:
        return any(r.state != "past" for r in self.rows)

    @property
    def has_past(self) -> bool:
        return any(r.state == "past" for r in self.rows)

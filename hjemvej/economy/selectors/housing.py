"""Money to move into a home: deposit loans, grants and Housing First follow-up payments by month.

Figures only, no names: the granted amounts of the municipality's citizens (acting municipality)
per kind and month of the decision date, from one grouped query. Amounts are summed in the
database as exact kroner and become øre here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth

from hjemvej.core.formatting import MONTHS, whole_kroner
from hjemvej.economy.selectors.common import year_bounds
from hjemvej.housing.models import LOAN_KINDS, Grant, GrantDecision, GrantKind


@dataclass(frozen=True)
class KindColumn:
    """One kind of loan or grant."""

    kind: str
    label: str
    loan: bool


@dataclass
class GrantRow:
    """One month (1–12) or the whole year (None): granted amounts (øre) and counts per kind."""

    label: str
    month: int | None
    kinds: tuple[str, ...]  # the columns' order
    amounts: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Return all granted amounts in øre."""
        return sum(self.amounts.values())

    @property
    def loans(self) -> int:
        """Return the granted loans in øre (they are paid back)."""
        return sum(v for k, v in self.amounts.items() if k in LOAN_KINDS)

    @property
    def count(self) -> int:
        """Return the number of granted decisions."""
        return sum(self.counts.values())

    @property
    def cells_text(self) -> list[str]:
        """Return the amounts in the columns' order, as whole Danish kroner."""
        return [whole_kroner(self.amounts.get(kind, 0)) for kind in self.kinds]

    @property
    def total_text(self) -> str:
        """Return all granted amounts as whole Danish kroner."""
        return whole_kroner(self.total)

    @property
    def loans_text(self) -> str:
        """Return the granted loans as whole Danish kroner."""
        return whole_kroner(self.loans)


@dataclass(frozen=True)
class KindTotal:
    """A kind's year: granted count and amount, refused count."""

    column: KindColumn
    granted: int
    amount: int
    refused: int

    @property
    def amount_text(self) -> str:
        """Return the amount in whole kroner."""
        return whole_kroner(self.amount)


@dataclass
class GrantFigures:
    """The year's grants per kind and month."""

    year: int
    kinds: list[KindColumn]
    months: list[GrantRow]
    year_row: GrantRow
    per_kind: list[KindTotal]

    @property
    def empty(self) -> bool:
        """Return whether nothing was decided in the year."""
        return not any(k.granted or k.refused for k in self.per_kind)


def _oere(amount: Decimal | None) -> int:
    return int((amount or Decimal(0)) * 100)


def grant_figures(municipality_id: int, *, year: int) -> GrantFigures:
    """Return the year's granted loans, grants and follow-up payments per kind and month."""
    start, end = year_bounds(year)
    kinds = [KindColumn(k.value, str(k.label), k in LOAN_KINDS) for k in GrantKind]
    rows = (
        Grant.objects.filter(
            citizen__acting_municipality_id=municipality_id,
            decided_on__gte=start,
            decided_on__lt=end,
        )
        .annotate(month=ExtractMonth("decided_on"))
        .values("kind", "month", "decision")
        .annotate(total=Sum("amount"), n=Count("id"))
        .order_by()
    )
    order = tuple(k.kind for k in kinds)
    months = [GrantRow(name.capitalize(), index + 1, order) for index, name in enumerate(MONTHS)]
    whole = GrantRow(f"Året {year}", None, order)
    refused: dict[str, int] = {}
    for row in rows:
        kind, n = row["kind"], row["n"]
        if row["decision"] != GrantDecision.GRANTED:
            refused[kind] = refused.get(kind, 0) + n
            continue
        amount = _oere(row["total"])
        for target in (months[row["month"] - 1], whole):
            target.amounts[kind] = target.amounts.get(kind, 0) + amount
            target.counts[kind] = target.counts.get(kind, 0) + n
    per_kind = [
        KindTotal(
            column=k,
            granted=whole.counts.get(k.kind, 0),
            amount=whole.amounts.get(k.kind, 0),
            refused=refused.get(k.kind, 0),
        )
        for k in kinds
    ]
    return GrantFigures(year=year, kinds=kinds, months=months, year_row=whole, per_kind=per_kind)


def as_of_text(year: int, today: date) -> str:
    """Return "til og med i dag" for the running year, empty otherwise."""
    return f" til og med {today:%d.%m.%Y}" if year == today.year else ""

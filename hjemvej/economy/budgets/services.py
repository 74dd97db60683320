"""Setting the municipality's budget: twelve months or a year total per measure.

A budget is no citizen's data, so the audit entry names no citizen; it records who changed which
measure of which year (and the lines keep ``updated_by``/``updated_at``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.core.errors import DomainError
from hjemvej.economy.budgets.models import BudgetLine, Measure

FIRST_YEAR = 2000
LAST_YEAR = 2100
#: The largest amount a line holds (max_digits=14, decimal_places=2).
LIMIT = Decimal("1e12")
CENT = Decimal("0.01")


def year_field(measure: str) -> str:
    """Return the form field (and DomainError field) of a measure's year total."""
    return f"{measure}_aar"


def month_field(measure: str, month: int) -> str:
    """Return the form field (and DomainError field) of a measure's month (1–12)."""
    return f"{measure}_{month}"


@dataclass(frozen=True)
class MeasureBudget:
    """One measure's budget for a year: twelve months, a year total, or neither (remove it)."""

    months: tuple[Decimal, ...] | None = None
    year_total: Decimal | None = None


def _check_amount(value: Decimal, field: str) -> Decimal:
    if value < 0:
        raise DomainError("Beløbet kan ikke være negativt.", field=field)
    if abs(value) >= LIMIT:
        raise DomainError("Beløbet er for stort.", field=field)
    if value != value.quantize(CENT):
        raise DomainError("Skriv højst to decimaler.", field=field)
    return value.quantize(CENT)


def _current(municipality: Municipality, year: int, measure: str) -> list[BudgetLine]:
    return list(
        BudgetLine.objects.filter(municipality=municipality, year=year, measure=measure).order_by(
            "month"
        )
    )


def budget_set(
    *,
    actor: User,
    municipality: Municipality,
    year: int,
    measure: str,
    months: Sequence[Decimal] | None = None,
    year_total: Decimal | None = None,
) -> list[BudgetLine]:
    """Set one measure's budget of a year: twelve month lines, one year line, or none.

    Return the lines now in force. Nothing is written (and nothing logged) when they are unchanged.
    """
    lines, _ = _set(
        actor=actor,
        municipality=municipality,
        year=year,
        measure=measure,
        months=months,
        year_total=year_total,
    )
    return lines


def _set(
    *,
    actor: User,
    municipality: Municipality,
    year: int,
    measure: str,
    months: Sequence[Decimal] | None,
    year_total: Decimal | None,
) -> tuple[list[BudgetLine], bool]:
    if actor.municipality_id != municipality.pk:
        raise DomainError("Du kan kun ændre budgettet for din egen kommune.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(f"Året skal ligge mellem {FIRST_YEAR} og {LAST_YEAR}.", field="year")
    if measure not in Measure.values:
        raise DomainError("Ukendt budgetmål.")
    if months is not None and year_total is not None:
        raise DomainError(
            "Udfyld enten årets i alt eller de 12 måneder, ikke begge.", field=year_field(measure)
        )
    wanted: list[tuple[int | None, Decimal]] = []
    if months is not None:
        if len(months) != 12:
            raise DomainError("Udfyld alle 12 måneder.", field=month_field(measure, 1))
        wanted = [
            (m, _check_amount(value, month_field(measure, m)))
            for m, value in enumerate(months, start=1)
        ]
    elif year_total is not None:
        wanted = [(None, _check_amount(year_total, year_field(measure)))]
    with transaction.atomic():
        current = _current(municipality, year, measure)
        if [(line.month, line.amount) for line in current] == wanted:
            return current, False
        BudgetLine.objects.filter(municipality=municipality, year=year, measure=measure).delete()
        now = timezone.now()
        lines = BudgetLine.objects.bulk_create(
            BudgetLine(
                municipality=municipality,
                year=year,
                month=month,
                measure=measure,
                amount=amount,
                updated_by=actor,
                updated_at=now,
            )
            for month, amount in wanted
        )
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            detail={
                "object": "budget",
                "municipality": municipality.code,
                "year": year,
                "measure": measure,
                "lines": "months" if months is not None else "year" if wanted else "removed",
            },
        )
    return lines, True


def budget_year_set(
    *,
    actor: User,
    municipality: Municipality,
    year: int,
    budgets: Mapping[str, MeasureBudget],
) -> list[str]:
    """Set several measures' budgets of a year in one transaction; return the changed measures."""
    changed: list[str] = []
    with transaction.atomic():
        for measure, budget in budgets.items():
            _, did = _set(
                actor=actor,
                municipality=municipality,
                year=year,
                measure=measure,
                months=budget.months,
                year_total=budget.year_total,
            )
            if did:
                changed.append(measure)
    return changed

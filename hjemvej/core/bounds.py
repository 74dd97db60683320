"""Plausible values: the bounds every service holds amounts and dates to (``params/bounds.yaml``).

A bound is a parameter. A ``maximum`` refuses a value above it (a typing error, never a real case);
a ``usual`` bound asks the user to confirm a value above it (a real case can exceed it), and the
audit entry of the change names the field and the bound that was confirmed, never the value. At the
bound is within; one øre over is outside. ``docs/rules.md`` ("Plausible values") lists the
decision for each field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hjemvej.core.errors import DomainError
from hjemvej.core.law import current_parameters
from hjemvej.rules.dates import add_months_clamped
from hjemvej.rules.parameters import exact_kroner

#: The label of the checkbox that confirms an amount above its usual bound.
CONFIRM_LABEL = "Jeg bekræfter beløbet"
#: The audit detail key that lists the confirmed fields and their bounds.
AUDIT_KEY = "confirmed_outside_bounds"


class NeedsConfirmation(DomainError):
    """Amounts above their usual bound: accepted only when the user confirms them.

    ``warnings`` holds (field, Danish message) for every such amount of the change, so the form
    shows each at its field; ``field`` and ``message`` are the first.
    """

    def __init__(self, warnings: list[tuple[str, str]]) -> None:
        super().__init__(warnings[0][1], field=warnings[0][0])
        self.warnings = warnings


def bound_oere(name: str, on: date) -> int:
    """Return a money bound in øre in force on the day (its first value before its first date)."""
    param = current_parameters()[name]
    return param.at(max(on, param.first_date)).value  # type: ignore[return-value]


def bound_count(name: str, on: date) -> int:
    """Return a count bound (years, days …) in force on the day."""
    param = current_parameters()[name]
    value = param.at(max(on, param.first_date)).value
    assert isinstance(value, int)
    return value


@dataclass
class Bounds:
    """One change's bound checks: a refusal raises at once, amounts to confirm are gathered.

    Call ``done()`` once every other check has passed: it raises ``NeedsConfirmation`` for the
    gathered amounts unless the user ``confirmed``; ``audit()`` is then the audit detail to add.
    ``known`` holds a changed record's stored amounts by field: one left as it was is not asked
    about again (it was confirmed when it was entered).
    """

    confirmed: bool = False
    known: dict[str, Decimal | None] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    outside: list[dict[str, str]] = field(default_factory=list)

    def amount(
        self,
        value: Decimal | None,
        *,
        field: str,
        label: str,
        on: date,
        maximum: str | None = None,
        usual: str | None = None,
    ) -> None:
        """Check an amount in kroner against its maximum (refused) and usual bound (confirmed)."""
        if value is None:
            return
        oere = int(value * 100)
        if maximum is not None and oere > (limit := bound_oere(maximum, on)):
            raise DomainError(
                f"{label.capitalize()} kan højst være {exact_kroner(limit)}; et større beløb er "
                "sikkert en tastefejl. Kontrollér beløbet.",
                field=field,
            )
        if field in self.known and self.known[field] == value:
            return
        if usual is not None and oere > (limit := bound_oere(usual, on)):
            self.warnings.append(
                (
                    field,
                    f"{label.capitalize()} er over {exact_kroner(limit)}, som er mere end "
                    f"sædvanligt. Kontrollér beløbet, og sæt kryds ved »{CONFIRM_LABEL}«, hvis "
                    "det er rigtigt.",
                )
            )
            self.outside.append({"field": field, "bound": usual})

    def done(self) -> None:
        """Raise ``NeedsConfirmation`` for amounts above their usual bound, unless confirmed."""
        if self.warnings and not self.confirmed:
            raise NeedsConfirmation(self.warnings)

    def audit(self) -> dict[str, object]:
        """Return the audit detail naming each confirmed field and its bound (empty: none)."""
        return {AUDIT_KEY: list(self.outside)} if self.outside else {}


#: The parameters whose start is the earliest date a form accepts, unless a field names its own.
DATE_PARAMETERS = "bounds."


def earliest_date(prefix: str = DATE_PARAMETERS) -> date:
    """Return the first day every parameter named ``prefix…`` has a value (a form's earliest date).

    A date before it would reach a rule with no value in force (the follow-up tab once answered
    500 for a release in 2022: the follow-up parameters begin 01.10.2023).
    """
    return max(p.first_date for p in current_parameters() if p.name.startswith(prefix))


def latest_date(today: date) -> date:
    """Return the last day a form accepts: ``bounds.date.future_years`` years after today."""
    years = bound_count("bounds.date.future_years", today)
    return add_months_clamped(today, 12 * years)


def date_problem(value: date, *, today: date, since: str = DATE_PARAMETERS) -> str | None:
    """Return the Danish message for a date outside a form's bounds, or None when it is within."""
    earliest = earliest_date(since)
    if value < earliest:
        return (
            f"Datoen kan ikke ligge før {earliest:%d.%m.%Y}, hvor Hjemvejs regler for feltet "
            "begynder. Kontrollér årstallet."
        )
    if value > latest_date(today):
        years = bound_count("bounds.date.future_years", today)
        return f"Datoen ligger mere end {years} år ude i fremtiden. Kontrollér årstallet."
    return None


def check_birth_date(birth_date: date | None, today: date, *, field: str = "birth_date") -> None:
    """Refuse a birth date in the future or more than ``bounds.citizen.max_age`` years ago."""
    if birth_date is None:
        return
    if birth_date > today:
        raise DomainError("Fødselsdatoen kan ikke ligge i fremtiden.", field=field)
    years = bound_count("bounds.citizen.max_age", today)
    if birth_date < add_months_clamped(today, -12 * years):
        raise DomainError(
            f"Fødselsdatoen giver en alder over {years} år. Kontrollér datoen.", field=field
        )

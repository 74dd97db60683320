"""What the housing services share: checks of money and dates with Danish messages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hjemvej.core.bounds import Bounds
from hjemvej.core.errors import DomainError

#: Amounts at or above this many kroner are typing errors, not money (the columns hold 14 digits).
TOO_LARGE = Decimal("1e10")


def check_money(
    value: Decimal | None, field: str, label: str, *, required: bool = False, positive: bool = False
) -> None:
    """Raise when an amount is missing (if required), negative, zero (if positive) or too large.

    ``label`` names the amount in the definite form (beløbet, huslejen): its ending is its gender.
    """
    if value is None:
        if required:
            raise DomainError(f"Skriv {label}.", field=field)
        return
    # The adjective follows the noun's gender: beløbet (et beløb) er negativt, huslejen er negativ.
    neuter = label.split()[0].endswith("et")
    if value < 0:
        negative = "negativt" if neuter else "negativ"
        raise DomainError(f"{label.capitalize()} kan ikke være {negative}.", field=field)
    if positive and value == 0:
        raise DomainError(f"{label.capitalize()} skal være større end 0 kr.", field=field)
    if value >= TOO_LARGE:
        large = "stort" if neuter else "stor"
        raise DomainError(f"{label.capitalize()} er for {large}.", field=field)


def rent_bounds(rent: Decimal | None, *, on: date, bounds: Bounds) -> None:
    """Hold a monthly rent to its bounds: refused over the maximum, confirmed over the usual."""
    bounds.amount(
        rent,
        field="rent_monthly",
        label="huslejen",
        on=on,
        maximum="bounds.rent.monthly.max",
        usual="bounds.rent.monthly.usual",
    )


def check_not_future(day: date, today: date, field: str, what: str) -> None:
    """Raise when the date lies after today."""
    if day > today:
        raise DomainError(f"{what} kan ikke ligge i fremtiden.", field=field)

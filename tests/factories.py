"""Test data built through the services, as users build it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import connection

from hjemvej.accounts.models import AuditAction, AuditEntry, Municipality, Role, User
from hjemvej.citizens.models import Citizen, Situation
from hjemvej.citizens.services import citizen_create
from hjemvej.shelters.models import Operator, Shelter
from hjemvej.shelters.services import shelter_rate_set

TODAY = date(2026, 11, 21)


def ensure_municipalities() -> None:
    """Load the 98 municipalities again after a transactional test flushed them."""
    import csv
    from pathlib import Path

    import hjemvej.accounts

    data = Path(hjemvej.accounts.__file__).parent / "data" / "municipalities.csv"
    with data.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            Municipality.objects.get_or_create(code=row["code"], defaults={"name": row["name"]})


def municipality(code: str = "751") -> Municipality:
    return Municipality.objects.get(code=code)


def user(username: str, role: str, *, code: str = "751", shelter: Shelter | None = None) -> User:
    return User.objects.create_user(
        username=username,
        password="test-adgangskode-1",
        role=role,
        municipality=municipality(code),
        shelter=shelter,
        first_name=username.capitalize(),
    )


def shelter(
    name: str = "Forsorgshjemmet Test", *, code: str = "751", rate: str = "1500.00"
) -> Shelter:
    created = Shelter.objects.create(
        name=name, municipality=municipality(code), operator=Operator.PUBLIC, places=30
    )
    admin = User.objects.filter(role=Role.ADMIN).first() or user(f"admin-{created.pk}", Role.ADMIN)
    shelter_rate_set(
        actor=admin, shelter=created, valid_from=date(2018, 1, 1), daily_rate=Decimal(rate)
    )
    return created


def citizen(
    actor: User,
    *,
    first_name: str = "Anna",
    last_name: str = "Jensen",
    cpr: str = "",
    code: str = "751",
    situation: str = Situation.STREET,
    start: date = date(2026, 1, 1),
) -> Citizen:
    return citizen_create(
        actor=actor,
        acting_municipality=municipality(code),
        situation=situation,
        situation_start=start,
        today=TODAY,
        cpr=cpr,
        first_name=first_name,
        last_name=last_name,
    )


def audit_entries(citizen: Citizen, action: AuditAction) -> list[AuditEntry]:
    """The audit entries of one kind about the citizen, oldest first."""
    return list(AuditEntry.objects.filter(citizen=citizen, action=action).order_by("id"))


def citizens_named(entries: Iterable[AuditEntry]) -> set[int]:
    """The citizens the entries name: each alone (``citizen``) or in a list (``citizen_ids``)."""
    return {
        pk
        for entry in entries
        for pk in ([entry.citizen_id] if entry.citizen_id else []) + list(entry.citizen_ids)
    }


#: Queries each audit insert adds for the hash chain: the last entry's hash, and on PostgreSQL
#: the chain's advisory lock (``accounts.audit_chain``).
AUDIT_CHAIN_QUERIES = 2 if connection.vendor == "postgresql" else 1

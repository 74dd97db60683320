"""Contacts: ``contact_add`` for one, ``contacts_add_many`` for a bulk writer (the import).

Both check a contact with ``contact_check`` and write the same records and audit entries; the
bulk variant inserts the contacts and their entries in one statement each and refreshes each
citizen's list state once, where ``contact_add`` refreshes it after every contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.state import citizen_state_refresh, citizen_states_refresh
from hjemvej.core.errors import DomainError
from hjemvej.support.models import Contact, ContactKind, SupportCourse

BATCH = 1000


@dataclass(frozen=True)
class NewContact:
    """One contact for ``contacts_add_many`` (the arguments of ``contact_add``)."""

    citizen: Citizen
    on: date
    kind: str
    with_whom: str = ""
    note: str = ""
    course: SupportCourse | None = None


def contact_check(new: NewContact, *, today: date) -> None:
    """Raise ``DomainError`` (naming the form field) when the contact breaks a rule."""
    if new.kind not in ContactKind.values:
        raise DomainError("Vælg en kontaktform.", field="kind")
    if new.on > today:
        raise DomainError("Kontakten kan ikke ligge i fremtiden.", field="date")
    if new.course is not None and new.course.citizen_id != new.citizen.pk:
        raise DomainError("Forløbet hører til en anden borger.", field="course")


def _contact(new: NewContact, actor: User) -> Contact:
    return Contact(
        citizen=new.citizen,
        date=new.on,
        kind=new.kind,
        with_whom=new.with_whom.strip(),
        note=new.note.strip(),
        course=new.course,
        created_by=actor,
    )


def contact_add(
    *,
    actor: User,
    citizen: Citizen,
    on: date,
    kind: str,
    today: date,
    with_whom: str = "",
    note: str = "",
    course: SupportCourse | None = None,
) -> Contact:
    """Record a contact with or about the citizen."""
    new = NewContact(citizen, on, kind, with_whom, note, course)
    contact_check(new, today=today)
    with transaction.atomic():
        contact = _contact(new, actor)
        contact.save(force_insert=True)
        citizen_state_refresh(citizen)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            citizen=citizen,
            obj=contact,
            detail={"kind": kind},
        )
    return contact


def contacts_add_many(*, actor: User, contacts: Sequence[NewContact], today: date) -> list[Contact]:
    """Record many contacts as ``contact_add`` would each, all or nothing; return them in order.

    Every contact is checked first (the first that breaks a rule raises, and nothing is written);
    then the contacts and their audit entries (one each, chained in order) are inserted in bulk
    and the list state of each citizen named is refreshed once.
    """
    for new in contacts:
        contact_check(new, today=today)
    made = [_contact(new, actor) for new in contacts]
    with transaction.atomic():
        Contact.objects.bulk_create(made, batch_size=BATCH)
        citizen_states_refresh(sorted({new.citizen.pk for new in contacts}))
        entries = [
            audit.unsaved(
                actor=actor,
                action=AuditAction.CREATE,
                citizen=new.citizen,
                obj=contact,
                detail={"kind": new.kind},
            )
            for new, contact in zip(contacts, made, strict=True)
        ]
        AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
    return made

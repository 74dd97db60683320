"""``contacts_add_many`` writes what ``contact_add`` writes, contact by contact."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen, CitizenState
from hjemvej.core.errors import DomainError
from hjemvej.support.contacts import NewContact, contact_add, contacts_add_many
from hjemvej.support.models import Contact, ContactKind, CourseKind
from hjemvej.support.services import course_create
from tests import factories
from tests.bulk_same import written

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db


def test_the_bulk_variant_writes_the_same_contacts_states_and_audit_entries(
    worker: User,
) -> None:
    first = factories.citizen(worker)
    second = factories.citizen(worker, cpr="0202852345")
    course = course_create(
        actor=worker,
        citizen=second,
        kind=CourseKind.SEL85,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 15),
    )
    contacts = [
        NewContact(first, date(2026, 3, 1), ContactKind.PHONE, note=" ringede "),
        NewContact(second, date(2026, 3, 2), ContactKind.VISIT, with_whom="mor", course=course),
        NewContact(first, date(2026, 4, 9), ContactKind.MEETING),
    ]

    def one_by_one() -> list[Citizen]:
        for new in contacts:
            contact_add(
                actor=worker,
                citizen=new.citizen,
                on=new.on,
                kind=new.kind,
                today=TODAY,
                with_whom=new.with_whom,
                note=new.note,
                course=new.course,
            )
        return [first, second]

    def in_bulk() -> list[Citizen]:
        made = contacts_add_many(actor=worker, contacts=contacts, today=TODAY)
        assert [c.pk is not None for c in made] == [True, True, True]
        return [first, second]

    single = written(one_by_one, (Contact, CitizenState))
    bulk = written(in_bulk, (Contact, CitizenState))
    assert len(single["support.Contact"]) == 3
    assert single["support.Contact"][0]["note"] == "ringede"
    assert [row["last_contact"] for row in single["citizens.CitizenState"]] == [
        date(2026, 4, 9),
        date(2026, 3, 2),
    ]
    assert len(single["audit"]) == 3
    assert single["chain_broken"] == []
    assert bulk == single


def test_one_contact_against_the_rules_refuses_them_all(worker: User) -> None:
    citizen = factories.citizen(worker)
    contacts = [
        NewContact(citizen, date(2026, 3, 1), ContactKind.PHONE),
        NewContact(citizen, date(2099, 1, 1), ContactKind.PHONE),
    ]
    with pytest.raises(DomainError) as refused:
        contacts_add_many(actor=worker, contacts=contacts, today=TODAY)
    assert refused.value.field == "date"
    assert not Contact.objects.exists()

"""The municipality's targets for the list: set, changed and removed by a manager, audited."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.core.errors import DomainError
from hjemvej.stats.models import ListTarget, TargetMeasure
from hjemvej.stats.services import MAX_TARGET, list_target_set
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY
BY = date(2027, 12, 31)


@pytest.fixture
def manager() -> User:
    return factories.user("lise", Role.MANAGER)


def entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type="stats.ListTarget").order_by("id"))


def set_target(manager: User, target: int | None, by_date: date | None, **kw: object) -> object:
    assert manager.municipality is not None
    return list_target_set(
        actor=manager,
        municipality=manager.municipality,
        measure=str(kw.get("measure", TargetMeasure.LONG_TERM)),
        target=target,
        by_date=by_date,
        today=TODAY,
    )


def test_a_target_is_set_changed_and_removed_with_an_audit_entry_each(manager: User) -> None:
    created = set_target(manager, 0, BY)
    assert isinstance(created, ListTarget)
    assert (created.target, created.by_date, created.updated_by) == (0, BY, manager)
    set_target(manager, 0, BY)  # unchanged: nothing written
    set_target(manager, 5, BY)
    set_target(manager, None, None)
    assert not ListTarget.objects.exists()
    logged = entries()
    assert [e.action for e in logged] == [AuditAction.CREATE, *[AuditAction.UPDATE] * 2]
    assert logged[0].detail == {"measure": "long_term", "fields": ["target", "by_date"]}
    assert logged[1].detail == {"measure": "long_term", "fields": ["target"]}
    assert logged[2].detail == {"measure": "long_term", "deleted": "stats.ListTarget"}
    assert all(e.citizen_id is None for e in logged)


def test_one_target_per_measure(manager: User) -> None:
    set_target(manager, 0, BY)
    set_target(manager, 40, date(2028, 6, 30), measure=TargetMeasure.ON_LIST)
    set_target(manager, 2, BY)
    targets = dict(ListTarget.objects.values_list("measure", "target"))
    assert targets == {"long_term": 2, "on_list": 40}


@pytest.mark.parametrize(
    ("target", "by_date", "measure", "field"),
    [
        (None, BY, TargetMeasure.LONG_TERM, "target"),
        (3, None, TargetMeasure.LONG_TERM, "by_date"),
        (-1, BY, TargetMeasure.LONG_TERM, "target"),
        (MAX_TARGET + 1, BY, TargetMeasure.LONG_TERM, "target"),
        (3, date(1999, 12, 31), TargetMeasure.LONG_TERM, "by_date"),
        (3, date(2099, 1, 1), TargetMeasure.LONG_TERM, "by_date"),
        (3, BY, "everyone", "measure"),
    ],
)
def test_a_bad_target_is_refused_at_its_field(
    manager: User, target: int | None, by_date: date | None, measure: str, field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        set_target(manager, target, by_date, measure=measure)
    assert refused.value.field == field
    assert not ListTarget.objects.exists()
    assert not entries()


def test_only_for_the_managers_own_municipality(manager: User) -> None:
    with pytest.raises(DomainError):
        list_target_set(
            actor=manager,
            municipality=factories.municipality("101"),
            measure=TargetMeasure.LONG_TERM,
            target=0,
            by_date=BY,
            today=TODAY,
        )
    economist = factories.user("oekonom", Role.ECONOMIST)
    with pytest.raises(DomainError):
        set_target(economist, 0, BY)

"""Merging two records of one citizen and undoing it: every row follows, both are audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, User
from hjemvej.casefile import services as casefile_services
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens import services
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    Consent,
    HomelessnessSituation,
    Merge,
    Situation,
)
from hjemvej.core.errors import DomainError
from hjemvej.shelters.models import Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.models import Contact, SupportCourse
from hjemvej.support.services import contact_add, course_create
from tests import factories

TODAY = factories.TODAY
CPR = "0101901234"
OTHER_CPR = "0202852345"

pytestmark = pytest.mark.django_db


def _history(worker: User, citizen: Citizen) -> None:
    """Give the citizen one of every kind of row that follows a merge."""
    shelter = factories.shelter()
    stay = stay_admit(
        actor=worker, citizen=citizen, shelter=shelter, admitted=date(2025, 3, 1), today=TODAY
    )
    stay_discharge(actor=worker, stay=stay, discharged=date(2025, 4, 1), today=TODAY)
    course = course_create(
        actor=worker,
        citizen=citizen,
        kind="icm",
        decided_on=date(2025, 3, 15),
        start=date(2025, 4, 1),
        monthly_cost=Decimal("8000"),
    )
    contact_add(
        actor=worker, citizen=citizen, on=date(2025, 4, 2), kind="visit", today=TODAY, course=course
    )
    services.consent_add(
        actor=worker,
        citizen=citizen,
        recipient="Psykiatrien",
        scope="Alt",
        given_on=date(2025, 3, 1),
        today=TODAY,
    )


def _rows_of(citizen: Citizen) -> dict[str, set[int]]:
    return {
        "situations": set(
            HomelessnessSituation.objects.filter(citizen=citizen).values_list("pk", flat=True)
        ),
        "events": set(ByNameListEvent.objects.filter(citizen=citizen).values_list("pk", flat=True)),
        "consents": set(Consent.objects.filter(citizen=citizen).values_list("pk", flat=True)),
        "stays": set(Stay.objects.filter(citizen=citizen).values_list("pk", flat=True)),
        "courses": set(SupportCourse.objects.filter(citizen=citizen).values_list("pk", flat=True)),
        "contacts": set(Contact.objects.filter(citizen=citizen).values_list("pk", flat=True)),
    }


def test_merge_moves_every_row_and_the_cpr_and_undo_restores_them(worker: User) -> None:
    target = factories.citizen(worker, first_name="Beholdt", start=date(2026, 2, 1))
    source = factories.citizen(worker, first_name="Dublet", cpr=CPR, start=date(2025, 1, 1))
    _history(worker, source)
    before_source, before_target = _rows_of(source), _rows_of(target)
    assert all(before_source.values())

    merge = casefile_services.citizen_merge(actor=worker, source=source, target=target)

    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into == target
    assert not source.has_cpr
    assert source.cpr_hash is None
    assert cpr_codec.decrypt(target.cpr_token) == CPR
    merged = _rows_of(target)
    for key in merged:
        assert merged[key] == before_source[key] | before_target[key], key
    assert all(not ids for ids in _rows_of(source).values())
    assert merge.moved_cpr
    assert [
        e.citizen_id for e in AuditEntry.objects.filter(action=AuditAction.MERGE).order_by("id")
    ] == [
        source.pk,
        target.pk,
    ]

    casefile_services.citizen_unmerge(actor=worker, merge=merge)

    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into is None
    assert cpr_codec.decrypt(source.cpr_token) == CPR
    assert source.cpr_hash == cpr_codec.lookup_hash(CPR)
    assert not target.has_cpr
    assert target.cpr_hash is None
    assert _rows_of(source) == before_source
    assert _rows_of(target) == before_target
    assert services.citizen_by_cpr(CPR) == source
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert AuditEntry.objects.filter(action=AuditAction.UNMERGE).count() == 2
    with pytest.raises(DomainError):
        casefile_services.citizen_unmerge(actor=worker, merge=merge)


def test_merge_keeps_the_targets_cpr(worker: User) -> None:
    target = factories.citizen(worker, first_name="Beholdt", cpr=CPR)
    source = factories.citizen(worker, first_name="Dublet")
    merge = casefile_services.citizen_merge(actor=worker, source=source, target=target)
    assert not merge.moved_cpr
    casefile_services.citizen_unmerge(actor=worker, merge=merge)
    target.refresh_from_db()
    assert cpr_codec.decrypt(target.cpr_token) == CPR


@pytest.mark.parametrize("case", ["self", "different_cpr", "already_merged"])
def test_merge_is_refused_when_it_cannot_be_one_person(worker: User, case: str) -> None:
    one = factories.citizen(worker, first_name="En", cpr=CPR)
    two = factories.citizen(
        worker, first_name="To", cpr=OTHER_CPR if case == "different_cpr" else ""
    )
    if case == "already_merged":
        third = factories.citizen(worker, first_name="Tre")
        casefile_services.citizen_merge(actor=worker, source=two, target=third)
        two.refresh_from_db()
    with pytest.raises(DomainError):
        casefile_services.citizen_merge(
            actor=worker, source=one if case == "self" else two, target=one
        )
    assert Merge.objects.count() == (1 if case == "already_merged" else 0)


def test_merge_is_refused_when_stays_overlap(worker: User) -> None:
    shelter = factories.shelter()
    one = factories.citizen(worker, first_name="En")
    two = factories.citizen(worker, first_name="To")
    stay_admit(actor=worker, citizen=one, shelter=shelter, admitted=date(2026, 3, 1), today=TODAY)
    stay_admit(actor=worker, citizen=two, shelter=shelter, admitted=date(2026, 5, 1), today=TODAY)
    with pytest.raises(DomainError) as caught:
        casefile_services.citizen_merge(actor=worker, source=two, target=one)
    assert "overlapper" in caught.value.message
    assert Stay.objects.filter(citizen=two).count() == 1
    assert not Merge.objects.exists()


# --- one open situation after a merge -------------------------------------------------------


def _situations(citizen: Citizen) -> list[tuple[int, str, date, date | None]]:
    return list(
        HomelessnessSituation.objects.filter(citizen=citizen)
        .order_by("start", "pk")
        .values_list("pk", "situation", "start", "end")
    )


def _open(citizen: Citizen) -> list[tuple[str, date]]:
    return list(citizen.situations.filter(end__isnull=True).values_list("situation", "start"))


def test_a_merge_keeps_the_shelter_situation_of_an_open_stay_and_undo_restores_both(
    worker: User,
) -> None:
    target = factories.citizen(worker, first_name="Beholdt", start=date(2026, 1, 1))
    stay_admit(
        actor=worker,
        citizen=target,
        shelter=factories.shelter(),
        admitted=date(2026, 3, 2),
        today=TODAY,
    )
    source = factories.citizen(worker, first_name="Dublet", start=date(2026, 5, 1))  # street
    street = source.situations.get()
    before = {"source": _situations(source), "target": _situations(target)}

    merge = casefile_services.citizen_merge(actor=worker, source=source, target=target)

    # On a shelter tonight: the shelter situation is kept; the street, begun after it, ends
    # the day it began (an empty period) so that no two periods overlap.
    assert _open(target) == [(Situation.SHELTER, date(2026, 3, 2))]
    street.refresh_from_db()
    assert street.end == date(2026, 5, 1)
    shelter_period = target.situations.get(situation=Situation.SHELTER)
    assert merge.moved["reconciled"] == {
        "kept": shelter_period.pk,
        "ended": {str(street.pk): "2026-05-01"},
    }
    entry = AuditEntry.objects.filter(action=AuditAction.MERGE, citizen=target).get()
    assert entry.detail["ended_situations"] == [street.pk]

    casefile_services.citizen_unmerge(actor=worker, merge=merge)
    assert {"source": _situations(source), "target": _situations(target)} == before


def test_without_an_open_stay_the_latest_situation_is_kept(worker: User) -> None:
    target = factories.citizen(worker, first_name="Beholdt", start=date(2026, 2, 1))  # street
    source = factories.citizen(
        worker, first_name="Dublet", situation=Situation.SOFA, start=date(2025, 1, 1)
    )
    sofa = source.situations.get()
    before = {"source": _situations(source), "target": _situations(target)}
    merge = casefile_services.citizen_merge(actor=worker, source=source, target=target)
    assert _open(target) == [(Situation.STREET, date(2026, 2, 1))]
    sofa.refresh_from_db()
    assert sofa.end == date(2026, 2, 1)  # the day the kept one began
    casefile_services.citizen_unmerge(actor=worker, merge=merge)
    assert {"source": _situations(source), "target": _situations(target)} == before


def test_a_merge_with_one_open_situation_reconciles_nothing(worker: User) -> None:
    target = factories.citizen(worker, first_name="Beholdt")
    source = factories.citizen(worker, first_name="Dublet", start=date(2025, 1, 1))
    services.situation_end(
        actor=worker, citizen=source, end=date(2025, 6, 1), reason="housed", today=TODAY
    )
    merge = casefile_services.citizen_merge(actor=worker, source=source, target=target)
    assert "reconciled" not in merge.moved
    assert len(_open(target)) == 1


def test_merge_moves_the_sel107_stays_and_undo_moves_them_back(worker: User) -> None:
    source = factories.citizen(worker, first_name="Kaj", start=date(2025, 1, 1))
    target = factories.citizen(worker, first_name="Kaj", start=date(2025, 1, 1))
    placed = botilbud_stay_add(
        actor=worker,
        citizen=source,
        provider="Botilbuddet Åbo",
        decided_on=date(2025, 3, 1),
        start=date(2025, 3, 1),
        end=date(2025, 6, 1),
        monthly_cost=Decimal("30000"),
        today=factories.TODAY,
    )
    merge = casefile_services.citizen_merge(actor=worker, source=source, target=target)
    placed.refresh_from_db()
    assert placed.citizen_id == target.pk
    casefile_services.citizen_unmerge(actor=worker, merge=merge)
    placed.refresh_from_db()
    assert placed.citizen_id == source.pk


def test_merge_is_refused_when_sel107_stays_overlap(worker: User) -> None:
    source = factories.citizen(worker, first_name="Kaj", start=date(2025, 1, 1))
    target = factories.citizen(worker, first_name="Kaj", start=date(2025, 1, 1))
    for citizen, start in ((source, date(2025, 3, 1)), (target, date(2025, 5, 1))):
        botilbud_stay_add(
            actor=worker,
            citizen=citizen,
            provider="Botilbuddet Åbo",
            decided_on=start,
            start=start,
            end=date(2025, 6, 1),
            monthly_cost=Decimal("30000"),
            today=factories.TODAY,
        )
    with pytest.raises(DomainError, match=r"01\.03\.2025 overlapper et ophold hos den anden"):
        casefile_services.citizen_merge(actor=worker, source=source, target=target)
    assert source.botilbud_stays.count() == 1
    assert target.botilbud_stays.count() == 1

"""Citizens' services: create, update, CPR, situations, consent, and their audit."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.casefile import services as casefile_services
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens import services
from hjemvej.citizens.models import (
    Citizen,
    ListEventKind,
    ListEventReason,
    Situation,
)
from hjemvej.core.errors import DomainError
from tests import factories

TODAY = factories.TODAY
CPR = "0101901234"
OTHER_CPR = "0202852345"

pytestmark = pytest.mark.django_db


# --- citizen_create --------------------------------------------------------------------------


def test_create_with_cpr_encrypts_hashes_and_derives_the_birth_date(worker: User) -> None:
    citizen = factories.citizen(worker, cpr="010190-1234")
    citizen.refresh_from_db()
    assert citizen.has_cpr
    assert CPR not in citizen.cpr_token
    assert cpr_codec.decrypt(citizen.cpr_token) == CPR
    assert citizen.cpr_hash == cpr_codec.lookup_hash(CPR)
    assert citizen.birth_date == date(1990, 1, 1)
    (situation,) = citizen.situations.all()
    assert (situation.situation, situation.start, situation.end) == (
        Situation.STREET,
        date(2026, 1, 1),
        None,
    )
    (event,) = citizen.list_events.all()
    assert (event.kind, event.reason) == (ListEventKind.ENTERED, ListEventReason.NEWLY_IDENTIFIED)
    (entry,) = factories.audit_entries(citizen, AuditAction.CREATE)
    assert entry.user == worker
    assert entry.detail["cpr"] is True
    assert CPR not in str(entry.detail)
    assert "010190" not in str(entry.detail)


def test_create_without_cpr_with_an_alias(worker: User) -> None:
    citizen = services.citizen_create(
        actor=worker,
        acting_municipality=factories.municipality(),
        situation=Situation.SOFA,
        situation_start=date(2026, 5, 1),
        today=TODAY,
        alias="Kaptajnen",
    )
    assert not citizen.has_cpr
    assert citizen.cpr_hash is None
    assert citizen.display_name == "Kaptajnen"
    assert factories.audit_entries(citizen, AuditAction.CREATE)[0].detail["cpr"] is False


def test_two_citizens_without_cpr_do_not_collide_on_the_hash(worker: User) -> None:
    factories.citizen(worker, first_name="Uden", last_name="Et")
    factories.citizen(worker, first_name="Uden", last_name="To")
    assert Citizen.objects.filter(cpr_hash__isnull=True).count() == 2


def test_create_needs_cpr_name_or_alias(worker: User) -> None:
    with pytest.raises(DomainError) as caught:
        factories.citizen(worker, first_name="", last_name="")
    assert caught.value.field == "cpr"
    assert "CPR-nummer, navn eller et alias" in caught.value.message
    assert not Citizen.objects.exists()


def test_duplicate_cpr_is_refused(worker: User) -> None:
    factories.citizen(worker, cpr=CPR)
    with pytest.raises(DomainError) as caught:
        factories.citizen(worker, first_name="Igen", cpr="010190-1234")
    assert caught.value.field == "cpr"
    assert "findes allerede" in caught.value.message
    assert Citizen.objects.count() == 1


def test_a_cpr_held_in_another_municipality_is_refused_and_the_refusal_logged(
    worker: User,
) -> None:
    holder = factories.citizen(worker, cpr=CPR)
    elsewhere = factories.user("randers", Role.CASE_WORKER, code="730")
    with pytest.raises(DomainError) as caught:
        services.citizen_create(
            actor=elsewhere,
            acting_municipality=factories.municipality("730"),
            situation=Situation.STREET,
            situation_start=TODAY,
            today=TODAY,
            cpr=CPR,
        )
    assert caught.value.field == "cpr"
    # The refusal tells Randers that the number is known here: the holder's log says so.
    entry = AuditEntry.objects.get(citizen=holder, action=AuditAction.SEARCH)
    assert entry.user == elsewhere
    assert entry.detail == {"page": "citizen_create", "by": "cpr", "found": True}
    assert CPR not in str(entry.detail)
    assert Citizen.objects.count() == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12345", "skal have 10 cifre"),
        ("01019012345", "skal have 10 cifre"),
        ("01019a1234", "kun indeholde cifre"),
        ("3213901234", "datodel er ikke en gyldig fødselsdato"),
    ],
)
def test_invalid_cpr_gives_a_danish_message_and_writes_nothing(
    worker: User, raw: str, message: str
) -> None:
    with pytest.raises(DomainError) as caught:
        factories.citizen(worker, cpr=raw)
    assert message in caught.value.message
    assert caught.value.field == "cpr"
    assert not Citizen.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_situation_cannot_start_in_the_future(worker: User) -> None:
    with pytest.raises(DomainError) as caught:
        factories.citizen(worker, start=date(2026, 11, 22))
    assert caught.value.field == "situation_start"


def test_citizen_by_cpr_finds_by_any_spelling_and_follows_a_merge(worker: User) -> None:
    kept = factories.citizen(worker, first_name="Beholdt")
    citizen = factories.citizen(worker, cpr=CPR)
    assert services.citizen_by_cpr("010190-1234") == citizen
    assert services.citizen_by_cpr(OTHER_CPR) is None
    casefile_services.citizen_merge(actor=worker, source=citizen, target=kept)
    assert services.citizen_by_cpr(CPR) == kept


# --- citizen_update and reveal ----------------------------------------------------------------


def test_update_changes_fields_and_logs_their_names(worker: User) -> None:
    citizen = factories.citizen(worker)
    services.citizen_update(actor=worker, citizen=citizen, phone="12345678", last_name="Berg")
    citizen.refresh_from_db()
    assert (citizen.phone, citizen.last_name) == ("12345678", "Berg")
    (entry,) = factories.audit_entries(citizen, AuditAction.UPDATE)
    assert entry.detail == {"fields": ["last_name", "phone"]}
    assert "12345678" not in str(entry.detail)


def test_update_sets_a_cpr_and_refuses_another_citizens(worker: User) -> None:
    factories.citizen(worker, first_name="Første", cpr=CPR)
    citizen = factories.citizen(worker, first_name="Anden")
    with pytest.raises(DomainError) as caught:
        services.citizen_update(actor=worker, citizen=citizen, cpr=CPR)
    assert caught.value.field == "cpr"
    refusal = AuditEntry.objects.get(action=AuditAction.SEARCH)
    assert refusal.citizen != citizen
    assert refusal.detail["page"] == "citizen_update"
    services.citizen_update(actor=worker, citizen=citizen, cpr=OTHER_CPR)
    citizen.refresh_from_db()
    assert cpr_codec.decrypt(citizen.cpr_token) == OTHER_CPR
    assert factories.audit_entries(citizen, AuditAction.UPDATE)[-1].detail == {"fields": ["cpr"]}


def test_update_without_cpr_name_or_alias_is_refused(worker: User) -> None:
    citizen = factories.citizen(worker)
    with pytest.raises(DomainError) as caught:
        services.citizen_update(actor=worker, citizen=citizen, first_name="", last_name="")
    assert caught.value.field == "alias"
    citizen.refresh_from_db()
    assert citizen.first_name == "Anna"


def test_update_of_an_unknown_field_is_refused(worker: User) -> None:
    citizen = factories.citizen(worker)
    with pytest.raises(DomainError):
        services.citizen_update(actor=worker, citizen=citizen, cpr_hash="x")


def test_reveal_returns_the_number_and_logs_it(worker: User) -> None:
    citizen = factories.citizen(worker, cpr=CPR)
    assert services.citizen_reveal_cpr(actor=worker, citizen=citizen) == CPR
    (entry,) = factories.audit_entries(citizen, AuditAction.REVEAL_CPR)
    assert entry.user == worker
    assert CPR not in str(entry.detail)


def test_reveal_without_a_cpr_is_a_domain_error(worker: User) -> None:
    citizen = factories.citizen(worker)
    with pytest.raises(DomainError):
        services.citizen_reveal_cpr(actor=worker, citizen=citizen)
    assert not factories.audit_entries(citizen, AuditAction.REVEAL_CPR)


# --- situations ------------------------------------------------------------------------------


def test_a_new_situation_ends_the_open_one_that_day(worker: User) -> None:
    citizen = factories.citizen(worker)
    created = services.situation_add(
        actor=worker, citizen=citizen, situation=Situation.SOFA, start=date(2026, 6, 1), today=TODAY
    )
    first, second = citizen.situations.order_by("start")
    assert (first.situation, first.end) == (Situation.STREET, date(2026, 6, 1))
    assert second == created
    assert second.end is None
    assert factories.audit_entries(citizen, AuditAction.CREATE)[-1].object_id == str(created.pk)


def test_a_situation_before_the_latest_or_in_the_future_is_refused(worker: User) -> None:
    citizen = factories.citizen(worker, start=date(2026, 3, 1))
    with pytest.raises(DomainError) as caught:
        services.situation_add(
            actor=worker,
            citizen=citizen,
            situation=Situation.SOFA,
            start=date(2026, 3, 1),
            today=TODAY,
        )
    assert caught.value.field == "start"
    with pytest.raises(DomainError):
        services.situation_add(
            actor=worker,
            citizen=citizen,
            situation=Situation.SOFA,
            start=date(2026, 12, 1),
            today=TODAY,
        )
    with pytest.raises(DomainError) as unknown:
        services.situation_add(
            actor=worker, citizen=citizen, situation="castle", start=date(2026, 4, 1), today=TODAY
        )
    assert unknown.value.field == "situation"


def test_ending_a_situation_takes_the_citizen_off_the_list(worker: User) -> None:
    citizen = factories.citizen(worker)
    services.situation_end(
        actor=worker,
        citizen=citizen,
        end=date(2026, 9, 1),
        reason=ListEventReason.HOUSED,
        today=TODAY,
    )
    (situation,) = citizen.situations.all()
    assert situation.end == date(2026, 9, 1)
    last = citizen.list_events.order_by("-date", "-id").first()
    assert last is not None
    assert (last.kind, last.reason) == (ListEventKind.LEFT, ListEventReason.HOUSED)
    assert factories.audit_entries(citizen, AuditAction.UPDATE)
    # Back in homelessness later: on the list again, as returned from housing.
    services.situation_add(
        actor=worker,
        citizen=citizen,
        situation=Situation.STREET,
        start=date(2026, 10, 1),
        today=TODAY,
    )
    last = citizen.list_events.order_by("-date", "-id").first()
    assert last is not None
    assert (last.kind, last.reason) == (
        ListEventKind.ENTERED,
        ListEventReason.RETURNED_FROM_HOUSING,
    )


@pytest.mark.parametrize(
    ("end", "reason", "field"),
    [
        (date(2026, 9, 1), ListEventReason.NEWLY_IDENTIFIED, "reason"),
        (date(2026, 9, 1), "whatever", "reason"),
        (date(2026, 12, 1), ListEventReason.HOUSED, "end"),
        (date(2025, 12, 31), ListEventReason.HOUSED, "end"),
    ],
)
def test_ending_a_situation_is_checked(worker: User, end: date, reason: str, field: str) -> None:
    citizen = factories.citizen(worker)
    with pytest.raises(DomainError) as caught:
        services.situation_end(actor=worker, citizen=citizen, end=end, reason=reason, today=TODAY)
    assert caught.value.field == field
    assert citizen.situations.get().end is None


def test_ending_without_an_open_situation_is_refused(worker: User) -> None:
    citizen = factories.citizen(worker)
    services.situation_end(
        actor=worker,
        citizen=citizen,
        end=date(2026, 9, 1),
        reason=ListEventReason.HOUSED,
        today=TODAY,
    )
    with pytest.raises(DomainError):
        services.situation_end(
            actor=worker,
            citizen=citizen,
            end=date(2026, 9, 2),
            reason=ListEventReason.HOUSED,
            today=TODAY,
        )


# --- consent ---------------------------------------------------------------------------------


def test_consent_is_given_and_withdrawn_with_audit(worker: User) -> None:
    citizen = factories.citizen(worker)
    consent = services.consent_add(
        actor=worker,
        citizen=citizen,
        recipient=" Jobcentret ",
        scope="Boligsituation",
        given_on=date(2026, 2, 1),
        today=TODAY,
    )
    assert consent.recipient == "Jobcentret"
    services.consent_withdraw(actor=worker, consent=consent, withdrawn_on=date(2026, 5, 1))
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 5, 1)
    assert [e.action for e in AuditEntry.objects.filter(object_type="citizens.Consent")] == [
        AuditAction.UPDATE,
        AuditAction.CREATE,
    ]


def test_consent_is_checked(worker: User) -> None:
    citizen = factories.citizen(worker)
    with pytest.raises(DomainError) as empty:
        services.consent_add(
            actor=worker, citizen=citizen, recipient="", scope="x", given_on=TODAY, today=TODAY
        )
    assert empty.value.field == "recipient"
    with pytest.raises(DomainError) as future:
        services.consent_add(
            actor=worker,
            citizen=citizen,
            recipient="Jobcentret",
            scope="x",
            given_on=date(2026, 12, 1),
            today=TODAY,
        )
    assert future.value.field == "given_on"
    consent = services.consent_add(
        actor=worker,
        citizen=citizen,
        recipient="A",
        scope="B",
        given_on=date(2026, 3, 1),
        today=TODAY,
    )
    with pytest.raises(DomainError) as early:
        services.consent_withdraw(actor=worker, consent=consent, withdrawn_on=date(2026, 2, 1))
    assert early.value.field == "withdrawn_on"


# --- the responsible case worker --------------------------------------------------------------


def test_the_creating_case_worker_becomes_responsible(worker: User) -> None:
    citizen = factories.citizen(worker)
    assert citizen.case_worker == worker
    citizen.refresh_from_db()
    assert citizen.case_worker_id == worker.pk


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.SHELTER_STAFF, "751"),  # staff admitting a new citizen: nobody yet
        (Role.CASE_WORKER, "101"),  # a case worker of another municipality
        (Role.MANAGER, "751"),
    ],
)
def test_anyone_else_leaves_the_citizen_unassigned(role: str, code: str) -> None:
    creator = factories.user("opretter", role, code=code)
    citizen = factories.citizen(creator)  # acting municipality 751
    assert citizen.case_worker is None

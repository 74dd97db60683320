"""The audit log's own promises: what an entry may hold, the hash chain, and who read a citizen.

- an entry's ``detail`` holds only allowed keys with ids, counts, formats and page names
  (``hjemvej.accounts.audit_detail``); anything else is refused and nothing is stored;
- every entry is chained to the one before by a SHA-256 hash; ``hjemvej audit verify`` names the
  first broken link (exit 1) or says the chain is whole (exit 0);
- a list read is one entry naming every citizen shown, and ``audit.entries_about`` finds it.
"""

from __future__ import annotations

import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from hjemvej.accounts import audit
from hjemvej.accounts.audit_detail import AuditDetailRefused
from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from tests import factories

ON_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def worker(db: None) -> User:
    return factories.user("rita", Role.CASE_WORKER)


@pytest.fixture
def people(worker: User) -> list[Citizen]:
    return [factories.citizen(worker, first_name=f"Borger{i}") for i in range(3)]


def verify() -> tuple[int, str]:
    """Run ``hjemvej audit verify``; return its exit code and its output."""
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except SystemExit as stopped:
        return int(stopped.code or 0), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def tamper(sql: str, params: list[Any]) -> None:
    """Change the log behind the application's back, as a database superuser could (finding 5:
    ``session_replication_role = replica`` silences the append-only trigger)."""
    with connection.cursor() as cursor:
        if ON_POSTGRES:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if ON_POSTGRES:
            cursor.execute("SET session_replication_role = origin")


# --- what an entry may hold ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "detail"),
    [
        (AuditAction.UPDATE, {"end_reason": "evicted"}),  # a key not allowed at all
        (AuditAction.UPDATE, {"fields": ["move_out"], "end_reason": "evicted"}),
        (AuditAction.CREATE, {"kind": "eviction_warning"}),  # a value that reveals an eviction
        (AuditAction.CREATE, {"kind": "psychiatric_discharge"}),
        (AuditAction.UPDATE, {"fields": ["discharge_agreement_on"]}),  # a name that reveals it
        (AuditAction.VIEW, {"page": "Søren Hansen"}),  # a page that is no page
        (AuditAction.VIEW, {"shelter": "Herberget"}),  # an id that is no id
        (AuditAction.CREATE, {"fields": ["Søren"]}),
        (AuditAction.VIEW, {"source": 4}),  # an allowed key, but not for this action
        (AuditAction.EXPORT, {"format": "fængsel"}),
    ],
)
def test_a_disallowed_key_or_value_cannot_be_stored(
    worker: User, people: list[Citizen], action: str, detail: dict[str, object]
) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(AuditDetailRefused):
        audit.record(actor=worker, action=AuditAction(action), citizen=people[0], detail=detail)
    with pytest.raises(AuditDetailRefused):
        audit.record_many(
            actor=worker,
            action=AuditAction(action),
            citizen_ids=[c.pk for c in people],
            detail=detail,
        )
    assert AuditEntry.objects.count() == before


def test_allowed_details_are_stored_as_given(worker: User, people: list[Citizen]) -> None:
    entry = audit.record(
        actor=worker,
        action=AuditAction.UPDATE,
        citizen=people[0],
        obj=people[0],
        detail={"fields": ["case_worker"]},
    )
    entry.refresh_from_db()
    assert entry.detail == {"fields": ["case_worker"]}


# --- the hash chain ------------------------------------------------------------------------------


def some_entries(worker: User, people: list[Citizen]) -> list[AuditEntry]:
    audit.record(actor=worker, action=AuditAction.VIEW, citizen=people[0], obj=people[0])
    audit.record_many(
        actor=worker,
        action=AuditAction.VIEW,
        citizen_ids=[c.pk for c in people],
        detail={"page": "citizens:list"},
    )
    audit.record(
        actor=worker,
        action=AuditAction.UPDATE,
        citizen=people[1],
        obj=people[1],
        detail={"fields": ["first_name"]},
    )
    return list(AuditEntry.objects.order_by("id"))


def test_every_entry_is_chained_to_the_one_before(worker: User, people: list[Citizen]) -> None:
    entries = some_entries(worker, people)
    assert all(len(e.hash) == 64 for e in entries)
    assert len({e.hash for e in entries}) == len(entries)
    assert verify() == (0, f"Adgangsloggens kæde er hel: {len(entries)} poster kontrolleret.\n")


def test_verify_names_the_entry_whose_detail_was_altered(
    worker: User, people: list[Citizen]
) -> None:
    entries = some_entries(worker, people)
    altered = entries[-2]
    tamper(
        "UPDATE accounts_auditentry SET detail = %s WHERE id = %s",
        ['{"page": "start"}', altered.pk],
    )
    code, output = verify()
    assert code == 1
    assert f"post nr. {altered.pk}" in output
    assert "brudt" in output


def test_verify_names_the_entry_after_a_deleted_one(worker: User, people: list[Citizen]) -> None:
    entries = some_entries(worker, people)
    tamper("DELETE FROM accounts_auditentry WHERE id = %s", [entries[1].pk])
    code, output = verify()
    assert code == 1
    assert f"post nr. {entries[2].pk}" in output


def test_an_entry_inserted_around_the_chain_is_found(worker: User, people: list[Citizen]) -> None:
    some_entries(worker, people)
    with connection.cursor() as cursor:  # a row written by hand, with a made-up hash
        cursor.execute(
            "INSERT INTO accounts_auditentry (at, username, action, object_type, object_id, "
            "detail, citizen_ids, hash) VALUES (%s, 'x', 'view', '', '', '{}', '[]', %s)",
            ["2026-11-21 10:00:00+00:00", "0" * 64],
        )
    assert verify()[0] == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain() -> None:
    worker = factories.user("rita", Role.CASE_WORKER)
    citizen = factories.citizen(worker)
    barrier = threading.Barrier(8)
    failures: list[BaseException] = []

    def write() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                audit.record(actor=worker, action=AuditAction.VIEW, citizen=citizen, obj=citizen)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert verify()[0] == 0


# --- who read a citizen ---------------------------------------------------------------------------


def test_a_list_read_is_one_entry_naming_every_citizen(worker: User, people: list[Citizen]) -> None:
    audit.record_many(
        actor=worker,
        action=AuditAction.VIEW,
        citizen_ids=[c.pk for c in people],
        detail={"page": "citizens:list"},
    )
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert sorted(entry.citizen_ids) == sorted(c.pk for c in people)


def test_entries_about_finds_every_read_single_or_listed(
    worker: User, people: list[Citizen]
) -> None:
    single = audit.record(actor=worker, action=AuditAction.VIEW, citizen=people[0], obj=people[0])
    audit.record_many(
        actor=worker,
        action=AuditAction.VIEW,
        citizen_ids=[people[0].pk, people[1].pk],
        detail={"page": "citizens:list"},
    )
    listed = AuditEntry.objects.latest("id")
    audit.record(actor=worker, action=AuditAction.VIEW, citizen=people[2], obj=people[2])
    reads = AuditEntry.objects.filter(action=AuditAction.VIEW)
    assert set(audit.entries_about(people[0].pk) & reads) == {single, listed}
    assert set(audit.entries_about(people[1].pk) & reads) == {listed}
    assert (audit.entries_about(people[2].pk) & reads).count() == 1
    # An id that is the start of another's is not a match (12 is not 1).
    assert audit.entries_about(max(c.pk for c in people) + 1000).count() == 0


def test_the_log_page_filter_finds_list_reads(
    client: Client, worker: User, people: list[Citizen]
) -> None:
    audit.record_many(
        actor=worker,
        action=AuditAction.VIEW,
        citizen_ids=[c.pk for c in people],
        detail={"page": "citizens:list"},
    )
    client.force_login(factories.user("admin", Role.ADMIN))
    page = client.get(
        "/adgang/log/", {"citizen": str(people[1].pk), "action": "view"}
    ).content.decode()
    assert "1 logpost." in page
    assert "Læste den navngivne liste" in page


# --- retention: whole months, oldest first ---------------------------------------------------


def delete_without_the_purge_setting() -> None:
    from django.db import transaction

    with transaction.atomic():
        AuditEntry.objects.filter(at__month=9).delete()


def test_a_month_is_purged_oldest_first_and_the_rest_verifies_from_its_anchor(
    worker: User, people: list[Citizen]
) -> None:
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from django.db import DatabaseError

    cph = ZoneInfo("Europe/Copenhagen")
    for month in (9, 10, 11):
        for day in (3, 17):
            AuditEntry.objects.create(
                at=datetime(2026, month, day, 12, tzinfo=cph),
                user=worker,
                username=worker.username,
                action=AuditAction.VIEW,
                citizen=people[0],
            )
    if ON_POSTGRES:  # without the purge setting the trigger refuses, even for the owner
        with pytest.raises(DatabaseError):
            delete_without_the_purge_setting()
    # A prefix of the chain goes: every entry up to September's last (by id, the chain's order).
    last_of_september = AuditEntry.objects.filter(at__month=9).latest("id").pk
    kept = AuditEntry.objects.filter(pk__gt=last_of_september).count()
    deleted, anchor = audit.purge_month(date(2026, 9, 1), batch=1)
    assert deleted > 0
    assert AuditEntry.objects.count() == kept
    assert verify()[0] == 1  # from the start the chain now lacks its first links
    out = StringIO()
    call_command("audit", "verify", "--anker", anchor, stdout=out)
    assert out.getvalue() == f"Adgangsloggens kæde er hel: {kept} poster kontrolleret.\n"


def test_the_purge_command_deletes_what_is_past_the_logs_period_and_refuses_inside_it(
    worker: User, people: list[Citizen]
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.core.management.base import CommandError

    cph = ZoneInfo("Europe/Copenhagen")
    old = AuditEntry.objects.create(
        at=datetime(2019, 3, 3, 12, tzinfo=cph),
        user=worker,
        username=worker.username,
        action=AuditAction.VIEW,
        citizen=people[0],
    )
    recent = AuditEntry.objects.create(
        at=datetime(2026, 11, 3, 12, tzinfo=cph),
        user=worker,
        username=worker.username,
        action=AuditAction.VIEW,
        citizen=people[0],
    )
    with pytest.raises(CommandError, match="inden for loggens opbevaringsperiode"):
        call_command("audit", "purge", "--til", "2025-01")
    out = StringIO()
    call_command("audit", "purge", stdout=out)  # default: what lies wholly before the 5 years
    assert "slettet" in out.getvalue()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent.pk).exists()
    anchor = out.getvalue().rsplit(" ", 1)[-1].strip()
    verified = StringIO()
    call_command("audit", "verify", "--anker", anchor, stdout=verified)
    assert "kæde er hel: 1 poster" in verified.getvalue()

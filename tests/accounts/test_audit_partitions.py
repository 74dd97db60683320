"""The audit log sized for years: monthly partitions on PostgreSQL, and retention drops them whole.

Skipped on SQLite (the trial keeps one table), unless ``HJEMVEJ_REQUIRE_POSTGRES=1``: then the
session fixture in conftest fails the run instead.
"""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from hjemvej.accounts import audit, audit_partitions
from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from tests import factories

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="månedspartitioner findes kun på PostgreSQL"
)
CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def worker(db: None) -> User:
    return factories.user("raadgiver", Role.CASE_WORKER)


@pytest.fixture
def citizen(worker: User) -> Citizen:
    return factories.citizen(worker, first_name="Borger")


def entry(worker: User, citizen: Citizen, at: datetime) -> AuditEntry:
    return AuditEntry.objects.create(
        at=at, user=worker, username=worker.username, action=AuditAction.VIEW, citizen=citizen
    )


def partition_of(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM accounts_auditentry WHERE id = %s", [pk]
        )
        return str(cursor.fetchone()[0])


def before(month: date, count: int = 1) -> date:
    for _ in range(count):
        month = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    return month


def verify(anchor: str = "") -> str:
    out = StringIO()
    call_command("audit", "verify", *(["--anker", anchor] if anchor else []), stdout=out)
    return out.getvalue()


def test_the_log_is_partitioned_by_month_a_year_ahead(worker: User, citizen: Citizen) -> None:
    assert audit_partitions.is_partitioned()
    this_month = timezone.localdate().replace(day=1)
    months = audit_partitions.months()
    assert this_month in months
    assert months[-1] >= date(this_month.year + 1, this_month.month, 1)
    # An entry written now lands in this month's partition; one a minute after a Danish
    # midnight that begins a month lands in the new month, though UTC is still in the old one.
    now = entry(worker, citizen, timezone.now())
    assert partition_of(now.pk) == audit_partitions.partition_name(this_month)
    next_month = audit_partitions.next_month(this_month)
    early = entry(worker, citizen, datetime(next_month.year, next_month.month, 1, 0, 1, tzinfo=CPH))
    assert partition_of(early.pk) == audit_partitions.partition_name(next_month)


def test_an_entry_before_the_months_waits_in_the_default_and_moves_into_its_month(
    worker: User, citizen: Citizen
) -> None:
    first = audit_partitions.months()[0]
    earlier = before(first, 2)
    old = entry(worker, citizen, datetime(earlier.year, earlier.month, 10, 12, tzinfo=CPH))
    newer = entry(worker, citizen, timezone.now())
    assert partition_of(old.pk) == audit_partitions.DEFAULT
    out = StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("audit", "partitions", "--check", stdout=out, stderr=out)
    assert stopped.value.code == 1
    assert "1 poster venter i standardpartitionen" in out.getvalue()

    made = StringIO()
    call_command("audit", "partitions", "--fra", f"{earlier:%Y-%m}", stdout=made)
    assert f"Oprettet: {earlier:%Y-%m}." in made.getvalue()
    assert "1 poster flyttet fra standardpartitionen" in made.getvalue()
    assert partition_of(old.pk) == audit_partitions.partition_name(earlier)
    moved = AuditEntry.objects.get(pk=old.pk)
    assert (moved.hash, moved.at) == (old.hash, old.at)  # the same entry, the chain whole
    assert AuditEntry.objects.filter(pk=newer.pk).exists()
    assert verify().startswith("Adgangsloggens kæde er hel")
    call_command("audit", "partitions", "--check", stdout=StringIO())  # exits 0 now


def test_the_purge_drops_whole_months_and_the_rest_verifies_from_its_anchor(
    worker: User, citizen: Citizen
) -> None:
    first = audit_partitions.months()[0]
    gone, kept_month = before(first, 2), before(first, 1)
    with transaction.atomic():
        audit_partitions.ensure(timezone.localdate(), since=gone)
    # Written a moment after midnight but numbered before the month's last entry: it follows
    # the chain's order (id), so it goes with the month although it lies in the next partition.
    straggler = entry(
        worker, citizen, datetime(kept_month.year, kept_month.month, 1, 0, 0, tzinfo=CPH)
    )
    olds = [
        entry(worker, citizen, datetime(gone.year, gone.month, d, 12, tzinfo=CPH)) for d in (3, 17)
    ]
    kept = entry(worker, citizen, datetime(kept_month.year, kept_month.month, 5, 12, tzinfo=CPH))
    assert partition_of(olds[0].pk) == audit_partitions.partition_name(gone)

    prefix = AuditEntry.objects.filter(pk__lte=olds[-1].pk).count()  # the creation's entries too

    deleted, anchor = audit.purge_month(gone)

    assert deleted == prefix  # two in the dropped partition, the rest row by row
    assert gone not in audit_partitions.months()
    assert kept_month in audit_partitions.months()
    assert anchor == olds[-1].hash
    assert not AuditEntry.objects.filter(pk__in=[straggler.pk, *(o.pk for o in olds)]).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    assert verify(anchor) == (
        f"Adgangsloggens kæde er hel: {AuditEntry.objects.count()} poster kontrolleret.\n"
    )

"""``hjemvej audit verify``: check the audit log's hash chain and name the first broken link;
``hjemvej audit purge``: delete the entries past the log's own retention period.

Usage::

    hjemvej audit verify [--anker HASH]
    hjemvej audit purge [--til ÅÅÅÅ-MM]     # as the database's owner role (docs/operations.md)
    hjemvej audit partitions [--check] [--fra ÅÅÅÅ-MM]   # as the owner role, monthly (PostgreSQL)

Exit code 0 when every entry follows from the one before, 1 when a link is broken (the entry is
named by its number and time: it was changed, or the entry before it was deleted, or it was
inserted by hand), 2 for a wrong argument. ``--anker`` is the hash a retention purge left as
the start of the remaining chain (``audit.purge_month``). Nothing is printed about a citizen.

``purge`` deletes every entry up to the end of the month ``--til`` (default: the last month that
lies wholly before the period ``privacy.retention.audit_log_years``), oldest first, and prints the
new anchor to keep. A month inside the period is refused (exit 2). Only the table's owner can
purge: run as the application's role, PostgreSQL's trigger refuses and nothing is deleted. On
PostgreSQL the log is partitioned by month (``accounts.audit_partitions``) and the purge drops the
months' partitions whole.

``partitions`` creates the log's missing months a year ahead (``migrate`` does too) and says how
far they reach; an entry written past them waits in the default partition and is moved into its
month when the month is created; ``--fra`` creates the months from an earlier month too (for
entries dated before the first month, which wait in the default partition). ``--check`` creates
nothing and exits 1 when fewer than two
months lie ahead or entries wait in the default partition.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from hjemvej.core.management.cli import DanishCommand, Fejl

#: Exit code when the chain is broken (or the database refuses a purge).
BROKEN = 1
#: The log's own retention period (the rules' parameter files, privacy.yaml).
RETENTION_YEARS = "privacy.retention.audit_log_years"


class Command(DanishCommand):
    """Check the audit log."""

    help = (
        "Kontrollér adgangsloggen: 'audit verify [--anker HASH]' gennemgår hash-kæden og "
        "nævner det første brudte led (exitkode 1), ellers exitkode 0. 'audit purge "
        "[--til ÅÅÅÅ-MM]' sletter posterne ældre end loggens opbevaringsperiode (som ejerrollen)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Add the ``verify`` subcommand and its ``--anker``."""
        parser.add_argument(
            "what",
            metavar="verify|purge|partitions",
            help="det, der skal gøres: verify, purge eller partitions",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="partitions: opret intet; exitkode 1, hvis der mangler måneder forude",
        )
        parser.add_argument(
            "--fra", default="", metavar="ÅÅÅÅ-MM", help="partitions: opret måneder fra og med"
        )
        parser.add_argument(
            "--til", default="", metavar="ÅÅÅÅ-MM", help="purge: slet til og med denne måned"
        )
        parser.add_argument(
            "--anker",
            default="",
            metavar="HASH",
            help="kædens start efter en oprydning (hash for den sidst slettede post)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Walk the log in id order and report the first broken link."""
        from hjemvej.accounts.audit_chain import first_break
        from hjemvej.accounts.models import AuditEntry

        if options["what"] == "purge":
            self._purge(str(options["til"]).strip())
            return
        if options["what"] == "partitions":
            since = _month(str(options["fra"]).strip(), "--fra") if options["fra"] else None
            self._partitions(check=bool(options["check"]), since=since)
            return
        if options["what"] != "verify":
            raise Fejl(
                f"'{options['what']}' kendes ikke; brug 'hjemvej audit verify', 'purge' "
                "eller 'partitions'"
            )
        anchor = str(options["anker"]).strip().lower()
        if anchor and not re.fullmatch(r"[0-9a-f]{64}", anchor):
            raise Fejl("--anker skal være en hash på 64 tegn (0-9, a-f)")
        entries = AuditEntry.objects.order_by("id").iterator(chunk_size=5000)
        broken, checked = first_break(entries, anchor)
        if broken is None:
            self.stdout.write(f"Adgangsloggens kæde er hel: {checked} poster kontrolleret.")
            return
        at = timezone.localtime(broken.at)
        self.stderr.write(
            f"Adgangsloggens kæde er brudt ved post nr. {broken.entry_id} "
            f"({at:%d.%m.%Y %H:%M:%S}), post {broken.checked} i rækken: posten er ændret, "
            "posten før den er slettet, eller "
            "den er indsat uden om Hjemvej. Gem en kopi af databasen, og kontakt den "
            "databeskyttelsesansvarlige."
        )
        sys.exit(BROKEN)

    def _purge(self, until: str) -> None:
        from django.db import DatabaseError

        from hjemvej.accounts.audit import purge_month
        from hjemvej.core import dates
        from hjemvej.core.law import current_parameters

        today = dates.today()
        years = current_parameters().count(RETENTION_YEARS, today)
        # The newest month that may go: the one before the month the period begins in.
        first_kept = date(today.year - years, today.month, 1)
        newest = date(first_kept.year - (first_kept.month == 1), (first_kept.month - 2) % 12 + 1, 1)
        if until:
            month = _month(until, "--til")
            if month > newest:
                raise Fejl(
                    f"{until} ligger inden for loggens opbevaringsperiode på {years} år; "
                    f"den seneste måned, der må slettes, er {newest:%Y-%m}."
                )
        else:
            month = newest
        try:
            deleted, anchor = purge_month(month)
        except DatabaseError:
            self.stderr.write(
                "Databasen afviste sletningen: kun tabellens ejerrolle må slette i adgangsloggen. "
                "Kør kommandoen med ejerrollens DATABASE_URL (docs/operations.md)."
            )
            sys.exit(BROKEN)
        if not deleted:
            self.stdout.write(f"Ingen poster til og med {month:%Y-%m}; intet slettet.")
            return
        self.stdout.write(
            f"{deleted} poster til og med {month:%Y-%m} slettet. Kædens nye anker (gem det, og "
            f"brug det med 'hjemvej audit verify --anker'): {anchor}"
        )

    def _partitions(self, *, check: bool, since: date | None) -> None:
        from django.db import DatabaseError, transaction

        from hjemvej.accounts import audit_partitions
        from hjemvej.core import dates

        if not audit_partitions.is_partitioned():
            raise Fejl(
                "Adgangsloggen er kun delt i måneder på PostgreSQL; her er den én tabel, og "
                "der er intet at gøre."
            )
        today = dates.today()
        try:
            with transaction.atomic():
                status = (
                    audit_partitions.status()
                    if check
                    else audit_partitions.ensure(today, since=since)
                )
        except DatabaseError:
            self.stderr.write(
                "Databasen afviste at oprette måneder: kun tabellens ejerrolle må det. Kør "
                "kommandoen med ejerrollens DATABASE_URL (docs/operations.md)."
            )
            sys.exit(BROKEN)
        for month in status.created:
            self.stdout.write(f"Oprettet: {month:%Y-%m}.")
        if status.moved:
            self.stdout.write(
                f"{status.moved} poster flyttet fra standardpartitionen til deres måned."
            )
        if status.first and status.last:
            self.stdout.write(
                f"Adgangsloggen har måneder fra {status.first:%Y-%m} til {status.last:%Y-%m}; "
                f"{status.in_default} poster i standardpartitionen."
            )
        ahead = audit_partitions.months_ahead(status, today)
        if check and (ahead < audit_partitions.MONTHS_AHEAD_WARNING or status.in_default):
            self.stderr.write(
                f"Kun {ahead} måneder forude er oprettet, og {status.in_default} poster venter i "
                "standardpartitionen: kør 'hjemvej audit partitions' som ejerrollen."
            )
            sys.exit(BROKEN)


def _month(text: str, option: str) -> date:
    """Return the month ``ÅÅÅÅ-MM`` as its first day, or raise ``Fejl`` naming the option."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1900:
        raise Fejl(f"{option} skal være en måned som ÅÅÅÅ-MM, fx 2021-06")
    return date(int(found.group(1)), int(found.group(2)), 1)

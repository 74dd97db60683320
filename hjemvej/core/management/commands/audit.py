"""``hjemvej audit verify``: check the audit log's hash chain and name the first broken link.

Usage::

    hjemvej audit verify [--anker HASH]

Exit code 0 when every entry follows from the one before, 1 when a link is broken (the entry is
named by its number and time: it was changed, or the entry before it was deleted, or it was
inserted by hand), 2 for a wrong argument. ``--anker`` is the hash a retention purge left as
the start of the remaining chain (``audit.purge_month``). Nothing is printed about a citizen.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from hjemvej.core.management.cli import DanishCommand, Fejl

#: Exit code when the chain is broken.
BROKEN = 1


class Command(DanishCommand):
    """Check the audit log."""

    help = (
        "Kontrollér adgangsloggen: 'audit verify [--anker HASH]' gennemgår hash-kæden og "
        "nævner det første brudte led (exitkode 1), ellers exitkode 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Add the ``verify`` subcommand and its ``--anker``."""
        parser.add_argument("what", metavar="verify", help="det, der skal gøres: verify")
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

        if options["what"] != "verify":
            raise Fejl(f"'{options['what']}' kendes ikke; brug 'hjemvej audit verify'")
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

"""``hjemvej cprkey``: a new CPR key, and moving every CPR number to it (docs/operations.md).

Usage::

    hjemvej cprkey new                     # print a fresh key for HJEMVEJ_CPR_KEY
    hjemvej cprkey rotate [--dry-run] [--batch-size 500] [--limit N]

``rotate`` runs with the new key in ``HJEMVEJ_CPR_KEY`` and the old one in
``HJEMVEJ_CPR_OLD_KEYS``. It re-encrypts every CPR number and computes every keyed hash anew with
the new key (``hjemvej.citizens.keyrotation``), in batches, each its own transaction; an
interrupted run continues where it stopped when started again. Progress goes to stderr as counts
(never a CPR number), the summary to stdout. Without old keys there is nothing to rotate from:
a Danish error and exit code 2. Exit code 1 when numbers are left that no key reads, or were
changed during the run.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TextIO

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from hjemvej.core.errors import DomainError
from hjemvej.core.formatting import danish_number
from hjemvej.core.management.cli import DanishCommand, Fejl

if TYPE_CHECKING:
    from hjemvej.citizens.keyrotation import Rotation

#: How many citizen ids an error names at most.
SHOWN_IDS = 10

NO_OLD_KEYS = (
    "HJEMVEJ_CPR_OLD_KEYS er ikke sat, så der er ingen gammel nøgle at skifte fra. Sæt den nye "
    "nøgle i HJEMVEJ_CPR_KEY og den gamle i HJEMVEJ_CPR_OLD_KEYS på alle servere, genstart dem, "
    "og kør så kommandoen (se docs/operations.md, afsnittet om skift af CPR-nøglen)."
)


class Command(DanishCommand):
    """Make a new CPR key, or move every CPR number to the current key."""

    help = (
        "CPR-nøglen. 'cprkey new' skriver en ny nøgle til HJEMVEJ_CPR_KEY. 'cprkey rotate "
        "[--dry-run] [--batch-size N] [--limit N]' krypterer alle CPR-numre igen med "
        "HJEMVEJ_CPR_KEY, når den gamle nøgle står i HJEMVEJ_CPR_OLD_KEYS; et afbrudt skift "
        "fortsætter, hvor det slap."
    )

    # A new key needs no database; rotate runs the checks itself (a key no setting fits stops it).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        """Add the action (new or rotate) and rotate's options."""
        parser.add_argument("action", nargs="?", metavar="new|rotate", help="hvad der skal ske")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="tæl kun, hvor mange borgere der skal flyttes til den nye nøgle; skriv intet",
        )
        parser.add_argument(
            "--batch-size", metavar="N", default="500", help="borgere pr. transaktion (500)"
        )
        parser.add_argument(
            "--limit", metavar="N", help="stop efter N flyttede borgere (resten tager næste kørsel)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the action."""
        action = options["action"]
        if action == "new":
            from hjemvej.citizens.keyrotation import new_key

            self.stdout.write(new_key())
            return
        if action != "rotate":
            raise Fejl(
                "angiv hvad der skal ske: 'hjemvej cprkey new' eller 'hjemvej cprkey rotate'"
            )
        batch_size = _positive(options["batch_size"], "--batch-size")
        limit = _positive(options["limit"], "--limit") if options["limit"] else None
        self.check()  # the system checks, with the CPR key check: a wrong key stops here
        if not settings.CPR_OLD_KEYS:
            raise Fejl(NO_OLD_KEYS)
        self._rotate(batch_size=batch_size, limit=limit, dry_run=options["dry_run"])

    def _rotate(self, *, batch_size: int, limit: int | None, dry_run: bool) -> None:
        from hjemvej.citizens import keyrotation

        stderr: TextIO = getattr(self.stderr, "_out", sys.stderr)

        def report(done: Rotation) -> None:
            verb = "skal flyttes" if dry_run else "flyttet til den nye nøgle"
            stderr.write(
                f"{danish_number(done.examined)} af {danish_number(done.total)} borgere "
                f"gennemgået, {danish_number(done.moved)} {verb}\n"
            )
            stderr.flush()

        try:
            done = keyrotation.rotate(
                batch_size=batch_size, limit=limit, dry_run=dry_run, report=report
            )
        except DomainError as exc:
            raise CommandError(exc.message, returncode=1) from None
        self._summary(done, dry_run=dry_run)

    def _summary(self, done: Rotation, *, dry_run: bool) -> None:
        out = self.stdout
        total, moved, current = (danish_number(n) for n in (done.total, done.moved, done.current))
        if dry_run:
            out.write(
                f"Prøvekørsel: {moved} af {total} borgere skal flyttes til den nye nøgle, "
                f"{current} er allerede flyttet. Intet er skrevet."
            )
        else:
            out.write(
                f"{moved} borgere flyttet til den nye nøgle, {current} var allerede flyttet "
                f"({total} borgere med CPR-nummer)."
            )
        if done.unreadable:
            shown = ", ".join(str(pk) for pk in done.unreadable[:SHOWN_IDS])
            more = " …" if len(done.unreadable) > SHOWN_IDS else ""
            raise CommandError(
                f"{danish_number(len(done.unreadable))} borgeres CPR-nummer kan ingen af nøglerne "
                f"læse (borger-id {shown}{more}). Skiftet er ikke færdigt: behold de gamle nøgler, "
                "find den nøgle, numrene er krypteret med, sæt den i HJEMVEJ_CPR_OLD_KEYS, og kør "
                "kommandoen igen.",
                returncode=1,
            )
        if dry_run:
            return
        if done.stopped:
            out.write(
                "Stoppet ved --limit. Kør kommandoen igen for resten; de flyttede springes over."
            )
            return
        if done.left:
            raise CommandError(
                f"{danish_number(done.left)} borgere blev ændret med en gammel nøgle under "
                "kørslen (kører alle servere med den nye nøgle?). Kør kommandoen igen.",
                returncode=1,
            )
        out.write(
            "Skiftet er færdigt: alle CPR-numre og nøglekontrollen er på den nye nøgle. Fjern nu "
            "HJEMVEJ_CPR_OLD_KEYS på alle servere, og genstart dem."
        )


def _positive(text: str, name: str) -> int:
    value = text.strip()
    if not value.isdigit() or int(value) < 1:
        raise Fejl(f"{name}: '{text}' er ikke et positivt heltal")
    return int(value)

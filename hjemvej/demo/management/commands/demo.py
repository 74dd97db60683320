"""``hjemvej demo``: create Demo Kommune with shelters, citizens, stays, support and logins."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hjemvej.core.errors import DomainError


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' er ikke en dato (ÅÅÅÅ-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Opret demodata: Demo Kommune (kode 999) med boformer i og uden for kommunen, borgere i "
        "alle ni hjemløshedssituationer, ophold, støtteforløb, kontakter og samtykker. Demo-"
        "logins (raadgiver, bostoette, boform, leder, oekonomi, admin; adgangskode demo) "
        "oprettes kun i SQLite eller med --allow-demo-users."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=1, help="frø til tilfældighederne (standard 1)"
        )
        parser.add_argument(
            "--today", type=_date, help="dagen data bygges op til, ÅÅÅÅ-MM-DD (standard: i dag)"
        )
        parser.add_argument(
            "--scale",
            choices=("small", "national"),
            default="small",
            help="small: ca. 150 borgere via services; national: ca. 23.000 borgere og "
            "100.000 ophold til ydelsesmålinger",
        )
        parser.add_argument(
            "--citizens", type=int, help="antal borgere (standard 150 eller 23.000)"
        )
        parser.add_argument(
            "--reset", action="store_true", help="slet eksisterende demodata først (kun demodata)"
        )
        parser.add_argument(
            "--allow-demo-users",
            action="store_true",
            help="opret demo-logins med den kendte adgangskode, også når databasen ikke er SQLite",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="gør intet (og afslut med 0), når databasen allerede har borgere eller demodata",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hjemvej.citizens.models import Citizen
        from hjemvej.core.dates import today as real_today
        from hjemvej.demo import build as demo

        if options["if_empty"] and not options["reset"]:
            if demo.demo_municipality() is not None:
                return
            if Citizen.objects.exists():
                self.stdout.write("Databasen har allerede borgere; der oprettes ingen demodata.")
                return
        today: date = options["today"] or real_today()
        try:
            result = demo.create(
                today=today,
                seed=options["seed"],
                scale=options["scale"],
                citizens=options["citizens"],
                allow_demo_users=options["allow_demo_users"],
                reset=options["reset"],
                say=self.stdout.write,
                progress=self._progress,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata oprettet på {result.seconds:.1f} s: {result.citizens} borgere, "
                f"{result.stays} ophold (i dag = {today:%d.%m.%Y})."
            )
        )
        if result.logins:
            self.stdout.write(
                "Log ind som raadgiver, bostoette, boform, leder, oekonomi eller admin "
                "med adgangskoden demo."
            )

    def _progress(self, share: float) -> None:
        """Print the share done on one line (a progress bar that rewrites itself)."""
        width = 30
        filled = round(share * width)
        end = "\n" if share >= 1 else ""
        self.stdout.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {share:4.0%}", ending=end)
        self.stdout.flush()
        if share >= 1:
            sys.stdout.flush()

"""``hjemvej tasks``: the open tasks on a date, pseudonymous, as a text table or CSV.

Usage::

    hjemvej tasks --as-of 2026-11-21 [--format text|csv] [--municipality 751]

One row per open task: the citizen's pseudonym (never a name or CPR number), the kind (a
transition's task as ``transition``, never which kind of transition), the due
date and the status (overdue, due_soon, open). Without ``--municipality`` every municipality with
citizens is listed. A wrong argument gives a Danish error and exit code 2, and nothing else.
"""

from __future__ import annotations

import csv
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.management.base import CommandParser, OutputWrapper

from hjemvej.core.management.cli import DanishCommand, Fejl, municipality_by_code, parse_as_of

if TYPE_CHECKING:
    from hjemvej.accounts.models import Municipality
    from hjemvej.followup.tasks import TaskRow

FORMATS = ("text", "csv")
#: The kinds that would say which transition it is (a release from prison, a discharge from
#: psychiatry: crime and health data), printed as the one neutral kind next to the pseudonym.
NEUTRAL_KINDS: dict[str, str] = {
    "prison_housing": "transition",
    "prison_establishment": "transition",
    "prison_action_plan": "transition",
    "psychiatric_agreement": "transition",
}
CSV_HEADER = ("citizen", "kind", "due", "status")


def neutral(kind: str) -> str:
    """Return the task's kind as printed: a transition's kind as ``transition``."""
    return NEUTRAL_KINDS.get(kind, kind)


class Command(DanishCommand):
    """List the open tasks on a date."""

    help = (
        "Åbne opgaver på en dato: 'tasks --as-of ÅÅÅÅ-MM-DD [--format text|csv] "
        "[--municipality KODE]'. Borgerne vises med pseudonym, aldrig navn eller CPR-nummer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Add --as-of, --format and --municipality."""
        parser.add_argument("--as-of", dest="as_of", metavar="ÅÅÅÅ-MM-DD", help="dagen")
        parser.add_argument(
            "--format", dest="fmt", default="text", metavar="text|csv", help="standard: text"
        )
        parser.add_argument(
            "--municipality", metavar="KODE", help="kommunekoden (tre cifre, fx 751)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Check the arguments, then write the tasks as CSV or a text table."""
        from hjemvej.accounts.models import Municipality
        from hjemvej.citizens.models import Citizen
        from hjemvej.followup.tasks import municipality_tasks

        if not options["as_of"]:
            raise Fejl("--as-of mangler: angiv dagen, fx --as-of 2026-11-21")
        as_of = parse_as_of(options["as_of"])
        fmt = str(options["fmt"]).strip().lower()
        if fmt not in FORMATS:
            raise Fejl(f"--format: '{options['fmt']}' kendes ikke; vælg text eller csv")
        code = options["municipality"]
        if code is not None:
            municipalities = [municipality_by_code(code)]
        else:
            with_citizens = Citizen.objects.filter(merged_into__isnull=True).values(
                "acting_municipality"
            )
            municipalities = list(Municipality.objects.filter(pk__in=with_citizens))
        rows = [
            (municipality, row)
            for municipality in municipalities
            for row in municipality_tasks(municipality_id=municipality.pk, today=as_of)
        ]
        if fmt == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(CSV_HEADER)
            for _, row in rows:
                writer.writerow((row.pseudonym, neutral(row.kind), row.due.isoformat(), row.status))
            return
        self._text(self.stdout, as_of, rows)

    def _text(
        self, out: OutputWrapper, as_of: date, rows: list[tuple[Municipality, TaskRow]]
    ) -> None:
        """Write the tasks as a text table under a line with the counts."""
        overdue = sum(1 for _, row in rows if row.overdue)
        out.write(f"Åbne opgaver pr. {as_of:%d.%m.%Y}: {len(rows)}, heraf {overdue} overskredne\n")
        if not rows:
            return
        out.write(f"{'Borger':<14} {'Opgave':<22} {'Frist':<10} {'Status':<11} Kommune\n")
        for municipality, row in rows:
            out.write(
                f"{row.pseudonym:<14} {neutral(row.kind):<22} {row.due:%d.%m.%Y} "
                f"{row.status_label:<11} {municipality.code}\n"
            )

"""``hjemvej stats <subcommand>``: the statistics on the command line (see ``hjemvej.stats.cli``).

The figures are the pages' figures, made by the same selectors. Bad arguments give a Danish
error and exit code 2, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from hjemvej.core.management.cli import DanishCommand, DanishParser, Fejl
from hjemvej.stats.cli import subcommands


class Command(DanishCommand):
    help = "Statistik: listens bevægelser, resultatmål og indberetninger (se 'hjemvej stats -h')."

    # The project's system checks (every URL, template tag library and model: about 2 s, more than
    # most statistics take) run with ``hjemvej check``, ``migrate`` and before serving; here only
    # the one that guards the data: the CPR key must read the database (``citizens.keycheck``).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        """Add one subparser per module in ``hjemvej.stats.cli``."""
        sub = parser.add_subparsers(
            dest="subcommand", metavar="UNDERKOMMANDO", parser_class=DanishParser
        )
        sub.required = True
        for name, module in subcommands().items():
            child = sub.add_parser(name, help=module.HELP, description=module.HELP)
            child.called_from_command_line = parser.called_from_command_line
            module.add_arguments(child)

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen subcommand."""
        from hjemvej.citizens.keycheck import problems

        found = problems()
        if found:
            raise CommandError(str(found[0].msg))
        module = subcommands().get(options["subcommand"])
        if module is None:  # argparse refuses unknown names first; this keeps mypy honest
            raise Fejl(f"ukendt underkommando '{options['subcommand']}'")
        module.run(options, self.stdout, self.stderr)

"""The ``hjemvej import`` and ``hjemvej export`` commands: subcommands found in ``cli/``."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.management.base import CommandParser

from hjemvej.core.management.cli import DanishCommand, DanishParser, Fejl
from hjemvej.interchange.cli import subcommands


class SubcommandsCommand(DanishCommand):
    """A command whose subcommands are the modules of ``cli/`` with its ``COMMAND``."""

    command: ClassVar[str] = ""

    def add_arguments(self, parser: CommandParser) -> None:
        """Add one subparser per subcommand module."""
        sub = parser.add_subparsers(
            dest="subcommand", metavar="UNDERKOMMANDO", parser_class=DanishParser
        )
        sub.required = True
        for name, module in subcommands(self.command).items():
            child = sub.add_parser(name, help=module.HELP, description=module.HELP)
            child.called_from_command_line = parser.called_from_command_line
            module.add_arguments(child)

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen subcommand."""
        module = subcommands(self.command).get(options["subcommand"])
        if module is None:  # argparse refuses unknown names first; this keeps mypy honest
            raise Fejl(f"ukendt underkommando '{options['subcommand']}'")
        module.run(options, self.stdout, self.stderr)

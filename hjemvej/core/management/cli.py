"""What Hjemvej's management commands share: Danish errors that write nothing, and arguments.

A command built on :class:`DanishCommand` answers a wrong argument with ``Fejl: <message>`` on
stderr and exit code 2 (``BAD_INPUT``), whether argparse or the command finds it, and writes
nothing else.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

if TYPE_CHECKING:
    from hjemvej.accounts.models import Municipality

#: Exit code for arguments the user can correct; nothing was written.
BAD_INPUT = 2
#: What a command that counts for one municipality says when it cannot tell which.
NO_MUNICIPALITY = (
    "--municipality mangler: der er borgere i flere kommuner (eller ingen); angiv "
    "kommunekoden, fx --municipality 751"
)


class Fejl(CommandError):
    """A Danish error; Django prints it as ``Fejl: <message>`` and exits with its code."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=BAD_INPUT)


class DanishParser(CommandParser):
    """Django's command parser with argparse's errors in Danish, exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Stop with the error in Danish and a pointer to the command's help."""
        # Django's prog: "<program> <command>"; a subcommand adds its name: "hjemvej stats flows".
        command = " ".join(self.prog.split()[1:])
        text = f"Fejl: {in_danish(message)}. Se 'hjemvej {command} --help'."
        if self.called_from_command_line:  # before Django's handling of CommandError
            sys.stderr.write(text + "\n")
            sys.exit(BAD_INPUT)
        raise Fejl(text.removeprefix("Fejl: "))


class DanishCommand(BaseCommand):
    """A management command whose argument errors are Danish (``DanishParser``)."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Return the command's parser with Danish errors that write nothing."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = DanishParser  # the same parser, only its errors differ
        return parser


def in_danish(message: str) -> str:
    """Return argparse's English messages in Danish (the common ones)."""
    replacements = (
        ("unrecognized arguments:", "ukendte argumenter:"),
        ("expected one argument", "mangler en værdi"),
        ("argument ", ""),
        ("invalid choice:", "ugyldigt valg:"),
        ("choose from", "vælg mellem"),
    )
    for english, danish in replacements:
        message = message.replace(english, danish)
    return message


def parse_as_of(text: str) -> date:
    """Return the ``--as-of`` day (``ÅÅÅÅ-MM-DD`` or ``dd-mm-åååå``), or raise ``Fejl``."""
    from hjemvej.stays_csv.dates import parse_date

    try:
        return parse_date(text)
    except argparse.ArgumentTypeError as exc:
        raise Fejl(f"--as-of: {exc}") from None


def municipality_by_code(code: str) -> Municipality:
    """Return the ``--municipality`` with the code, or raise ``Fejl``."""
    from hjemvej.accounts.models import Municipality

    found = Municipality.objects.filter(code=code.strip()).first()
    if found is None:
        raise Fejl(f"--municipality: der er ingen kommune med koden '{code}'")
    return found


def command_line_actor() -> str:
    """Return how the audit log names a command run on the server: with its system user."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (e.g. in a container)
        name = "ukendt"
    return f"kommandolinjen ({name})"

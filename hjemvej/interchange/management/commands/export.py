"""``hjemvej export stays|records``: data out (subcommands in ``hjemvej.interchange.cli``)."""

from __future__ import annotations

from hjemvej.interchange.cli.base import SubcommandsCommand


class Command(SubcommandsCommand):
    help = (
        "Skriv data ud: ophold til refusionsberegningen (stays) eller kommunens poster (records)."
    )
    command = "export"

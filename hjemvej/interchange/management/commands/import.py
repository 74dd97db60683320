"""``hjemvej import records``: data in (subcommands in ``hjemvej.interchange.cli``)."""

from __future__ import annotations

from hjemvej.interchange.cli.base import SubcommandsCommand


class Command(SubcommandsCommand):
    help = "Læs data ind: kommunens poster fra en xlsx-projektmappe eller CSV-filer (records)."
    command = "import"

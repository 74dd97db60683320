"""The subcommands of ``hjemvej import`` and ``hjemvej export``, one module each.

A module here defines ``COMMAND`` (``import`` or ``export``), ``NAME`` (the subcommand),
``HELP`` (one Danish line), ``add_arguments(parser)`` and ``run(options, stdout, stderr)``; it
raises ``core.management.cli.Fejl`` for bad input (exit 2, nothing written). The commands find
the modules themselves (as ``hjemvej stats`` does), so a new subcommand is one new file.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def subcommands(command: str) -> dict[str, ModuleType]:
    """Return the command's subcommand modules by name, in name order."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if getattr(module, "COMMAND", None) == command:
            found[module.NAME] = module
    return dict(sorted(found.items()))

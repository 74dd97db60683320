"""The subcommands of ``hjemvej stats``, one module each.

A module here defines ``NAME`` (the subcommand), ``HELP`` (one Danish line),
``add_arguments(parser)`` and ``run(options, stdout, stderr) -> None``; it raises
``core.management.cli.Fejl`` for bad input (exit 2, nothing written). ``hjemvej stats`` finds the
modules itself, so a new subcommand is one new file.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def subcommands() -> dict[str, ModuleType]:
    """Return the subcommand modules by name, in name order."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME"):
            found[module.NAME] = module
    return dict(sorted(found.items()))

"""The user an import from the command line is recorded under in the audit log."""

from __future__ import annotations

from hjemvej.accounts.models import User
from hjemvej.accounts.services import system_user

#: Inactive, no password, never signs in: it only signs the command line's imports.
IMPORT_USERNAME = "hjemvej-indlaesning"


def command_line_importer() -> User:
    """Return the importing user of the command line (made, inactive, on first use)."""
    return system_user(IMPORT_USERNAME, "Indlæsning fra kommandolinjen")

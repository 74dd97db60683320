"""The user an import from the command line is recorded under in the audit log."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from hjemvej.accounts.models import Role, User

#: Inactive, no password, never signs in: it only signs the command line's imports.
IMPORT_USERNAME = "hjemvej-indlaesning"


def command_line_importer() -> User:
    """Return the importing user of the command line (made, inactive, on first use)."""
    user, _created = User.objects.get_or_create(
        username=IMPORT_USERNAME,
        defaults={
            "role": Role.ADMIN,
            "is_active": False,
            "first_name": "Indlæsning fra kommandolinjen",
            "password": make_password(None),
        },
    )
    return user

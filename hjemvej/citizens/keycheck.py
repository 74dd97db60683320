"""The CPR key is checked at start-up against a value stored in the database.

On the first ``migrate`` a known constant is stored encrypted with the key in use (``KeyCheck``).
Every start (``hjemvej check``, ``runserver``, ``hjemvej serve``, the WSGI entry point) decrypts
it, and a key that cannot is refused with a Danish message: a wrong key never shows as unreadable
CPR numbers, a CPR search that finds nothing, or a second citizen with an existing CPR number. A
database from before the check value is checked by one of its CPR numbers instead, and gets its
check value on the next ``migrate`` only if the key reads that number.

During a key rotation an old key (``HJEMVEJ_CPR_OLD_KEYS``) that reads the check value lets the
start go on; once every CPR number is on the current key, ``hjemvej cprkey rotate`` writes the
check value anew with it (``renew_check_value``), and the old keys can go.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from hjemvej.citizens import cpr
from hjemvej.citizens.models import Citizen, KeyCheck
from hjemvej.core.errors import DomainError

CONSTANT = "hjemvej nøglekontrol"

WRONG_KEY = (
    "HJEMVEJ_CPR_KEY passer ikke til databasen: nøglen kan ikke læse databasens CPR-numre. "
    "Hjemvej starter ikke med en forkert nøgle. Sæt den nøgle, databasen er oprettet med "
    "(se docs/operations.md, afsnittet om nøgler). Under et skift af nøglen står den nye nøgle "
    "i HJEMVEJ_CPR_KEY og den gamle i HJEMVEJ_CPR_OLD_KEYS."
)


def _reads(token: str, expected: str | None = None) -> bool:
    try:
        value = cpr.decrypt(token)
    except DomainError:
        return False
    return expected is None or value == expected


def _sample_token(using: str) -> str | None:
    """Return one stored CPR token, or None when the database holds no CPR number."""
    token: str | None = (
        Citizen.objects.using(using)
        .exclude(cpr_token="")
        .values_list("cpr_token", flat=True)
        .first()
    )
    return token


def _migrated(using: str) -> bool:
    return KeyCheck._meta.db_table in connections[using].introspection.table_names()


def key_fits(using: str = DEFAULT_DB_ALIAS) -> bool | None:
    """Return whether the key reads the database; None when there is nothing to check yet."""
    if not _migrated(using):
        return None
    row = KeyCheck.objects.using(using).order_by("pk").first()
    if row is not None:
        return _reads(row.token, CONSTANT)
    token = _sample_token(using)
    return None if token is None else _reads(token)


def problems(using: str = DEFAULT_DB_ALIAS) -> list[checks.CheckMessage]:
    """Return the system check's findings on the CPR key."""
    try:
        fits = key_fits(using)
    except DatabaseError:
        # Not created yet (`hjemvej check` right after install) or down: nothing to compare the
        # key with. The WSGI start-up refuses then (refuse_a_wrong_key); a command may go on.
        return []
    if fits is False:
        return [checks.Error(WRONG_KEY, id="hjemvej.E001")]
    return []


def check_cpr_key(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The system check (run by ``hjemvej check`` and before every command that serves)."""
    return problems()


def store_check_value(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Store the check value once (after ``migrate``), unless the key cannot read the database."""
    if not _migrated(using) or KeyCheck.objects.using(using).exists():
        return
    token = _sample_token(using)
    if token is not None and not _reads(token):
        return  # a wrong key: the check refuses it, and nothing records it as right
    KeyCheck.objects.using(using).create(token=cpr.encrypt(CONSTANT))


def check_value_on_current_key(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Return whether the stored check value is encrypted with the current key (not an old one)."""
    row = KeyCheck.objects.using(using).order_by("pk").first()
    return row is not None and cpr.on_current_key(row.token)


def renew_check_value(using: str = DEFAULT_DB_ALIAS) -> None:
    """Write the check value with the current key (after a complete rotation); refuse a wrong key.

    Raise ImproperlyConfigured when no key of the settings reads the stored value: the value of a
    wrong key is never recorded as right.
    """
    rows = KeyCheck.objects.using(using).order_by("pk")
    if any(not _reads(row.token, CONSTANT) for row in rows):
        raise ImproperlyConfigured(WRONG_KEY)
    with transaction.atomic(using=using):
        rows.delete()
        KeyCheck.objects.using(using).create(token=cpr.encrypt(CONSTANT))


def refuse_a_wrong_key() -> None:
    """Raise ImproperlyConfigured unless the key is known to fit the database (WSGI start-up).

    Fails closed: a database that does not answer stops the start too, as a server started then
    would serve with a key nobody checked once the database is back (systemd starts it again).
    """
    try:
        fits = key_fits()
    except DatabaseError:
        raise ImproperlyConfigured(
            "Databasen svarer ikke, så HJEMVEJ_CPR_KEY kan ikke kontrolleres; Hjemvej starter ikke "
            "uden. Tjek DATABASE_URL, og at PostgreSQL kører."
        ) from None
    finally:
        connections[DEFAULT_DB_ALIAS].close()  # no connection is carried into a worker
    if fits is False:
        raise ImproperlyConfigured(WRONG_KEY)

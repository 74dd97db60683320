"""Moving every CPR number to the current key: ``hjemvej cprkey rotate`` (docs/operations.md).

With the new key in ``HJEMVEJ_CPR_KEY`` and the old one in ``HJEMVEJ_CPR_OLD_KEYS`` every citizen's
CPR token is encrypted anew and its keyed hash computed anew with the current key, in batches of
rows in order of id, each batch its own transaction (its rows locked on PostgreSQL). A row already
on the current key is left as it is, so a run that stopped (or ``limit``) simply continues where
it stopped the next time. After a complete run a check pass counts the rows left on an old key;
with none left the key check value is written with the current key (``keycheck``), and the old
keys can be removed. Nothing here logs or returns a CPR number: only counts and citizen ids.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction

from hjemvej.citizens import cpr, keycheck
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError

#: Rows per transaction.
BATCH = 500

DUPLICATE = (
    "To borgere har samme CPR-nummer, den ene under en gammel nøgle og den anden under den nye "
    "(borger-id {pairs}); det sker kun, hvis en server kørte uden den nye nøgle under skiftet. "
    "Skiftet er stoppet, og intet i den sidste portion er ændret. Ret dubletten, og kør "
    "kommandoen igen: de borgere, der allerede er flyttet, springes over."
)


@dataclass
class Rotation:
    """What a run did (or, dry, would do): counts of citizens with a CPR number, never a number."""

    total: int
    examined: int = 0
    moved: int = 0  # re-encrypted and re-hashed with the current key (or would be)
    current: int = 0  # already on the current key
    unreadable: list[int] = field(default_factory=list)  # ids no key reads
    stopped: bool = False  # the limit was reached before every row was examined
    left: int | None = None  # rows still on an old key after the check pass (None: no pass)
    check_value_renewed: bool = False


def new_key() -> str:
    """Return a fresh CPR key: 32 random bytes in urlsafe base64, as ``HJEMVEJ_CPR_KEY`` takes."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def rotate(
    *,
    batch_size: int = BATCH,
    limit: int | None = None,
    dry_run: bool = False,
    report: Callable[[Rotation], None] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> Rotation:
    """Move every CPR token and keyed hash to the current key; return the counts.

    ``limit`` stops after that many rows are moved (the next run goes on from there). ``report``
    is called after every batch. ``dry_run`` counts without writing.
    """
    citizens = Citizen.objects.using(using).exclude(cpr_token="")
    result = Rotation(total=citizens.count())
    last = 0
    while not result.stopped:
        with transaction.atomic(using=using):
            batch = list(
                citizens.select_for_update()
                .filter(pk__gt=last)
                .order_by("pk")
                .only("pk", "cpr_token", "cpr_hash")[:batch_size]
            )
            if not batch:
                break
            changed: list[Citizen] = []
            for citizen in batch:
                if limit is not None and result.moved >= limit:
                    result.stopped = True
                    break
                last = citizen.pk
                result.examined += 1
                if _move(citizen, result):
                    changed.append(citizen)
            if changed and not dry_run:
                try:
                    with transaction.atomic(using=using):
                        Citizen.objects.using(using).bulk_update(changed, ["cpr_token", "cpr_hash"])
                except IntegrityError:
                    raise DomainError(_duplicate(changed, using)) from None
        if report is not None:
            report(result)
    if not (dry_run or result.stopped or result.unreadable):
        result.left = left_on_old_keys(using=using)
        if result.left == 0 and not keycheck.check_value_on_current_key(using):
            keycheck.renew_check_value(using)
            result.check_value_renewed = True
    return result


def _duplicate(changed: list[Citizen], using: str) -> str:
    """Return the message naming (by id) the citizens whose new hash another citizen holds."""
    by_hash = {c.cpr_hash: c.pk for c in changed}
    holders = Citizen.objects.using(using).filter(cpr_hash__in=list(by_hash))
    pairs = [f"{by_hash[digest]} og {pk}" for pk, digest in holders.values_list("pk", "cpr_hash")]
    return DUPLICATE.format(pairs=", ".join(pairs) or "ukendt")


def _move(citizen: Citizen, result: Rotation) -> bool:
    """Put the citizen's token and hash on the current key; return whether anything changed."""
    try:
        number = cpr.decrypt(citizen.cpr_token)
    except DomainError:
        result.unreadable.append(citizen.pk)
        return False
    on_current = cpr.on_current_key(citizen.cpr_token)
    digest = cpr.lookup_hash(number)
    if on_current and citizen.cpr_hash == digest:
        result.current += 1
        return False
    if not on_current:
        citizen.cpr_token = cpr.encrypt(number)
    citizen.cpr_hash = digest
    result.moved += 1
    return True


def left_on_old_keys(*, using: str = DEFAULT_DB_ALIAS) -> int:
    """Return how many citizens' CPR tokens are not on the current key (the check pass)."""
    tokens = (
        Citizen.objects.using(using)
        .exclude(cpr_token="")
        .values_list("cpr_token", flat=True)
        .iterator(chunk_size=2000)
    )
    return sum(1 for token in tokens if not cpr.on_current_key(token))

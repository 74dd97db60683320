"""CPR numbers: validation, encryption at rest, a keyed hash for exact lookup, masking.

The key comes from ``settings.CPR_KEY``; two subkeys are derived from it (HKDF), one to encrypt
and one to hash, so the lookup hash cannot be reversed by trying all 10-digit numbers without the
key. A CPR number is never logged, printed or put in a URL.

During a key rotation ``settings.CPR_OLD_KEYS`` holds the keys used before: new numbers are
encrypted and hashed with ``CPR_KEY`` only, while a number under an old key still decrypts
(``MultiFernet``, made for this) and is still found (``lookup_hashes``: every key's hash, the
current first). ``hjemvej cprkey rotate`` (``citizens.keyrotation``) moves every number to the
current key, after which the old keys are removed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from hjemvej.core import cpr_text
from hjemvej.core.errors import DomainError


@cache
def _keys(master: str) -> tuple[Fernet, bytes]:
    raw = base64.urlsafe_b64decode(master.encode())
    if len(raw) != 32:
        raise ValueError("HJEMVEJ_CPR_KEY skal være 32 bytes i urlsafe base64")

    def derive(info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(raw)

    fernet = Fernet(base64.urlsafe_b64encode(derive(b"hjemvej cpr encryption")))
    return fernet, derive(b"hjemvej cpr lookup")


def normalise(raw: str) -> str:
    """Return the CPR number as 10 digits, or raise DomainError with a Danish message."""
    try:
        return str(stdnum_cpr.validate(raw))
    except InvalidLength:
        message = "CPR-nummeret skal have 10 cifre (DDMMÅÅ-XXXX)."
    except InvalidFormat:
        message = "CPR-nummeret må kun indeholde cifre og en bindestreg."
    except InvalidComponent:
        message = "CPR-nummerets datodel er ikke en gyldig fødselsdato."
    except ValidationError:
        message = "CPR-nummeret er ugyldigt."
    raise DomainError(message, field="cpr")


@cache
def _ring(current: str, old: tuple[str, ...]) -> tuple[MultiFernet, tuple[bytes, ...]]:
    pairs = [_keys(master) for master in (current, *old)]
    return MultiFernet([fernet for fernet, _ in pairs]), tuple(key for _, key in pairs)


def _key_ring() -> tuple[MultiFernet, tuple[bytes, ...]]:
    """Return the current key then the old ones: for decrypting, and the hash keys in that order."""
    return _ring(settings.CPR_KEY, tuple(settings.CPR_OLD_KEYS))


def encrypt(cpr: str) -> str:
    """Return the encrypted token of a normalised CPR number (always with the current key)."""
    fernet, _ = _keys(settings.CPR_KEY)
    return fernet.encrypt(cpr.encode()).decode()


def decrypt(token: str) -> str:
    """Return the CPR number of a token (only for the logged 'show full CPR' action and exports).

    The current key is tried first, then the old keys of a rotation in progress.
    """
    ring, _ = _key_ring()
    try:
        return ring.decrypt(token.encode()).decode()
    except InvalidToken:
        raise DomainError("CPR-nummeret kan ikke dekrypteres med den nuværende nøgle.") from None


def on_current_key(token: str) -> bool:
    """Return whether the token is encrypted with the current key (a rotation has moved it)."""
    fernet, _ = _keys(settings.CPR_KEY)
    try:
        fernet.decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def _digest(key: bytes, cpr: str) -> str:
    return hmac.new(key, cpr.encode(), hashlib.sha256).hexdigest()


def lookup_hash(cpr: str) -> str:
    """Return the keyed hash of a normalised CPR number with the current key (what is stored)."""
    _, key = _keys(settings.CPR_KEY)
    return _digest(key, cpr)


def lookup_hashes(cpr: str) -> list[str]:
    """Return the number's keyed hash under every key, the current first, for exact lookup.

    Look up with ``cpr_hash__in=lookup_hashes(cpr)``: during a rotation a citizen not yet moved
    to the current key is found by an old key's hash. Outside a rotation it is one hash.
    """
    _, keys = _key_ring()
    return [_digest(key, cpr) for key in keys]


def mask(cpr: str) -> str:
    """Return the CPR number with its last four digits hidden: 010190-****."""
    return f"{cpr[:6]}-****"


def birth_date_part(cpr: str) -> str:
    """Return the date part DDMMÅÅ, which is what the masked display shows."""
    return cpr[:6]


def birth_date(raw: str) -> date | None:
    """Return the birth date a valid CPR number holds, else None (the form says what is wrong)."""
    try:
        return stdnum_cpr.get_birth_date(normalise(raw))
    except (DomainError, ValueError):
        return None


def in_text(text: str) -> bool:
    """Return whether free text holds what may be a CPR number (refuse it in notes and letters).

    The one detector is ``core.cpr_text`` (dashes of every kind, dots, spaces); the log filter
    below ``citizens`` uses it too.
    """
    return cpr_text.in_text(text)


def looks_like_cpr(text: str) -> bool:
    """Return whether a search field holds a CPR number or its date part (never in a URL)."""
    return cpr_text.looks_like_cpr(text)

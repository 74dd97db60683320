"""A value quoted back in a message, shortened: a 50 MB bad field is never echoed whole.

The one helper for every message that quotes what someone typed or a file held: the stays file's
problems (``read``), the command line, and the forms' messages (``core.forms``, the scenario
fields). It lives on this low floor, without Django, so all of them can use it.
"""

from __future__ import annotations

#: The most characters of a value a message quotes.
LIMIT = 40


def shorten(value: str, limit: int = LIMIT) -> str:
    """Return the value, or its first ``limit`` characters and how long it was: 'xxx… (50 tegn)'."""
    if len(value) <= limit:
        return value
    return f"{value[:limit]}… ({len(value)} tegn)"

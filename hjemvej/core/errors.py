"""Domain errors: what services raise when input breaks a rule, in Danish, per field."""

from __future__ import annotations


class DomainError(Exception):
    """A rule was broken; ``field`` names the form field it belongs to, if any."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundOrDenied(Exception):
    """The object does not exist or is outside the user's scope (both look the same: 404)."""

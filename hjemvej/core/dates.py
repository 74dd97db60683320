"""Today's date in Copenhagen: what views pass to services as ``today``."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    """Return today's date in the configured time zone (Europe/Copenhagen)."""
    return timezone.localdate()

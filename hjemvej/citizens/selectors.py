"""Queries over the person record that every room may use."""

from __future__ import annotations

from django.db.models import Q

from hjemvej.accounts.models import Municipality
from hjemvej.citizens.models import Citizen


def name_terms(q: str) -> Q:
    """Match every word of ``q`` against first name, last name or alias, ignoring case."""
    condition = Q()
    for term in q.split():
        # SQLite's LIKE folds only ASCII letters; the spellings staff type cover Æ, Ø and Å.
        spellings = dict.fromkeys(
            [term, term.lower(), term.upper(), term.capitalize(), term.title()]
        )
        any_field = Q()
        for spelling in spellings:
            for name in ("first_name", "last_name", "alias"):
                any_field |= Q(**{f"{name}__icontains": spelling})
        condition &= any_field
    return condition


def sole_acting_municipality() -> Municipality | None:
    """Return the one municipality that is acting municipality for citizens (None: none or more).

    The command line's default when no ``--municipality`` is given (``hjemvej economy report``,
    ``hjemvej stats``).
    """
    ids = list(
        Citizen.objects.filter(merged_into__isnull=True)
        .order_by()
        .values_list("acting_municipality", flat=True)
        .distinct()[:2]
    )
    return Municipality.objects.get(pk=ids[0]) if len(ids) == 1 else None

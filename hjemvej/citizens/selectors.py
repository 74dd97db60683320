"""Queries over the person record that every room may use."""

from __future__ import annotations

from django.db.models import Q


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

"""Queries over the person record that every room may use."""

from __future__ import annotations

from django.db.models import Q

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, allowed, citizens_for


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


def named_citizens(user: User, citizen_ids: list[int]) -> dict[int, str]:
    """Return the names of those citizens the user may see by name (none for economists)."""
    if not citizen_ids or not allowed(user, Action.VIEW_CITIZEN):
        return {}
    return {
        c.pk: c.display_name
        for c in citizens_for(user)
        .filter(pk__in=citizen_ids)
        .only("pk", "first_name", "last_name", "alias")
    }

"""Template filters for Danish text beyond money and numbers."""

from __future__ import annotations

from django import template

from hjemvej.core.formatting import count_noun

register = template.Library()


@register.filter
def antal(count: int | str, nouns: str) -> str:
    """Return a count with its noun: ``{{ n|antal:"række,rækker" }}`` gives 1 række, 2 rækker."""
    singular, _, plural = nouns.partition(",")
    try:
        return count_noun(int(count), singular, plural)
    except ValueError:  # a count already written as text (1.234): only one is singular
        return f"{count} {singular if str(count) == '1' else plural}"

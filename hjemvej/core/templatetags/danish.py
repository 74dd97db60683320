"""Template filters for Danish text and whole numbers."""

from __future__ import annotations

from django import template

from hjemvej.core.formatting import count_noun, danish_number

register = template.Library()


@register.filter
def antal(count: int | str, nouns: str) -> str:
    """Return a count with its noun: ``{{ n|antal:"række,rækker" }}`` gives 1 række, 2 rækker."""
    singular, _, plural = nouns.partition(",")
    try:
        return count_noun(int(count), singular, plural)
    except ValueError:  # a count already written as text (1.234): only one is singular
        return f"{count} {singular if str(count) == '1' else plural}"


@register.filter
def tal(value: int | None) -> str:
    """Return a whole number with Danish thousands separators: ``{{ 1234|tal }}`` gives 1.234."""
    return "–" if value is None else danish_number(value)

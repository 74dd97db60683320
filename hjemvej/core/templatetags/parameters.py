"""Template filters for parameter values: their titles, so a page names what a number is."""

from __future__ import annotations

from django import template

from hjemvej.rules.parameters import default_parameters

register = template.Library()


@register.filter
def parameter_title(name: str) -> str:
    """Return the Danish title of the parameter with this name, or the name when unknown."""
    params = default_parameters()
    return params[name].title if name in params else name

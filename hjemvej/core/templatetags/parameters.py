"""Template filters for parameter values: their titles and what their status means."""

from __future__ import annotations

from django import template

from hjemvej.core import law
from hjemvej.rules.parameters import ParameterValue, default_parameters

register = template.Library()


@register.filter
def parameter_title(name: str) -> str:
    """Return the Danish title of the parameter with this name, or the name when unknown."""
    params = default_parameters()
    return params[name].title if name in params else name


@register.filter
def status_notice(value: ParameterValue) -> str:
    """Return what the value's status means, in the one Danish wording (``law.STATUS_NOTICES``)."""
    return law.status_notice(value)

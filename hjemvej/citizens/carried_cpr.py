"""A CPR number carried from a search that found nobody to the form that creates or admits.

The number never goes into an address and is never written back into a page in full: the session
holds it encrypted under a random token, for a short while; the address carries only the token,
and the form shows the number masked (``DDMMÅÅ-****``) in a field the browser cannot change.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.contrib.sessions.backends.base import SessionBase

from hjemvej.citizens import cpr as cpr_codec
from hjemvej.core.errors import DomainError

#: The query parameter that carries the token (never the number).
PARAMETER = "opslag"
#: How long a search's number may be used to create or admit (a technical limit, not law).
LIFETIME = timedelta(minutes=15)
_SESSION_KEY = "citizens.carried_cpr"
HELP = "Fra din søgning. Nummeret vises skjult og bruges, når du gemmer."
EXPIRED = "Søgningen er for gammel. Skriv CPR-nummeret igen."


def _live(session: SessionBase, now: datetime) -> dict[str, dict[str, Any]]:
    stored = session.get(_SESSION_KEY) or {}
    return {
        token: entry
        for token, entry in stored.items()
        if isinstance(entry, dict) and float(entry.get("until", 0)) > now.timestamp()
    }


def carry(session: SessionBase, cpr: str, *, now: datetime) -> str:
    """Keep the (normalised) number in the session, encrypted; return the token that finds it."""
    token = secrets.token_urlsafe(16)
    live = _live(session, now)
    live[token] = {"cpr": cpr_codec.encrypt(cpr), "until": (now + LIFETIME).timestamp()}
    session[_SESSION_KEY] = live
    return token


def carried(session: SessionBase, token: str, *, now: datetime) -> str | None:
    """Return the number under the token, or None when there is none or it has expired."""
    entry = _live(session, now).get(token) if token else None
    if entry is None:
        return None
    try:
        return cpr_codec.decrypt(str(entry["cpr"]))
    except DomainError:
        return None


def drop(session: SessionBase, token: str) -> None:
    """Forget the number under the token (it has been used)."""
    stored = dict(session.get(_SESSION_KEY) or {})
    if stored.pop(token, None) is not None:
        session[_SESSION_KEY] = stored


class CarriedCprInput(forms.TextInput):
    """Show the carried number masked; the field is disabled: its value comes from the server."""

    def format_value(self, value: Any) -> str | None:
        return cpr_codec.mask(str(value)) if value else None


def use_in_form(form: forms.Form, cpr: str) -> None:
    """Put the carried number in the form's ``cpr`` field: shown masked, not editable."""
    field = form.fields["cpr"]
    field.disabled = True
    had_focus = bool(field.widget.attrs.pop("autofocus", None))
    field.widget = CarriedCprInput(attrs=field.widget.attrs)
    field.help_text = HELP
    form.initial["cpr"] = cpr
    if had_focus:  # the disabled field cannot take the focus: the next field does
        following = next((f for f in form.fields.values() if not f.disabled), None)
        if following is not None:
            following.widget.attrs["autofocus"] = True

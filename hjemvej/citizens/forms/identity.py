"""Who a citizen is: the CPR number, first and last name and alias, as every form asks for them.

The citizen's details (create and edit, in ``citizen.py``) and shelter staff's admission of a new
citizen (``shelters.forms.AdmitNewForm``) build on these; a form changes only the help texts
(``cpr_help_text``, ``alias_help_text``) and, for a new citizen, the message when all four are
blank (``identity_missing``).
"""

from __future__ import annotations

from typing import Any

from django import forms

from hjemvej.core.forms import HjemvejForm

RETYPE_CPR = "Skriv CPR-nummeret igen. Det vises ikke på siden igen af hensyn til databeskyttelsen."


class CprInput(forms.TextInput):
    """A CPR field that never writes the number back into the page (a failed form is retyped)."""

    def format_value(self, value: Any) -> str | None:
        return None


class IdentityForm(HjemvejForm):
    """The CPR number (never written back into the page), the name and the alias."""

    cpr_help_text = "10 cifre, fx 010190-1234. Lad feltet stå tomt for en borger uden CPR-nummer."
    alias_help_text = "Det navn borgeren kendes under, fx for en borger uden CPR-nummer."

    cpr = forms.CharField(
        label="CPR-nummer",
        required=False,
        max_length=11,
        widget=CprInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    first_name = forms.CharField(label="Fornavn", required=False, max_length=100)
    last_name = forms.CharField(label="Efternavn", required=False, max_length=100)
    alias = forms.CharField(label="Alias", required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cpr"].help_text = self.cpr_help_text
        self.fields["alias"].help_text = self.alias_help_text

    def clean_cpr(self) -> str:
        value: str = self.cleaned_data.get("cpr", "")
        return value.strip()


class NewCitizenIdentityForm(IdentityForm):
    """A new citizen's identity: at least one of the four, and a typed CPR number asked again.

    The number is not shown again on a form that comes back (``CprInput``), so any error asks
    for it once more on its own field.
    """

    identity_missing = "Angiv CPR-nummer, navn eller et alias."

    def add_error(self, field: str | None, error: Any) -> None:
        """Add the error; a typed CPR number is not shown again, so ask for it once more."""
        super().add_error(field, error)
        typed = str(self.data.get(self.add_prefix("cpr"), "")).strip()
        if field != "cpr" and typed and "cpr" not in (getattr(self, "_errors", None) or {}):
            super().add_error("cpr", RETYPE_CPR)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (
            data.get("cpr") or data.get("alias") or data.get("first_name") or data.get("last_name")
        ):
            self.add_error("cpr", self.identity_missing)
        return data

"""A citizen's risk of homelessness: record it and end it (``citizens.prevention``)."""

from __future__ import annotations

from django import forms

from hjemvej.citizens.models import RiskKind, RiskOutcome
from hjemvej.core.forms import DateField, HjemvejForm, as_choices


class RiskAddForm(HjemvejForm):
    """A new risk of homelessness for a citizen."""

    kind = forms.ChoiceField(
        label="Risiko for hjemløshed", choices=as_choices(RiskKind.choices, blank="Vælg risiko")
    )
    noted_on = DateField(label="Registreret")
    expected_on = DateField(
        label="Forventet dato",
        required=False,
        help_text="Fx datoen for udsættelsen, løsladelsen, udskrivningen eller 18-årsdagen.",
    )
    note = forms.CharField(
        label="Bemærkning", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class RiskEndForm(HjemvejForm):
    """The end of a risk of homelessness and how it ended."""

    ended_on = DateField(
        label="Afsluttet", help_text="Den første dag, risikoen ikke længere gælder."
    )
    outcome = forms.ChoiceField(
        label="Hvordan endte det?", choices=as_choices(RiskOutcome.choices, blank="Vælg udfald")
    )

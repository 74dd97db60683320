"""The citizen's consents to share information."""

from __future__ import annotations

from django import forms

from hjemvej.core.forms import DateField, HjemvejForm


class ConsentAddForm(HjemvejForm):
    """The citizen's consent to share information."""

    recipient = forms.CharField(
        label="Med hvem", max_length=200, help_text="Fx jobcentret, psykiatrien eller en boform."
    )
    scope = forms.CharField(
        label="Hvad må deles", max_length=300, help_text="Fx oplysninger om boligsituationen."
    )
    given_on = DateField(label="Givet")


class ConsentWithdrawForm(HjemvejForm):
    """The date a consent was withdrawn."""

    withdrawn_on = DateField(label="Trukket tilbage")

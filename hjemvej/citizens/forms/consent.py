"""The citizen's consents to share information."""

from __future__ import annotations

from django import forms

from hjemvej.citizens.models import ConsentKind
from hjemvej.core.forms import DateField, HjemvejForm, as_choices


class ConsentAddForm(HjemvejForm):
    """The citizen's consent to share information, and what it opens in Hjemvej."""

    kind = forms.ChoiceField(
        label="Hvad åbner samtykket i Hjemvej",
        choices=as_choices(ConsentKind.choices),
        initial=ConsentKind.OTHER,
        help_text="Et samtykke til boformen åbner kommunens og bostøttens kontaktnotater og "
        "støtteforløb for boformen, hvor borgeren bor. Et samtykke til kommunerne åbner den ene "
        "kommunes kontaktnotater for den anden, der hjælper borgeren (den nye handlekommune "
        "efter et skifte, eller kommunen, hvor boformen ligger). Andre samtykker registreres og "
        "gælder deling uden for Hjemvej.",
    )

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

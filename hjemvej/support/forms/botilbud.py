"""A temporary § 107 botilbud stay: provider, decision, dates, monthly cost and a note."""

from __future__ import annotations

from django import forms

from hjemvej.core.forms import DateField, HjemvejForm, MoneyField


class BotilbudForm(HjemvejForm):
    """A temporary stay in a botilbud under SEL § 107."""

    provider = forms.CharField(
        label="Botilbud", max_length=200, help_text="Navnet på det midlertidige botilbud."
    )
    decided_on = DateField(label="Afgørelse", help_text="Datoen for afgørelsen om botilbuddet.")
    start = DateField(label="Start", help_text="Den første dag i botilbuddet.")
    end = DateField(
        label="Slut",
        required=False,
        help_text="Den første dag uden ophold. Tom, mens opholdet varer.",
    )
    monthly_cost = MoneyField(
        label="Udgift pr. måned (kr.)", required=False, help_text="Fx 42.000,00."
    )
    note = forms.CharField(
        label="Notat",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Skriv kun det nødvendige. Notatet kan ses af dem, der har adgang til borgeren.",
    )

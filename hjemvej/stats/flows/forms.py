"""The list over time's forms: the months shown, and the managers' targets."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from hjemvej.core.charts import month_label
from hjemvej.core.forms import DateField, HjemvejForm
from hjemvej.rules.dates import month_start_plus
from hjemvej.stats.flows.selectors import month_range
from hjemvej.stats.models import TargetMeasure
from hjemvej.stats.services import MAX_TARGET

#: The months shown when none are chosen: the last twelve, this one included.
DEFAULT_MONTHS = 12
CHOOSE = "Vælg en måned på listen."


def month_value(month: date) -> str:
    """Return a month as the form and the command line write it: 2026-03."""
    return f"{month:%Y-%m}"


class MonthRangeForm(forms.Form):
    """From and to which month (``fra``, ``til``: ÅÅÅÅ-MM), among the months there are figures for.

    A plain GET form, rendered by the page beside its figures (no autofocus: the page is read
    first). An invalid choice or a "to" before "from" is an error at its field, and the page
    shows the default months meanwhile.
    """

    fra = forms.ChoiceField(label="Fra måned", error_messages={"invalid_choice": CHOOSE})
    til = forms.ChoiceField(label="Til måned", error_messages={"invalid_choice": CHOOSE})

    def __init__(self, data: Any, *, first: date, today: date) -> None:
        default = {"fra": month_value(self.default_first(today)), "til": month_value(today)}
        chosen = data if data and ("fra" in data or "til" in data) else None  # other keys: none
        super().__init__(chosen, initial=default)
        months = month_range(min(first, self.default_first(today)), today)
        choices = [
            (month_value(m), month_label(m, long=True).capitalize()) for m in reversed(months)
        ]
        for name in ("fra", "til"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
            field.error_messages["required"] = CHOOSE
            field.widget.attrs["class"] = "form-select"
        self.today = today

    @staticmethod
    def default_first(today: date) -> date:
        return month_start_plus(today, 1 - DEFAULT_MONTHS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen_from, chosen_to = data.get("fra"), data.get("til")
        if chosen_from and chosen_to and chosen_to < chosen_from:
            self.add_error("til", "Til-måneden ligger før fra-måneden.")
        return data

    def months(self) -> tuple[date, date]:
        """Return the first and last month chosen, or the default twelve months."""
        if self.is_bound and self.is_valid():
            first = date.fromisoformat(self.cleaned_data["fra"] + "-01")
            last = date.fromisoformat(self.cleaned_data["til"] + "-01")
            return first, last
        return self.default_first(self.today), self.today.replace(day=1)

    def query(self) -> str:
        """Return the chosen months as a query string (for the download link)."""
        first, last = self.months()
        return f"fra={month_value(first)}&til={month_value(last)}"


#: The target's messages: the field's label names it in the error summary.
TARGET_ERRORS = {
    "invalid": "Skriv et helt tal, fx 0.",
    "min_value": "Målet kan ikke være negativt.",
    "max_value": f"Målet kan højst være {MAX_TARGET:_}.".replace("_", "."),
}


def _target_field(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_TARGET,
        error_messages=TARGET_ERRORS,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ListTargetsForm(HjemvejForm):
    """The municipality's target per measure: how many citizens at most, by which day."""

    fieldsets = (
        ("Langvarigt hjemløse på listen", ("long_term_target", "long_term_by_date")),
        ("Alle på listen", ("on_list_target", "on_list_by_date")),
    )

    long_term_target = _target_field(
        "Højst så mange langvarigt hjemløse",
        "Fx 0 for »funktionelt nul«. Lad begge felter stå tomme for at fjerne målet.",
    )
    long_term_by_date = DateField(label="Senest", required=False)
    on_list_target = _target_field(
        "Højst så mange borgere på listen", "Lad begge felter stå tomme for at fjerne målet."
    )
    on_list_by_date = DateField(label="Senest", required=False)

    def targets(self) -> dict[str, tuple[int | None, date | None]]:
        """Return each measure's target and date as entered (None: left empty)."""
        return {
            measure: (
                self.cleaned_data[f"{measure}_target"],
                self.cleaned_data[f"{measure}_by_date"],
            )
            for measure in TargetMeasure.values
        }

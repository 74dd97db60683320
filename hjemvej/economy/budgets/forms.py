"""The budget form: per measure either the twelve months or a year total, with a decimal comma."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from hjemvej.core.formatting import MONTHS
from hjemvej.core.forms import DecimalTextField, HjemvejForm, MoneyField
from hjemvej.economy.budgets.models import AREAS, MONEY_MEASURES, Area, Measure
from hjemvej.economy.budgets.results import MEASURES
from hjemvej.economy.budgets.services import MeasureBudget, month_field, year_field


class PersonsField(DecimalTextField):
    """Full-year persons as text with a Danish decimal comma; a Decimal with two decimals."""

    invalid_message = "Skriv et antal helårspersoner med højst to decimaler, fx 25,50."
    limit = Decimal("1e9")


NEGATIVE = "Beløbet kan ikke være negativt."
BOTH = "Udfyld enten årets i alt eller de 12 måneder, ikke begge."
SOME_MONTHS = "Udfyld alle 12 måneder, eller lad dem stå tomme og udfyld årets i alt."


def _unit(measure: str) -> str:
    return "kr." if measure in MONEY_MEASURES else "helårspersoner"


class BudgetForm(HjemvejForm):
    """A year's budget: per measure a year total (split evenly) or twelve months.

    The fields (``<measure>_aar`` and ``<measure>_1`` … ``_12``) are declared below the class.
    """

    def measures(self) -> list[tuple[str, str, forms.BoundField, list[forms.BoundField]]]:
        """Return per measure: its key, its legend, its year field and its month fields."""
        return [
            (
                measure,
                f"{Measure(measure).label} (kr.)"
                if measure in MONEY_MEASURES
                else str(Measure(measure).label),
                self[year_field(measure)],
                [self[month_field(measure, m)] for m in range(1, 13)],
            )
            for measure in MEASURES
        ]

    def areas(
        self,
    ) -> list[tuple[str, list[tuple[str, str, forms.BoundField, list[forms.BoundField]]]]]:
        """Return ``measures`` grouped by area (its Danish label), in the pages' order."""
        groups: dict[str, list[tuple[str, str, forms.BoundField, list[forms.BoundField]]]] = {}
        for row in self.measures():
            groups.setdefault(str(Area(AREAS[row[0]]).label), []).append(row)
        return list(groups.items())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for measure in MEASURES:
            names = [year_field(measure)] + [month_field(measure, m) for m in range(1, 13)]
            for name in names:
                value = cleaned.get(name)
                if value is not None and value < 0:
                    self.add_error(name, NEGATIVE)
            year = cleaned.get(year_field(measure))
            months = [cleaned.get(month_field(measure, m)) for m in range(1, 13)]
            filled = [m for m in months if m is not None]
            if year is not None and filled:
                self.add_error(year_field(measure), BOTH)
            elif filled and len(filled) < 12:
                first_empty = next(m for m in range(1, 13) if months[m - 1] is None)
                if month_field(measure, first_empty) not in self.errors:
                    self.add_error(month_field(measure, first_empty), SOME_MONTHS)
        return cleaned

    def budgets(self) -> dict[str, MeasureBudget]:
        """Return what was entered per measure (after ``is_valid``)."""
        result: dict[str, MeasureBudget] = {}
        for measure in MEASURES:
            months = [self.cleaned_data.get(month_field(measure, m)) for m in range(1, 13)]
            year = self.cleaned_data.get(year_field(measure))
            if all(m is not None for m in months):
                result[measure] = MeasureBudget(months=tuple(months))  # type: ignore[arg-type]
            else:
                result[measure] = MeasureBudget(year_total=year)
        return result

    @staticmethod
    def initial_from(amounts: dict[str, dict[int | None, Decimal]]) -> dict[str, Decimal]:
        """Return the form's initial values from the stored lines (measure → month → amount)."""
        initial: dict[str, Decimal] = {}
        for measure, by_month in amounts.items():
            for month, amount in by_month.items():
                name = year_field(measure) if month is None else month_field(measure, month)
                initial[name] = amount
        return initial


def _declare_fields() -> dict[str, forms.Field]:
    """Return the form's fields: per measure the year total, then January … December."""
    fields: dict[str, forms.Field] = {}
    for measure in MEASURES:
        money = measure in MONEY_MEASURES
        field_type = MoneyField if money else PersonsField
        split = (
            "Fordeles jævnt på årets 12 måneder."
            if money
            else "Gælder som gennemsnit i hver af årets 12 måneder."
        )
        fields[year_field(measure)] = field_type(
            label="Hele året i alt" if money else "Hele året (gennemsnit)",
            required=False,
            help_text=f"{split} Lad feltet stå tomt, hvis du udfylder månederne.",
            widget=forms.TextInput(attrs={"class": "input-width-m"}),
        )
        for month in range(1, 13):
            fields[month_field(measure, month)] = field_type(
                label=MONTHS[month - 1].capitalize(),
                required=False,
                widget=forms.TextInput(attrs={"class": "input-width-m"}),
            )
    return fields


BudgetForm.base_fields.update(_declare_fields())

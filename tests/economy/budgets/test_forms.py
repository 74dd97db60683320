"""The budget form: Danish decimal comma, months or a year total, Danish errors on the fields."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from hjemvej.core.forms import parse_decimal as parse_persons
from hjemvej.economy.budgets.forms import BudgetForm
from hjemvej.economy.budgets.models import Measure
from hjemvej.economy.budgets.services import MeasureBudget


def months(measure: str, values: list[str]) -> dict[str, str]:
    return {f"{measure}_{m}": v for m, v in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("25,5", "25.50"),
        ("1.234,25", "1234.25"),
        ("25.50", "25.50"),
        (" 3 ", "3.00"),
        ("0", "0.00"),
    ],
)
def test_persons_are_read_with_a_decimal_comma(text: str, value: str) -> None:
    assert parse_persons(text) == Decimal(value)


@pytest.mark.parametrize("text", ["25,505", "abc", "1,2,3", "12.3,4", ""])
def test_persons_that_are_not_numbers(text: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(text)}$"):
        parse_persons(text)


def test_a_year_total_and_twelve_months() -> None:
    form = BudgetForm(
        {
            "net_cost_aar": "12.345.678,50",
            **months(Measure.GROSS_COST, ["1.000,25"] * 12),
            "full_year_persons_aar": "25,5",
            **months(Measure.FULL_YEAR_PERSONS_EXTERNAL, ["12,25"] * 6 + ["10"] * 6),
        }
    )
    assert form.is_valid(), form.errors
    budgets = form.budgets()
    assert budgets[Measure.NET_COST] == MeasureBudget(year_total=Decimal("12345678.50"))
    assert budgets[Measure.GROSS_COST] == MeasureBudget(months=(Decimal("1000.25"),) * 12)
    assert budgets[Measure.FULL_YEAR_PERSONS] == MeasureBudget(year_total=Decimal("25.50"))
    external = budgets[Measure.FULL_YEAR_PERSONS_EXTERNAL].months
    assert external == (Decimal("12.25"),) * 6 + (Decimal("10.00"),) * 6


def test_an_empty_form_removes_every_budget() -> None:
    form = BudgetForm({})
    assert form.is_valid()
    assert all(b == MeasureBudget() for b in form.budgets().values())


def test_danish_errors_on_the_fields() -> None:
    form = BudgetForm(
        {
            "net_cost_aar": "mange penge",
            "gross_cost_aar": "-5",
            **months(Measure.FULL_YEAR_PERSONS, ["2"] * 5 + [""] * 7),
            "full_year_persons_external_aar": "3",
            "full_year_persons_external_1": "3",
        }
    )
    assert not form.is_valid()
    assert form.errors["net_cost_aar"] == ["Skriv beløbet i kroner, fx 1.234,50."]
    assert form.errors["gross_cost_aar"] == ["Beløbet kan ikke være negativt."]
    assert form.errors["full_year_persons_6"] == [
        "Udfyld alle 12 måneder, eller lad dem stå tomme og udfyld årets i alt."
    ]
    assert form.errors["full_year_persons_external_aar"] == [
        "Udfyld enten årets i alt eller de 12 måneder, ikke begge."
    ]
    # The first field in error gets the focus; errors are tied to their inputs.
    assert "autofocus" in form["net_cost_aar"].as_widget()
    widget = form["net_cost_aar"].as_widget()
    assert 'aria-describedby="id_net_cost_aar_helptext id_net_cost_aar_error"' in widget
    assert 'aria-invalid="true"' in widget


def test_initial_values_show_with_a_decimal_comma() -> None:
    form = BudgetForm(
        initial=BudgetForm.initial_from(
            {
                Measure.NET_COST: {None: Decimal("1234567.50")},
                Measure.FULL_YEAR_PERSONS: {m: Decimal("25.5") for m in range(1, 13)},
            }
        )
    )
    assert 'value="1.234.567,50"' in form["net_cost_aar"].as_widget()
    assert 'value="25,50"' in form["full_year_persons_3"].as_widget()
    labels = [field.label for field in form.measures()[0][3]]
    assert labels[0] == "Januar"
    assert labels[-1] == "December"

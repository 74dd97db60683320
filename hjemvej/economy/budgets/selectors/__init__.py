"""Budget against actuals, and the forecast with its uncertainty, for one municipality.

Actuals come from the law engine (``monthly_figures`` on ``load_stays``): every cell is a month ×
inside/outside the municipality, rounded once. The forecast is the pure simulation in
``hjemvej.rules.forecast``, fed here from the same stays. Public functions (the reports use them):

- ``budget_vs_actual(municipality_id, year, as_of) -> BudgetComparison``
- ``forecast_for(municipality_id, as_of, years=2, runs=500, seed=1) -> ForecastResult``

See ``hjemvej.economy.budgets.results`` for the fields and their units.
"""

from hjemvej.economy.budgets.selectors.common import (
    CENT,
    MAX_RUNS,
    MAX_YEARS,
    PARAMETERS,
    month_start,
    parameters_used,
)
from hjemvej.economy.budgets.selectors.comparison import budget_months, budget_vs_actual
from hjemvej.economy.budgets.selectors.forecast import forecast_for
from hjemvej.economy.budgets.selectors.forecast_input import cap_steps, forecast_input

__all__ = [
    "CENT",
    "MAX_RUNS",
    "MAX_YEARS",
    "PARAMETERS",
    "budget_months",
    "budget_vs_actual",
    "cap_steps",
    "forecast_for",
    "forecast_input",
    "month_start",
    "parameters_used",
]

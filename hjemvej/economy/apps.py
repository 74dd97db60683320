"""Economy: case data → the law engine → costs, reimbursement, budgets, forecasts, scenarios."""

from django.apps import AppConfig


class EconomyConfig(AppConfig):
    name = "hjemvej.economy"
    verbose_name = "Økonomi"

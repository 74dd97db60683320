"""Budgets and forecasts of shelter costs and full-year persons."""

from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "hjemvej.economy.budgets"
    label = "economy_budgets"
    verbose_name = "Budget og prognose"

"""The managers' dashboard and the report for the municipal council (PDF, xlsx)."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hjemvej.economy.reports"
    label = "economy_reports"
    verbose_name = "Rapporter"

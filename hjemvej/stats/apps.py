"""The statistics app."""

from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "hjemvej.stats"
    label = "stats"
    verbose_name = "Statistik"

"""What-if scenarios: law (parameters, readings) and practice (stays, Housing First paths)."""

from django.apps import AppConfig


class ScenariosConfig(AppConfig):
    name = "hjemvej.economy.scenarios"
    label = "economy_scenarios"
    verbose_name = "Scenarier"

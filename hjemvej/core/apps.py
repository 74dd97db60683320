"""The core app: what every other app shares, and the page of the rules in force."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hjemvej.core"
    verbose_name = "Hjemvej"

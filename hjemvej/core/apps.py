"""The core app: start page and what every other app shares."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hjemvej.core"
    verbose_name = "Hjemvej"

"""The start app: each role's start page."""

from django.apps import AppConfig


class StartConfig(AppConfig):
    name = "hjemvej.start"
    verbose_name = "Forside"

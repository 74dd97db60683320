"""The by-name list: citizens, homelessness situations, consent."""

from django.apps import AppConfig


class CitizensConfig(AppConfig):
    name = "hjemvej.citizens"
    verbose_name = "Borgere"

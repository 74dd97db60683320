"""Support courses (§ 85, § 85 a, § 99) and contacts."""

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "hjemvej.support"
    verbose_name = "Støtte"

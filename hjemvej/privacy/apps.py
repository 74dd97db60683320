"""The privacy app."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hjemvej.privacy"
    verbose_name = "Databeskyttelse"

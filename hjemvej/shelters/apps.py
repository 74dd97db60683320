"""§ 110 shelters, their daily rates and stays."""

from django.apps import AppConfig


class SheltersConfig(AppConfig):
    name = "hjemvej.shelters"
    verbose_name = "Boformer"

"""Dwellings, offers, tenancies, incomes, deposits and grants: the way into a home."""

from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "hjemvej.housing"
    verbose_name = "Bolig"

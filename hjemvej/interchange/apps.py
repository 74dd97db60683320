"""Import and export of a municipality's records (the workbook of ``docs/import.md``)."""

from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "hjemvej.interchange"
    label = "interchange"
    verbose_name = "Indlæsning og udtræk"

"""Demo data and ``hjemvej demo``: the only room that may import every other."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hjemvej.demo"
    verbose_name = "Demodata"

"""The case file: the by-name list, the citizen's overview page, the timeline, merge and undo."""

from django.apps import AppConfig


class CasefileConfig(AppConfig):
    name = "hjemvej.casefile"
    verbose_name = "Sagsoverblik"

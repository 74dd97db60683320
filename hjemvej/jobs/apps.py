"""The jobs app."""

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "hjemvej.jobs"
    verbose_name = "Baggrundsjob"

    def ready(self) -> None:
        """Load every room's ``jobs.py``, where the kinds and periodic jobs are declared."""
        from django.utils.module_loading import autodiscover_modules

        from hjemvej.jobs import periodic  # noqa: F401  (the jobs room's own periodic jobs)

        autodiscover_modules("jobs")

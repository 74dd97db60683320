"""The by-name list: citizens, homelessness situations, consent."""

from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


class CitizensConfig(AppConfig):
    name = "hjemvej.citizens"
    verbose_name = "Borgere"

    def ready(self) -> None:
        """Check the CPR key at every start, and store its check value after migrate."""
        from hjemvej.citizens import keycheck

        checks.register(keycheck.check_cpr_key)
        post_migrate.connect(keycheck.store_check_value, sender=self)

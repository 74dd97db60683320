"""A saved what-if scenario: a change of law (parameters, readings) or of practice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from hjemvej.accounts.models import Municipality


class ScenarioKind(models.TextChoices):
    LAW = "law", "Lovscenarie"
    PRACTICE = "practice", "Praksisscenarie"


class Scenario(models.Model):
    """A named scenario of a municipality; ``parameters`` is ``spec.ScenarioSpec.to_json()``.

    ``parameters`` holds the overrides as ``[name, value, from]`` (value as ``parse_value`` reads
    it back, from as ÅÅÅÅ-MM-DD or null), the readings, the horizon year and the practice inputs.
    """

    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("navn", max_length=200)
    kind = models.CharField("type", max_length=10, choices=ScenarioKind.choices)
    parameters = models.JSONField("forudsætninger", default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="oprettet af",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("oprettet", default=timezone.now, editable=False)
    last_run_at = models.DateTimeField("senest beregnet", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "scenarie"
        verbose_name_plural = "scenarier"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="scenario_name_unique_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

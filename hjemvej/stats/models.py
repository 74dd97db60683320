"""What the statistics store: the municipality's targets for its by-name list.

The figures themselves are computed from the records each time (``stats.flows``); only the
targets a manager sets are kept here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TargetMeasure(models.TextChoices):
    """What a target counts at a day's end: the long-term homeless on the list, or everyone."""

    LONG_TERM = "long_term", "Langvarigt hjemløse på listen"
    ON_LIST = "on_list", "Alle på listen"


class ListTarget(models.Model):
    """The municipality's target for the list: at most ``target`` citizens by ``by_date``.

    Built for Zero's "functional zero" for long-term homelessness is a target of this kind (for
    example 0 long-term homeless by 31.12.2027). One per municipality and measure; set by a
    manager (``stats.services.list_target_set``, audited as a change of a setting).
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", verbose_name="kommune", on_delete=models.PROTECT, related_name="+"
    )
    measure = models.CharField("hvad målet tæller", max_length=20, choices=TargetMeasure.choices)
    target = models.PositiveIntegerField("højst så mange borgere")
    by_date = models.DateField("senest")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["municipality", "measure"]
        verbose_name = "mål for listen"
        verbose_name_plural = "mål for listen"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "measure"], name="one_list_target_per_measure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}: højst {self.target} senest {self.by_date:%d.%m.%Y}"

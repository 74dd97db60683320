"""The source systems' own ids (``ekstern_id``) of the records an import wrote.

One table for every kind of record, so no other room's model changes: a second import of the same
file finds each row's record here and changes nothing, and a corrected file updates what changed.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from hjemvej.accounts.models import Municipality


class SourceId(models.Model):
    """``ekstern_id`` of one record (``model``, ``object_id``) in one municipality's files."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", on_delete=models.PROTECT, related_name="+"
    )
    model = models.CharField("posttype", max_length=40)  # a model label: "shelters.Stay"
    ekstern_id = models.CharField("ekstern id", max_length=100)
    object_id = models.BigIntegerField("intern id")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "ekstern id"
        verbose_name_plural = "eksterne id'er"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "model", "ekstern_id"], name="one_record_per_source_id"
            ),
            models.UniqueConstraint(
                fields=["municipality", "model", "object_id"], name="one_source_id_per_record"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.ekstern_id}"

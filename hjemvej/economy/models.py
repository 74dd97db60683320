"""Reimbursement claims (refusionsopgørelser): what was claimed, from which data and rules.

A claim is a stored result: its lines and totals never change once made. It records the parameter
set (``parameter_set``, the fingerprint of every parameter value), the readings, and a fingerprint
of the stay rows that went in (``data_fingerprint``), so a later change to a stay, a shelter's rate
or registration, or a parameter shows that the claim is out of date; recomputing makes a new claim.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from hjemvej.accounts.models import Municipality

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _money(verbose_name: StrOrPromise) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, default=Decimal(0))


class ReimbursementClaim(models.Model):
    """The § 177 reimbursement of a municipality's stays in ``[period_start, period_end)``."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField("periode fra")
    period_end = models.DateField("periode til (ikke medregnet)")
    as_of = models.DateField(
        "opgjort pr.", help_text="Dage før denne dato er talt med (perioden eller i dag)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="oprettet af",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("oprettet", default=timezone.now)
    parameter_set = models.CharField("parametersæt", max_length=64)
    readings = models.JSONField("læsninger", default=dict)
    parameters = models.JSONField(
        "parameterværdier", default=list, help_text="De brugte værdier med status og hjemmel."
    )
    data_fingerprint = models.CharField("datafingeraftryk", max_length=64)
    stays_in = models.PositiveIntegerField("ophold i beregningen", default=0)
    citizens = models.PositiveIntegerField("borgere i opgørelsen", default=0)
    days = models.PositiveIntegerField("dage", default=0)
    reimbursed_days = models.PositiveIntegerField("dage med refusion", default=0)
    gross_cost = _money("bruttoudgift (kr.)")
    own_payment = _money("egenbetaling (kr.)")
    reimbursement = _money("refusion (kr.)")
    net_cost = _money("nettoudgift (kr.)")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "refusionsopgørelse"
        verbose_name_plural = "refusionsopgørelser"
        indexes = [models.Index(fields=["municipality", "period_start", "period_end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="claim_period_not_empty",
            )
        ]

    def __str__(self) -> str:
        return f"Refusionsopgørelse {self.pk} ({self.period_start:%d.%m.%Y}–)"


class ClaimLine(models.Model):
    """One stay's days and amounts in the claim's period; the citizen only by pseudonym."""

    claim = models.ForeignKey(ReimbursementClaim, on_delete=models.CASCADE, related_name="lines")
    # Plain ids, not foreign keys: the claim records what went in, even if records change later.
    stay_pk = models.PositiveIntegerField("ophold-id")
    citizen_pk = models.PositiveIntegerField("borger-id (internt)")
    pseudonym = models.CharField("pseudonym", max_length=20)
    shelter_name = models.CharField("boform", max_length=200)
    external = models.BooleanField("ekstern boform", default=False)
    registered = models.BooleanField("registreret på Tilbudsportalen", default=True)
    admitted = models.DateField("indskrevet")
    discharged = models.DateField("udskrevet", null=True, blank=True)
    days = models.PositiveIntegerField("dage i perioden")
    reimbursed_days = models.PositiveIntegerField("dage med refusion i perioden")
    gross_cost = _money("bruttoudgift (kr.)")
    own_payment = _money("egenbetaling (kr.)")
    reimbursement = _money("refusion (kr.)")
    net_cost = _money("nettoudgift (kr.)")
    rule_versions = models.JSONField(
        "regelversioner",
        default=list,
        help_text="Nøgler 'parameter@gælder-fra' til opgørelsens parameterværdier.",
    )

    class Meta:
        ordering = ["claim", "pseudonym", "admitted", "stay_pk"]
        verbose_name = "linje i refusionsopgørelse"
        verbose_name_plural = "linjer i refusionsopgørelser"
        indexes = [models.Index(fields=["claim", "pseudonym", "admitted"])]

    def __str__(self) -> str:
        return f"{self.pseudonym}: ophold {self.stay_pk}"

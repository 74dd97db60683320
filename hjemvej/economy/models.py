"""Reimbursement claims (refusionsopgørelser): what was claimed, from which data and rules.

A claim is a stored result: its lines and totals never change once made. It records the parameter
set (``parameter_set``, the fingerprint of every parameter value), the values used, and a
fingerprint of the rows that went in (``data_fingerprint``), so a later change to the records or a
parameter shows that the claim is out of date; recomputing makes a new claim. Two kinds share that
(``Claim``): the § 177 claim of shelter stays (``ReimbursementClaim``) and the § 176 a claim of
support courses and § 107 stays (``SupportClaim``).
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


class Claim(models.Model):
    """What every claim has: the period, who made it when, the rules and data it was made from."""

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
    parameters = models.JSONField(
        "parameterværdier", default=list, help_text="De brugte værdier med status og hjemmel."
    )
    data_fingerprint = models.CharField("datafingeraftryk", max_length=64)
    citizens = models.PositiveIntegerField("borgere i opgørelsen", default=0)
    days = models.PositiveIntegerField("dage", default=0)
    reimbursed_days = models.PositiveIntegerField("dage med refusion", default=0)
    reimbursement = _money("refusion (kr.)")
    net_cost = _money("nettoudgift (kr.)")

    class Meta:
        abstract = True


class ReimbursementClaim(Claim):
    """The § 177 reimbursement of a municipality's stays in ``[period_start, period_end)``."""

    readings = models.JSONField("læsninger", default=dict)
    stays_in = models.PositiveIntegerField("ophold i beregningen", default=0)
    gross_cost = _money("bruttoudgift (kr.)")
    own_payment = _money("egenbetaling (kr.)")

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


class SupportClaim(Claim):
    """The § 176 a reimbursement of a municipality's support courses and § 107 stays in
    ``[period_start, period_end)``: the state's share of § 85 a support after a § 110 discharge
    (stk. 1) and of temporary § 107 botilbud stays decided before it (stk. 2)."""

    courses_in = models.PositiveIntegerField("forløb og § 107-ophold i beregningen", default=0)
    cost = _money("udgift (kr.)")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "refusionsopgørelse efter § 176 a"
        verbose_name_plural = "refusionsopgørelser efter § 176 a"
        indexes = [models.Index(fields=["municipality", "period_start", "period_end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="support_claim_period_not_empty",
            )
        ]

    def __str__(self) -> str:
        return f"Refusionsopgørelse efter § 176 a {self.pk} ({self.period_start:%d.%m.%Y}–)"


class SupportClaimLine(models.Model):
    """One support course's or § 107 stay's days and amounts in the claim's period, with the
    basis of its reimbursement (or why there is none); the citizen only by pseudonym."""

    claim = models.ForeignKey(SupportClaim, on_delete=models.CASCADE, related_name="lines")
    # Plain ids, not foreign keys: the claim records what went in, even if records change later.
    # ``course_pk`` is the support course's pk, or the § 107 stay's when the method is "sel107".
    course_pk = models.PositiveIntegerField("forløb-id")
    citizen_pk = models.PositiveIntegerField("borger-id (internt)")
    pseudonym = models.CharField("pseudonym", max_length=20)
    method = models.CharField("metode", max_length=10)
    method_label = models.CharField("metode (tekst)", max_length=100)
    decided_on = models.DateField("afgørelse truffet")
    start = models.DateField("start")
    end = models.DateField("slut (ikke medregnet)", null=True, blank=True)
    monthly_cost = _money("månedlig udgift (kr.)")
    days = models.PositiveIntegerField("dage i perioden")
    reimbursed_days = models.PositiveIntegerField("dage med refusion i perioden")
    cost = _money("udgift (kr.)")
    reimbursement = _money("refusion (kr.)")
    net_cost = _money("nettoudgift (kr.)")
    basis = models.TextField(
        "grundlag", help_text="Refusionens grundlag, eller hvorfor der ingen er."
    )
    rule_versions = models.JSONField(
        "regelversioner",
        default=list,
        help_text="Nøgler 'parameter@gælder-fra' til opgørelsens parameterværdier.",
    )

    class Meta:
        ordering = ["claim", "pseudonym", "start", "method", "course_pk"]
        verbose_name = "linje i refusionsopgørelse efter § 176 a"
        verbose_name_plural = "linjer i refusionsopgørelser efter § 176 a"
        indexes = [models.Index(fields=["claim", "pseudonym", "start"])]

    def __str__(self) -> str:
        return f"{self.pseudonym}: forløb {self.course_pk} ({self.method})"

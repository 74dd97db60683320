"""The municipality's budget for its work against homelessness, per year and month (or the year).

The measures cover the whole of it: § 110 shelter stays (money and full-year persons), support
courses (§§ 85 a, 85 and 99), temporary § 107 botilbud stays, grants for moving and setting up
home, deposit loans, and the total net cost. Each measure belongs to an ``Area``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from hjemvej.accounts.models import Municipality


class Measure(models.TextChoices):
    """What a budget line budgets: money in kroner or full-year persons (helårspersoner)."""

    NET_COST = "net_cost", "Ophold efter § 110: nettoudgift"
    GROSS_COST = "gross_cost", "Ophold efter § 110: bruttoudgift"
    FULL_YEAR_PERSONS = "full_year_persons", "Helårspersoner i alt"
    FULL_YEAR_PERSONS_EXTERNAL = (
        "full_year_persons_external",
        "Helårspersoner på boformer uden for kommunen",
    )
    SUPPORT_NET_COST = "support_net_cost", "Bostøtte: nettoudgift efter § 176 a-refusion"
    SUPPORT_GROSS_COST = "support_gross_cost", "Bostøtte: bruttoudgift"
    BOTILBUD_NET_COST = (
        "botilbud_net_cost",
        "Midlertidigt botilbud efter § 107: nettoudgift efter § 176 a-refusion",
    )
    BOTILBUD_GROSS_COST = "botilbud_gross_cost", "Midlertidigt botilbud efter § 107: bruttoudgift"
    GRANTS = "grants", "Hjælp til flytning og etablering: bevilget"
    DEPOSIT_LOANS = "deposit_loans", "Beboerindskudslån: udlånt"
    TOTAL_NET_COST = "total_net_cost", "Samlet nettoudgift (uden lån)"


class Area(models.TextChoices):
    """The parts of the municipality's work that the budget's measures belong to."""

    SHELTER = "shelter", "Ophold på boformer efter § 110"
    SUPPORT = "support", "Bostøtte efter §§ 85 a, 85 og 99"
    BOTILBUD = "botilbud", "Midlertidigt botilbud efter § 107"
    MOVING = "moving", "Hjælp til flytning, etablering og indskud"
    TOTAL = "total", "I alt"


#: The area of each measure, in the order the pages show them.
AREAS: dict[str, str] = {
    Measure.NET_COST: Area.SHELTER,
    Measure.GROSS_COST: Area.SHELTER,
    Measure.FULL_YEAR_PERSONS: Area.SHELTER,
    Measure.FULL_YEAR_PERSONS_EXTERNAL: Area.SHELTER,
    Measure.SUPPORT_NET_COST: Area.SUPPORT,
    Measure.SUPPORT_GROSS_COST: Area.SUPPORT,
    Measure.BOTILBUD_NET_COST: Area.BOTILBUD,
    Measure.BOTILBUD_GROSS_COST: Area.BOTILBUD,
    Measure.GRANTS: Area.MOVING,
    Measure.DEPOSIT_LOANS: Area.MOVING,
    Measure.TOTAL_NET_COST: Area.TOTAL,
}

#: Measures budgeted in kroner; the others are full-year persons.
MONEY_MEASURES = frozenset(
    {m for m in Measure if m not in (Measure.FULL_YEAR_PERSONS, Measure.FULL_YEAR_PERSONS_EXTERNAL)}
)


class BudgetLine(models.Model):
    """One budgeted amount: a month of a year, or the whole year (``month`` empty).

    Money measures hold kroner; person measures hold full-year persons (an average over the
    period, so a year's value is the day-weighted mean of its months, not their sum). A measure
    of a year has either twelve month lines or one year line, never both (``services.budget_set``).
    """

    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("år")
    month = models.PositiveSmallIntegerField(
        "måned", null=True, blank=True, help_text="1–12; tom for hele året."
    )
    measure = models.CharField("mål", max_length=30, choices=Measure.choices)
    amount = models.DecimalField(
        "beløb",
        max_digits=14,
        decimal_places=2,
        help_text="Kroner for udgifter, helårspersoner for personer.",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ændret af",
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("ændret", default=timezone.now)

    class Meta:
        ordering = ["municipality", "year", "measure", "month"]
        verbose_name = "budgetlinje"
        verbose_name_plural = "budgetlinjer"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "measure", "month"],
                condition=models.Q(month__isnull=False),
                name="budget_one_line_per_month",
            ),
            models.UniqueConstraint(
                fields=["municipality", "year", "measure"],
                condition=models.Q(month__isnull=True),
                name="budget_one_line_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(month__isnull=True) | models.Q(month__gte=1, month__lte=12),
                name="budget_month_1_to_12",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=Decimal(0)), name="budget_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.month:02d}/{self.year}" if self.month else str(self.year)
        return f"{self.get_measure_display()} {period}: {self.amount}"

    @property
    def is_money(self) -> bool:
        """Return whether the line is in kroner (else full-year persons)."""
        return self.measure in MONEY_MEASURES

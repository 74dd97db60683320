"""Dwellings, offers, tenancies, incomes, deposits and grants.

Money is ``Decimal`` kroner (``max_digits=14, decimal_places=2``); monthly amounts say so in their
names. Periods are closed-open: a tenancy is ``[move_in, move_out)``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from hjemvej.accounts.models import Municipality


class LandlordKind(models.TextChoices):
    SOCIAL = "social", "Almen boligorganisation"
    PRIVATE = "private", "Privat udlejer"
    MUNICIPAL = "municipal", "Kommunen"
    OTHER = "other", "Anden udlejer"


class Landlord(models.Model):
    """A housing organisation or other landlord the municipality works with."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField("navn", max_length=200)
    kind = models.CharField(
        "type", max_length=20, choices=LandlordKind.choices, default=LandlordKind.SOCIAL
    )
    phone = models.CharField("telefon", max_length=30, blank=True)
    email = models.EmailField("e-mail", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "udlejer"
        verbose_name_plural = "udlejere"

    def __str__(self) -> str:
        return self.name


class DwellingKind(models.TextChoices):
    FAMILY = "family", "Almen familiebolig"
    YOUTH = "youth", "Ungdomsbolig"
    SENIOR = "senior", "Ældrebolig"
    PRIVATE = "private", "Privat lejebolig"
    TRANSITIONAL = "transitional", "Udslusningsbolig"
    SKAEV = "skaev", "Skæv bolig"
    OTHER = "other", "Anden bolig"


class TenantMaintenance(models.TextChoices):
    """Who holds the dwelling's inside maintenance (boligstøtteloven § 10, stk. 4)."""

    NONE = "none", "Udlejeren"
    PARTIAL = "partial", "Delvis lejeren"
    FULL = "full", "Lejeren"


class AreaStatus(models.TextChoices):
    """The area's status on the yearly lists (almenboligloven § 61 a)."""

    ORDINARY = "ordinary", "Ingen særlig status"
    PREVENTION = "prevention", "Forebyggelsesområde"
    VULNERABLE = "vulnerable", "Udsat boligområde"
    TRANSFORMATION = "transformation", "Omdannelsesområde"


class DwellingStatus(models.TextChoices):
    AVAILABLE = "available", "Ledig"
    RESERVED = "reserved", "Tilbudt"
    LET = "let", "Udlejet"
    WITHDRAWN = "withdrawn", "Ikke til rådighed"


class Dwelling(models.Model):
    """A dwelling the municipality can offer: from its allocation right or another source."""

    municipality = models.ForeignKey(
        Municipality, verbose_name="kommune", on_delete=models.PROTECT, related_name="+"
    )
    landlord = models.ForeignKey(
        Landlord, verbose_name="udlejer", on_delete=models.PROTECT, related_name="dwellings"
    )
    address = models.CharField("adresse", max_length=200)
    postcode = models.CharField("postnummer", max_length=4)
    city = models.CharField("by", max_length=100)
    kind = models.CharField(
        "boligtype", max_length=20, choices=DwellingKind.choices, default=DwellingKind.FAMILY
    )
    rooms = models.PositiveSmallIntegerField("værelser", default=1)
    # Boligstøtteloven § 56: a room without a kitchen of its own has the lower deposit-loan ceiling.
    single_room = models.BooleanField("enkeltværelse uden eget køkken", default=False)
    # Boligstøtteloven § 10: what the rent paid to the landlord covers adjusts the housing cost.
    rent_includes_heating = models.BooleanField("varme indgår i huslejen", default=False)
    rent_includes_hot_water = models.BooleanField("varmt vand indgår i huslejen", default=False)
    rent_includes_electricity = models.BooleanField("el indgår i huslejen", default=False)
    tenant_maintenance = models.CharField(
        "indvendig vedligeholdelsespligt",
        max_length=10,
        choices=TenantMaintenance.choices,
        default=TenantMaintenance.NONE,
    )
    area_m2 = models.PositiveSmallIntegerField("areal (m²)")
    rent_monthly = models.DecimalField("husleje pr. måned (kr.)", max_digits=14, decimal_places=2)
    utilities_monthly = models.DecimalField(
        "forbrug (aconto) pr. måned (kr.)", default=0, max_digits=14, decimal_places=2
    )
    deposit = models.DecimalField("indskud (kr.)", default=0, max_digits=14, decimal_places=2)
    municipal_allocation = models.BooleanField(
        "kommunal anvisning (almenboligloven § 59)", default=False
    )
    area_status = models.CharField(
        "områdets status", max_length=20, choices=AreaStatus.choices, default=AreaStatus.ORDINARY
    )
    status = models.CharField(
        "status", max_length=20, choices=DwellingStatus.choices, default=DwellingStatus.AVAILABLE
    )
    available_from = models.DateField("ledig fra", null=True, blank=True)
    note = models.CharField("bemærkning", max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["address"]
        verbose_name = "bolig"
        verbose_name_plural = "boliger"
        indexes = [models.Index(fields=["municipality", "status", "rent_monthly"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rent_monthly__gte=0)
                & models.Q(utilities_monthly__gte=0)
                & models.Q(deposit__gte=0),
                name="dwelling_money_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.address}, {self.postcode} {self.city}"

    @property
    def rent_covers(self) -> list[str]:
        """Return what the tenant pays the landlord besides the rent (§ 10, stk. 2), in Danish."""
        return [
            label
            for included, label in (
                (self.rent_includes_heating, "varme"),
                (self.rent_includes_hot_water, "varmt vand"),
                (self.rent_includes_electricity, "el"),
            )
            if included
        ]


class OfferStatus(models.TextChoices):
    OFFERED = "offered", "Tilbudt"
    ACCEPTED = "accepted", "Takket ja"
    DECLINED = "declined", "Takket nej"
    WITHDRAWN = "withdrawn", "Trukket tilbage"


class DeclineReason(models.TextChoices):
    RENT = "rent", "Huslejen er for høj"
    LOCATION = "location", "Beliggenheden (fx langt fra netværk eller gamle miljøer)"
    SIZE = "size", "Størrelse eller indretning"
    CONDITION = "condition", "Boligens stand"
    NOT_NOW = "not_now", "Borgeren ønsker ikke at flytte nu"
    NO_ANSWER = "no_answer", "Borgeren svarede ikke"
    OTHER = "other", "Andet"


class HousingOffer(models.Model):
    """A dwelling offered to a citizen, and the answer."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="housing_offers",
    )
    dwelling = models.ForeignKey(
        Dwelling, verbose_name="bolig", on_delete=models.PROTECT, related_name="offers"
    )
    offered_on = models.DateField("tilbudt")
    answer_by = models.DateField("svarfrist", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    answered_on = models.DateField("svar", null=True, blank=True)
    decline_reason = models.CharField(
        "årsag til nej", max_length=20, choices=DeclineReason.choices, blank=True
    )
    note = models.CharField("bemærkning", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "-offered_on", "-id"]
        verbose_name = "boligtilbud"
        verbose_name_plural = "boligtilbud"

    def __str__(self) -> str:
        return f"Tilbud {self.offered_on:%d.%m.%Y}"


class TenancyEnd(models.TextChoices):
    MOVED = "moved", "Flyttet til anden bolig"
    TERMINATED = "terminated", "Opsagt af lejeren"
    EVICTED = "evicted", "Sat ud (fogedsag)"
    INSTITUTION = "institution", "Flyttet på institution eller botilbud"
    PRISON = "prison", "Afsoning"
    DECEASED = "deceased", "Død"
    OTHER = "other", "Andet"


class Tenancy(models.Model):
    """A lease the citizen holds: ``[move_in, move_out)``; move_out None while they live there."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="tenancies",
    )
    dwelling = models.ForeignKey(
        Dwelling,
        verbose_name="bolig",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenancies",
    )
    offer = models.OneToOneField(
        HousingOffer,
        verbose_name="tilbud",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tenancy",
    )
    address = models.CharField(
        "adresse", max_length=200, blank=True, help_text="Når boligen ikke er i registret."
    )
    lease_signed_on = models.DateField("lejekontrakt underskrevet")
    move_in = models.DateField("indflytning")
    move_out = models.DateField("fraflytning", null=True, blank=True)
    end_reason = models.CharField(
        "årsag til fraflytning", max_length=20, choices=TenancyEnd.choices, blank=True
    )
    rent_monthly = models.DecimalField("husleje pr. måned (kr.)", max_digits=14, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "move_in", "id"]
        verbose_name = "lejemål"
        verbose_name_plural = "lejemål"
        indexes = [models.Index(fields=["citizen", "move_in"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(move_out__isnull=True)
                | models.Q(move_out__gt=models.F("move_in")),
                name="tenancy_move_out_after_move_in",
            )
        ]

    def __str__(self) -> str:
        return f"Lejemål fra {self.move_in:%d.%m.%Y}"


class TenancyRiskKind(models.TextChoices):
    ARREARS = "arrears", "Huslejerestance"
    DEMAND = "demand", "Påkrav om betaling"
    EVICTION_WARNING = "eviction_warning", "Varsel om ophævelse eller udsættelse"
    EVICTION_CASE = "eviction_case", "Sag i fogedretten"
    NEIGHBOUR = "neighbour", "Klager fra naboer"
    OTHER = "other", "Andet"


class TenancyRisk(models.Model):
    """A risk to the tenancy: arrears, an eviction warning; resolved_on when it is over."""

    tenancy = models.ForeignKey(
        Tenancy, verbose_name="lejemål", on_delete=models.PROTECT, related_name="risks"
    )
    kind = models.CharField("type", max_length=20, choices=TenancyRiskKind.choices)
    noted_on = models.DateField("registreret")
    amount = models.DecimalField(
        "beløb (kr.)",
        null=True,
        blank=True,
        help_text="Restancens størrelse.",
        max_digits=14,
        decimal_places=2,
    )
    deadline = models.DateField("frist", null=True, blank=True)
    resolved_on = models.DateField("løst", null=True, blank=True)
    note = models.CharField("bemærkning", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["tenancy", "-noted_on", "-id"]
        verbose_name = "risiko for lejemålet"
        verbose_name_plural = "risici for lejemål"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.noted_on:%d.%m.%Y}"


class IncomeKind(models.TextChoices):
    CASH_BENEFIT = "cash_benefit", "Kontanthjælp"
    EDUCATION_BENEFIT = "education_benefit", "Uddannelseshjælp (før kontanthjælpsreformen)"
    SELF_SUPPORT_BENEFIT = (
        "self_support_benefit",
        "Selvforsørgelses- og hjemrejseydelse (før kontanthjælpsreformen)",
    )
    PENSION = "pension", "Pension"
    SPECIAL_SUPPORT = "special_support", "Særlig støtte (aktivloven § 34)"
    WAGES = "wages", "Løn"
    OTHER = "other", "Anden indkomst"


class IncomeSource(models.Model):
    """One monthly income of the household for payment capacity: ``[valid_from, valid_to)``."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="incomes",
    )
    kind = models.CharField("indkomst", max_length=20, choices=IncomeKind.choices)
    # Keys of hjemvej.rules.affordability.RATES_BY_KIND[kind] ("basic", "single_supplement", ...),
    # space-separated when several rates make up the benefit.
    rates = models.CharField("satser", max_length=200, blank=True)
    pension_kind = models.CharField("pensionstype", max_length=40, blank=True)
    monthly_after_tax = models.DecimalField(
        "pr. måned efter skat (kr.)", max_digits=14, decimal_places=2
    )
    monthly_before_tax = models.DecimalField(
        "pr. måned før skat (kr.)", null=True, blank=True, max_digits=14, decimal_places=2
    )
    label = models.CharField("betegnelse", max_length=100, blank=True)
    valid_from = models.DateField("fra")
    valid_to = models.DateField("til", null=True, blank=True)
    # Aktivloven § 90: the municipality pays the rent out of the benefit, decided on this day.
    # Recorded and shown; it does not change the disposable amount (the rent is paid either way).
    direct_rent_decided_on = models.DateField(
        "huslejen betales direkte af kommunen (aktivloven § 90), afgjort", null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "valid_from", "id"]
        verbose_name = "indkomst"
        verbose_name_plural = "indkomster"

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


class Household(models.Model):
    """Who would live in the dwelling, and the citizen's own budget if it differs."""

    citizen = models.OneToOneField(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="household",
    )
    adults = models.PositiveSmallIntegerField("voksne", default=1)
    children = models.PositiveSmallIntegerField("børn under 18", default=0)
    wealth = models.DecimalField(
        "formue (kr.)",
        default=0,
        max_digits=14,
        decimal_places=2,
        help_text="Husstandens formue, som boligstøtteloven § 8 a regner den.",
    )
    budget_monthly = models.DecimalField(
        "budget til alt andet end husleje pr. måned (kr.)",
        null=True,
        blank=True,
        help_text="Tomt: standardbudgettet bruges.",
        max_digits=14,
        decimal_places=2,
    )

    class Meta:
        verbose_name = "husstand"
        verbose_name_plural = "husstande"

    def __str__(self) -> str:
        return f"{self.adults} voksne, {self.children} børn"


class GrantKind(models.TextChoices):
    DEPOSIT_LOAN = "deposit_loan", "Beboerindskudslån"
    MOVING_GRANT = "moving_grant", "Hjælp til flytning inkl. indskud (aktivloven § 85)"
    FURNITURE_GRANT = "furniture_grant", "Hjælp til møbler og bohave (aktivloven § 81)"
    HF_DEPOSIT = "hf_deposit", "Housing First-opfølgning: indskud"
    HF_ESTABLISHMENT = "hf_establishment", "Housing First-opfølgning: etableringsbeløb"
    HF_STARTER_KIT = "hf_starter_kit", "Housing First-opfølgning: startpakke fra genbrug"
    OWN_PAYMENT_BACK = (
        "own_payment_back",
        "Egenbetaling betalt tilbage til indskud eller etablering",
    )


LOAN_KINDS = frozenset({GrantKind.DEPOSIT_LOAN})


class GrantDecision(models.TextChoices):
    GRANTED = "granted", "Bevilget"
    REFUSED = "refused", "Afslået"


class Grant(models.Model):
    """A decided loan, grant or Housing First follow-up payment for moving into a home."""

    citizen = models.ForeignKey(
        "citizens.Citizen",
        verbose_name="borger",
        on_delete=models.PROTECT,
        related_name="grants",
    )
    tenancy = models.ForeignKey(
        Tenancy,
        verbose_name="lejemål",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    kind = models.CharField("ydelse", max_length=20, choices=GrantKind.choices)
    decision = models.CharField(
        "afgørelse", max_length=10, choices=GrantDecision.choices, default=GrantDecision.GRANTED
    )
    amount = models.DecimalField("beløb (kr.)", max_digits=14, decimal_places=2)
    decided_on = models.DateField("afgørelsesdato")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="afgjort af",
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_on = models.DateField("udbetalt", null=True, blank=True)
    household_income_year = models.DecimalField(
        "husstandsindkomst pr. år (kr.)",
        null=True,
        blank=True,
        help_text="Til kontrol af indkomstgrænsen for beboerindskudslån.",
        max_digits=14,
        decimal_places=2,
    )
    repayment_monthly = models.DecimalField(
        "afdrag pr. måned (kr.)", null=True, blank=True, max_digits=14, decimal_places=2
    )
    repayment_from = models.DateField("afdrag fra", null=True, blank=True)
    reason = models.TextField("begrundelse", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "-decided_on", "-id"]
        verbose_name = "bevilling"
        verbose_name_plural = "bevillinger"
        indexes = [models.Index(fields=["decided_on"]), models.Index(fields=["citizen", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="grant_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on:%d.%m.%Y}"

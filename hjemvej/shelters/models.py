"""§ 110 shelters, their dated daily rates, and stays (in Danmarks Statistik's categories)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from hjemvej.accounts.models import Municipality, Role
from hjemvej.shelters.identifiers import validate_cvr, validate_p_number


class Operator(models.TextChoices):
    PUBLIC = "public", "Kommunal/regional"
    PRIVATE = "private", "Selvejende/privat"


class Shelter(models.Model):
    """A herberg or forsorgshjem under SEL § 110."""

    name = models.CharField("navn", max_length=200)
    municipality = models.ForeignKey(
        Municipality, verbose_name="beliggenhedskommune", on_delete=models.PROTECT
    )
    operator = models.CharField("driftsform", max_length=10, choices=Operator.choices)
    on_tilbudsportalen = models.BooleanField(
        "registreret på Tilbudsportalen",
        default=True,
        help_text="Kun ophold på registrerede boformer giver statsrefusion (§ 177).",
    )
    places = models.PositiveIntegerField("pladser")
    # Danmarks Statistik knows the shelter by these (shelters/identifiers.py, stats/dst.py).
    cvr_number = models.CharField(
        "CVR-nummer",
        max_length=8,
        blank=True,
        validators=[validate_cvr],
        help_text="8 cifre. Boformens (eller kommunens) CVR-nummer, som Danmarks Statistik "
        "kender indberetningen under.",
    )
    p_number = models.CharField(
        "P-nummer",
        max_length=10,
        blank=True,
        validators=[validate_p_number],
        help_text="10 cifre: produktionsenhedens nummer i CVR, for boformens adresse.",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="leder (forstander)",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="En medarbejder på boformen. Lederen danner boformens kvartalsvise fil til "
        "Danmarks Statistik (docs/access.md).",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "boform"
        verbose_name_plural = "boformer"
        constraints = [
            models.UniqueConstraint(
                fields=["p_number"],
                condition=~models.Q(p_number=""),
                name="one_shelter_per_p_number",
                violation_error_message="En anden boform har allerede dette P-nummer.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Refuse a leader who is not on this shelter's staff."""
        leader = self.leader
        if leader is not None and (
            leader.role != Role.SHELTER_STAFF or self.pk is None or leader.shelter_id != self.pk
        ):
            raise ValidationError(
                {
                    "leader": "Lederen skal være en medarbejder på boformen (rollen »Medarbejder "
                    "på boform« med denne boform)."
                }
            )


class ShelterRate(models.Model):
    """The shelter's daily rate from a date on (until the next rate's date)."""

    shelter = models.ForeignKey(Shelter, on_delete=models.PROTECT, related_name="rates")
    valid_from = models.DateField("gælder fra")
    daily_rate = models.DecimalField("takst pr. døgn (kr.)", max_digits=14, decimal_places=2)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ændret af",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField("ændret", default=timezone.now)

    class Meta:
        ordering = ["shelter", "valid_from"]
        verbose_name = "takst"
        verbose_name_plural = "takster"
        constraints = [
            models.UniqueConstraint(fields=["shelter", "valid_from"], name="one_rate_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.shelter}: {self.daily_rate} kr. fra {self.valid_from:%d.%m.%Y}"


class StayType(models.TextChoices):
    """Danmarks Statistik's opholdstype (1 herberg/forsorgshjem, 3 efterforsorg)."""

    STAY = "stay", "Ophold på herberg/forsorgshjem"
    AFTERCARE = "aftercare", "Efterforsorg"


class PriorResidence(models.TextChoices):
    """Where the citizen stayed last before the stay (senest opholdt sig)."""

    OWN_HOME = "own_home", "Egen bolig"
    FAMILY_FRIENDS = "family_friends", "Hos familie eller venner"
    OTHER_SHELTER = "other_shelter", "Anden boform efter § 110"
    STREET = "street", "Gaden, natvarmestue o.l."
    CARE_FACILITY = "care_facility", "Botilbud eller institution"
    HOSPITAL = "hospital", "Hospital eller behandling"
    PRISON = "prison", "Fængsel eller arrest"
    HOTEL = "hotel", "Hotel, vandrehjem o.l."
    OTHER = "other", "Andet"
    UNKNOWN = "unknown", "Uoplyst"


class ExitReason(models.TextChoices):
    """How the stay ended (udflytningsforhold)."""

    AGREEMENT = "agreement", "Efter aftale"
    LEFT = "left_without_notice", "Rejst uden aftale"
    EXPELLED = "expelled", "Udskrevet af boformen (bortvist)"
    DIED = "died", "Død"
    OTHER = "other", "Andet"
    UNKNOWN = "unknown", "Uoplyst"


class ExitDestination(models.TextChoices):
    """Where the citizen went (fraflytningssted)."""

    OWN_HOME = "own_home", "Egen bolig"
    OWN_HOME_SUPPORT = "own_home_support", "Egen bolig med støtte"
    TRANSITIONAL = "transitional", "Udslusningsbolig"
    FAMILY_FRIENDS = "family_friends", "Familie eller venner"
    OTHER_SHELTER = "other_shelter", "Anden boform efter § 110"
    CARE_FACILITY = "care_facility", "Botilbud eller plejebolig"
    HOSPITAL = "hospital", "Hospital eller behandling"
    PRISON = "prison", "Fængsel eller arrest"
    STREET = "street", "Gaden"
    OTHER = "other", "Andet"
    UNKNOWN = "unknown", "Uoplyst"


class OwnPayment(models.TextChoices):
    STATUTORY = "statutory", "Efter bekendtgørelsens takst"
    REDUCED = "reduced", "Nedsat efter afgørelse"
    WAIVED = "waived", "Frafaldet efter afgørelse"


class NoticeChannel(models.TextChoices):
    """How the notice of an admission reached the acting municipality (§ 110, stk. 6)."""

    MANUAL = "manual", "Registreret af boformen"
    INSTALLATION = "installation", "Sendt i Hjemvej til handlekommunen ved indskrivningen"
    LETTER = "letter", "Brev fra boformen (handlekommunen bruger ikke Hjemvej)"


class Stay(models.Model):
    """One admission to a shelter until discharge; nights ``[admitted, discharged)``."""

    citizen = models.ForeignKey(
        "citizens.Citizen", verbose_name="borger", on_delete=models.PROTECT, related_name="stays"
    )
    shelter = models.ForeignKey(
        Shelter, verbose_name="boform", on_delete=models.PROTECT, related_name="stays"
    )
    admitted = models.DateField("indskrevet")
    discharged = models.DateField("udskrevet", null=True, blank=True)
    stay_type = models.CharField(
        "opholdstype", max_length=10, choices=StayType.choices, default=StayType.STAY
    )
    prior_residence = models.CharField(
        "senest opholdt sig",
        max_length=20,
        choices=PriorResidence.choices,
        default=PriorResidence.UNKNOWN,
    )
    exit_reason = models.CharField(
        "udflytningsforhold", max_length=20, choices=ExitReason.choices, blank=True
    )
    exit_destination = models.CharField(
        "fraflyttet til", max_length=20, choices=ExitDestination.choices, blank=True
    )
    agreed_daily_rate = models.DecimalField(
        "aftalt takst pr. døgn (kr.)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Kun hvis opholdet har en anden takst end boformens.",
    )
    own_payment = models.CharField(
        "egenbetaling", max_length=10, choices=OwnPayment.choices, default=OwnPayment.STATUTORY
    )
    own_payment_reduced = models.DecimalField(
        "nedsat egenbetaling pr. døgn (kr.)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    own_payment_decided_on = models.DateField("afgørelse om egenbetaling", null=True, blank=True)
    notified_on = models.DateField(
        "handlekommunen underrettet",
        null=True,
        blank=True,
        help_text="Boformen skal underrette handlekommunen inden 3 hverdage (§ 110, stk. 6).",
    )
    notice_channel = models.CharField(
        "underretningen sendt som",
        max_length=20,
        choices=NoticeChannel.choices,
        default=NoticeChannel.MANUAL,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["citizen", "admitted"]
        verbose_name = "ophold"
        verbose_name_plural = "ophold"
        indexes = [
            models.Index(fields=["citizen", "admitted"]),
            models.Index(fields=["shelter", "discharged"]),
            models.Index(fields=["admitted"]),
            # The stays open tonight (discharged null or later) of every shelter: the alerts, the
            # start pages and the tasks read them without scanning the whole history.
            models.Index(fields=["discharged"], name="stay_discharged"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(discharged__isnull=True)
                | models.Q(discharged__gte=models.F("admitted")),
                name="discharged_not_before_admitted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.shelter} fra {self.admitted:%d.%m.%Y}"
